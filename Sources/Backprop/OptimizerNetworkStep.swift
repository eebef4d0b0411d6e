/// One parameter's row in an optimiser step's table.
public struct OptimizerParameterStep: Sendable, Equatable {
    public let parameter: ParameterID
    public let old: Double
    /// ∂L/∂θ from backward (with the l2 term's λθ when `l2` > 0).
    public let gradient: Double
    /// What the rule used: the gradient + λθ with weight decay λ.
    public let used: Double
    public let velocity: Double?
    public let m: Double?
    public let mHat: Double?
    public let v: Double?
    public let vHat: Double?
    public let update: Double
    public let new: Double
}

/// The outcome of one optimiser step on a batch: the arithmetic `step` shows.
public struct OptimizerStepResult: Sendable {
    public let eta: Double
    public let optimizer: Optimizer
    public let l2: Double
    /// This step's number t, from 1, and Adam's 1 − β₁ᵗ, 1 − β₂ᵗ.
    public let t: Int
    public let biasCorrection1: Double?
    public let biasCorrection2: Double?
    /// The data loss and the l2 term (λ/2)·Σθ² before and after the step; the loss minimised
    /// is their sum.
    public let dataLossBefore: Double
    public let penaltyBefore: Double
    public let dataLossAfter: Double
    public let penaltyAfter: Double
    public var lossBefore: Double { dataLossBefore + penaltyBefore }
    public var lossAfter: Double { dataLossAfter + penaltyAfter }
    /// Every parameter, in `parameterIDs` order.
    public let changes: [OptimizerParameterStep]
}

extension Network {
    /// One step of `state.optimizer` on (x, y), with an l2 term (λ/2)·Σθ² in the loss. The state
    /// must fit this network (`OptimizerState(optimizer, count: parameterCount)` to start); it and
    /// the network change only when the step succeeds.
    public mutating func step(x: Matrix, y: Matrix, eta: Double, l2: Double = 0,
                              state: inout OptimizerState) throws(BackpropError) -> OptimizerStepResult {
        try Network.validate(eta: eta)
        try Network.validate(l2: l2)
        try state.optimizer.validate()
        guard state.count == parameterCount else {
            throw BackpropError.invalidArgument("the optimiser state is for \(state.count) parameters, the network has \(parameterCount)")
        }
        let (cache, raw) = try gradients(x: x, y: y)
        if let place = cache.firstNonFinite ?? raw.firstNonFinite { throw BackpropError.nonFinite(location: place) }
        try Cancellation.check()
        let grads = raw.addingL2(l2, of: self)
        var nextState = state
        let theta = flatParameters
        // A frozen parameter gets no gradient and keeps its value, as in `Trainer` (its weight
        // decay may still move the optimiser's buffers).
        let mask = updateMask
        var ruleGradient = grads.flat
        if let mask { for k in ruleGradient.indices where mask[k] == 0 { ruleGradient[k] = 0 } }
        let detail = try nextState.step(parameters: theta, gradients: ruleGradient, eta: eta)
        var newParameters = detail.new
        if let mask { for k in newParameters.indices where mask[k] == 0 { newParameters[k] = theta[k] } }
        var next = self
        try next.setFlatParameters(newParameters)
        let after = try next.forward(x, targets: y)
        if let place = after.firstNonFinite { throw BackpropError.nonFinite(location: "\(place) after the step") }
        let ids = parameterIDs
        try Cancellation.check()
        let flatGradient = grads.flat
        var changes: [OptimizerParameterStep] = []
        changes.reserveCapacity(ids.count)
        for (k, p) in ids.enumerated() {
            if k & 0xFFFF == 0 { try Cancellation.check() }
            changes.append(OptimizerParameterStep(
                parameter: p, old: theta[k], gradient: flatGradient[k], used: detail.gradient[k],
                velocity: detail.velocity?[k], m: detail.m?[k], mHat: detail.mHat?[k], v: detail.v?[k],
                vHat: detail.vHat?[k], update: mask.map { $0[k] == 0 ? 0 : detail.update[k] } ?? detail.update[k],
                new: newParameters[k]))
        }
        let result = OptimizerStepResult(
            eta: eta, optimizer: state.optimizer, l2: l2, t: detail.t, biasCorrection1: detail.biasCorrection1,
            biasCorrection2: detail.biasCorrection2, dataLossBefore: cache.loss ?? .nan, penaltyBefore: l2Penalty(l2),
            dataLossAfter: after.loss ?? .nan, penaltyAfter: next.l2Penalty(l2), changes: changes)
        self = next
        state = nextState
        return result
    }
}
