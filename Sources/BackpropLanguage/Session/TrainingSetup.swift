import Backprop

/// What `optimizer`, `weight_decay`, `l2` and `split` set: the update rule with its state, the
/// l2 term of the loss, and the held-out part of the data. `step` and `train` use it.
struct TrainingSetup: Sendable {
    /// The rule and weight decay (plain SGD by default).
    var optimizer = Optimizer.sgd
    /// The learning rate `optimizer … eta N` set (or the rule's PyTorch default); step and train
    /// use it when they are given no eta. nil: the language's default (1).
    var eta: Double? = nil
    /// What the optimiser remembers (velocity, m, v, t); nil until the first step. Cleared when
    /// the network or the optimiser changes.
    var state: OptimizerState? = nil
    /// λ of the (λ/2)·Σθ² term added to the loss.
    var l2 = 0.0
    /// `split FRACTION seed N`: the fraction of the examples trained on; the rest are held out.
    var split: (fraction: Double, seed: UInt64)? = nil

    /// Whether step shows the original gradient-descent table (no optimiser state, no l2).
    var isPlain: Bool { optimizer.isPlainSGD && l2 == 0 }

    /// The state to continue with on `network`: the kept one when it fits, else a fresh one.
    func state(for network: Network) -> OptimizerState {
        if let state, state.fits(optimizer, count: network.parameterCount) { return state }
        return OptimizerState(optimizer, count: network.parameterCount)
    }
}
