/// Parameters that `step` and `train` leave as they are (`freeze b1`, `freeze biases`).
///
/// Each layer keeps one flag per weight and per bias, allocated only once something in the
/// layer is frozen, so an unfrozen network pays nothing.
public enum ParameterSelection: Sendable, Equatable {
    case all
    case weights
    case biases
    case weightMatrix(layer: Int)
    case biasVector(layer: Int)
    case parameter(ParameterID)
}

extension Layer {
    /// Whether W[i, j] (0-based) is frozen.
    @inline(__always)
    func isWeightFrozen(_ k: Int) -> Bool { !frozenWeights.isEmpty && frozenWeights[k] }
    @inline(__always)
    func isBiasFrozen(_ i: Int) -> Bool { !frozenBias.isEmpty && frozenBias[i] }

    mutating func setWeightFrozen(_ k: Int, _ value: Bool) {
        if frozenWeights.isEmpty { guard value else { return }; frozenWeights = Array(repeating: false, count: weights.storage.count) }
        frozenWeights[k] = value
        if !value, !frozenWeights.contains(true) { frozenWeights = [] }
    }

    mutating func setBiasFrozen(_ i: Int, _ value: Bool) {
        if frozenBias.isEmpty { guard value else { return }; frozenBias = Array(repeating: false, count: bias.count) }
        frozenBias[i] = value
        if !value, !frozenBias.contains(true) { frozenBias = [] }
    }

    mutating func setAllWeightsFrozen(_ value: Bool) {
        frozenWeights = value ? Array(repeating: true, count: weights.storage.count) : []
    }

    mutating func setAllBiasFrozen(_ value: Bool) {
        frozenBias = value ? Array(repeating: true, count: bias.count) : []
    }
}

extension Network {
    /// Whether `step` and `train` leave the parameter unchanged.
    public func isFrozen(_ p: ParameterID) -> Bool {
        guard p.layer >= 1, p.layer <= depth else { return false }
        let layer = layers[p.layer - 1]
        switch p {
        case let .weight(_, i, j):
            guard i >= 1, i <= layer.units, j >= 1, j <= layer.inputs else { return false }
            return layer.isWeightFrozen((i - 1) * layer.inputs + (j - 1))
        case let .bias(_, i):
            guard i >= 1, i <= layer.units else { return false }
            return layer.isBiasFrozen(i - 1)
        }
    }

    /// How many parameters are frozen.
    public var frozenCount: Int {
        layers.reduce(0) { $0 + $1.frozenWeights.lazy.filter { $0 }.count + $1.frozenBias.lazy.filter { $0 }.count }
    }

    public var hasFrozenParameters: Bool { layers.contains { !$0.frozenWeights.isEmpty || !$0.frozenBias.isEmpty } }

    /// Freezes (or unfreezes) a selection; an unknown layer or parameter is an error that
    /// changes nothing.
    public mutating func setFrozen(_ frozen: Bool, _ selection: ParameterSelection) throws(BackpropError) {
        switch selection {
        case .all:
            for k in layers.indices { layers[k].setAllWeightsFrozen(frozen); layers[k].setAllBiasFrozen(frozen) }
        case .weights:
            for k in layers.indices { layers[k].setAllWeightsFrozen(frozen) }
        case .biases:
            for k in layers.indices { layers[k].setAllBiasFrozen(frozen) }
        case let .weightMatrix(l):
            _ = try layer(l)
            layers[l - 1].setAllWeightsFrozen(frozen)
        case let .biasVector(l):
            _ = try layer(l)
            layers[l - 1].setAllBiasFrozen(frozen)
        case let .parameter(p):
            try validate(p)
            let layer = layers[p.layer - 1]
            switch p {
            case let .weight(l, i, j): layers[l - 1].setWeightFrozen((i - 1) * layer.inputs + (j - 1), frozen)
            case let .bias(l, i): layers[l - 1].setBiasFrozen(i - 1, frozen)
            }
        }
    }

    /// One rate factor per parameter in the trainer's flat order (W1 row by row, b1, W2, …):
    /// 0 for a frozen parameter, 1 otherwise; nil when nothing is frozen.
    var updateMask: [Double]? {
        guard hasFrozenParameters else { return nil }
        var mask: [Double] = []
        mask.reserveCapacity(parameterCount)
        for layer in layers {
            for k in 0..<layer.weights.storage.count { mask.append(layer.isWeightFrozen(k) ? 0 : 1) }
            for i in 0..<layer.bias.count { mask.append(layer.isBiasFrozen(i) ? 0 : 1) }
        }
        return mask
    }
}
