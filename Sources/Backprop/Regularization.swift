/// L2 regularisation, two ways, as PyTorch users meet them.
///
/// - `l2 λ` adds (λ/2)·Σθ² to the loss, over every weight **and bias** (so that it matches
///   PyTorch's `weight_decay` on `model.parameters()`, which decays biases too; CS231n's
///   0.5·reg·ΣW² leaves the biases out). The loss shown includes the term and `backward`'s
///   gradients include its λθ.
/// - `weight_decay λ` (`Optimizer.weightDecay`) leaves the loss alone and adds λθ to the gradient
///   inside the optimiser step, before the rule (PyTorch's `weight_decay`).
///
/// With the ½, both give every optimiser here (SGD, momentum, RMSprop, Adam) the same gradient
/// g + λθ and so the same parameters step by step; they differ in what is shown: the loss with
/// or without (λ/2)·Σθ², and ∇θ in `backward` with or without λθ. (They stop coinciding only for
/// decoupled decay, AdamW's θ ← θ − ηλθ beside the Adam step, which is not implemented.) Using
/// both at once adds 2λθ.
extension Network {
    /// Every parameter in `parameterIDs` order (W1 row by row, b1, W2, b2, …).
    public var flatParameters: [Double] {
        var out: [Double] = []
        out.reserveCapacity(parameterCount)
        for layer in layers {
            out += layer.weights.storage
            out += layer.bias
        }
        return out
    }

    /// Sets every parameter from `parameterIDs` order; fails, changing nothing, on a wrong
    /// count or a non-finite value.
    public mutating func setFlatParameters(_ values: [Double]) throws(BackpropError) {
        guard values.count == parameterCount else {
            throw BackpropError.invalidArgument("the network has \(parameterCount) parameters, not \(values.count)")
        }
        if let k = values.firstIndex(where: { !$0.isFinite }) {
            throw BackpropError.invalidArgument("parameter \(k + 1) must be a finite number, not \(values[k])")
        }
        var offset = 0
        for k in layers.indices {
            let w = layers[k].weights.storage.count, b = layers[k].bias.count
            layers[k].weights.storage = Array(values[offset..<(offset + w)])
            layers[k].bias = Array(values[(offset + w)..<(offset + w + b)])
            offset += w + b
        }
    }

    /// (λ/2)·Σθ² over every weight and bias.
    public func l2Penalty(_ lambda: Double) -> Double {
        guard lambda != 0 else { return 0 }
        var s = 0.0
        for layer in layers {
            for w in layer.weights.storage { s += w * w }
            for b in layer.bias { s += b * b }
        }
        return 0.5 * lambda * s
    }

    static func validate(l2 lambda: Double) throws(BackpropError) {
        guard lambda.isFinite, lambda >= 0 else {
            throw BackpropError.invalidArgument("the l2 factor must be a finite number ≥ 0, not \(lambda)")
        }
    }
}

extension Gradients {
    /// ∂L/∂θ in `parameterIDs` order.
    public var flat: [Double] {
        var out: [Double] = []
        for l in dW.indices {
            out += dW[l].storage
            out += db[l]
        }
        return out
    }

    /// The gradients of L + (λ/2)·Σθ²: λθ added to every ∇W_l and ∇b_l (∇a, ∇h are unchanged:
    /// the term depends on the parameters only).
    public func addingL2(_ lambda: Double, of network: Network) -> Gradients {
        guard lambda != 0 else { return self }
        var dW = self.dW, db = self.db
        for l in dW.indices where l < network.layers.count {
            let w = network.layers[l].weights.storage
            for i in dW[l].storage.indices where i < w.count { dW[l].storage[i] += lambda * w[i] }
            let b = network.layers[l].bias
            for i in db[l].indices where i < b.count { db[l][i] += lambda * b[i] }
        }
        return Gradients(dyhat: dyhat, da: da, dh: dh, dW: dW, db: db)
    }
}
