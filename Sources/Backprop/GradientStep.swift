/// One parameter's change in a gradient-descent step.
public struct ParameterChange: Sendable, Equatable {
    public let parameter: ParameterID
    public let old: Double
    public let gradient: Double
    public let new: Double
}

/// The outcome of one gradient-descent step on a batch.
public struct StepResult: Sendable {
    public let eta: Double
    public let lossBefore: Double
    public let lossAfter: Double
    /// Every parameter's change, in `parameterIDs` order.
    public let changes: [ParameterChange]
}

extension Network {
    /// θ ← θ − η∇θ for every parameter that is not frozen, from a forward/backward on (x, y).
    public mutating func applyGradients(_ g: Gradients, eta: Double) {
        for k in layers.indices {
            let dW = g.dW[k]
            let frozen = layers[k].frozenWeights
            layers[k].weights.storage.withUnsafeMutableBufferPointer { w in
                dW.storage.withUnsafeBufferPointer { d in
                    if frozen.isEmpty {
                        for i in 0..<w.count { w[i] -= eta * d[i] }
                    } else {
                        for i in 0..<w.count where !frozen[i] { w[i] -= eta * d[i] }
                    }
                }
            }
            for i in layers[k].bias.indices where !layers[k].isBiasFrozen(i) { layers[k].bias[i] -= eta * g.db[k][i] }
        }
    }

    /// One gradient-descent step; fails (changing nothing) if eta is not a positive finite number
    /// or a value turns non-finite.
    public mutating func step(x: Matrix, y: Matrix, eta: Double) throws(BackpropError) -> StepResult {
        try Network.validate(eta: eta)
        let (cache, grads) = try gradients(x: x, y: y)
        if let place = cache.firstNonFinite ?? grads.firstNonFinite { throw BackpropError.nonFinite(location: place) }
        try Cancellation.check()
        var next = self
        next.applyGradients(grads, eta: eta)
        let after = try next.forward(x, targets: y)
        if let place = next.firstNonFiniteParameter ?? after.firstNonFinite {
            throw BackpropError.nonFinite(location: "\(place) after the step")
        }
        var changes: [ParameterChange] = []
        changes.reserveCapacity(parameterCount)
        for p in parameterIDs {
            // An interrupt stops a large network's bookkeeping too (every 2^16 parameters).
            if changes.count & 0xFFFF == 0 { try Cancellation.check() }
            changes.append(ParameterChange(parameter: p, old: (try? value(of: p)) ?? .nan,
                                           gradient: grads.value(of: p), new: (try? next.value(of: p)) ?? .nan))
        }
        let result = StepResult(eta: eta, lossBefore: cache.loss ?? .nan, lossAfter: after.loss ?? .nan, changes: changes)
        self = next
        return result
    }

    /// The first parameter that is NaN or infinite, named.
    public var firstNonFiniteParameter: String? {
        for (k, layer) in layers.enumerated() {
            if let (r, c) = layer.weights.firstNonFinite { return ParameterID.weight(layer: k + 1, row: r + 1, column: c + 1).description }
            if let i = layer.bias.firstIndex(where: { !$0.isFinite }) { return ParameterID.bias(layer: k + 1, unit: i + 1).description }
        }
        return nil
    }

    /// The learning rates `step` and `train` accept.
    public static let etaBounds = Bounds.positive
    /// The learning rate `step` and `train` use when none is given.
    public static let defaultEta = 1.0

    static func validate(eta: Double) throws(BackpropError) {
        guard etaBounds.contains(eta) else {
            throw BackpropError.invalidArgument("eta must be a positive finite number, not \(eta)")
        }
    }
}
