/// One parameter of a `LayeredNetwork`, 1-based as the notes index W: w_{l i j}, b_{l i},
/// the conv kernel entry k_{l f c i j}, and batch norm's γ_{l i} and β_{l i}.
public enum LayerParameter: Hashable, Sendable, CustomStringConvertible {
    case weight(layer: Int, row: Int, column: Int)
    case bias(layer: Int, unit: Int)
    case kernel(layer: Int, filter: Int, channel: Int, row: Int, column: Int)
    case gamma(layer: Int, unit: Int)
    case beta(layer: Int, unit: Int)

    public var layer: Int {
        switch self {
        case let .weight(l, _, _), let .bias(l, _), let .kernel(l, _, _, _, _), let .gamma(l, _), let .beta(l, _): return l
        }
    }

    /// `w212`, `k11123`, `gamma21`, `beta[2,13]`.
    public var description: String {
        switch self {
        case let .weight(l, i, j): return UnitName.join("w", [l, i, j])
        case let .bias(l, i): return UnitName.join("b", [l, i])
        case let .kernel(l, f, c, i, j): return UnitName.join("k", [l, f, c, i, j])
        case let .gamma(l, i): return UnitName.join("gamma", [l, i])
        case let .beta(l, i): return UnitName.join("beta", [l, i])
        }
    }
}

extension LayeredNetwork {
    /// Where a parameter lives: (layer index, which array, flat offset), or an error naming the range.
    private func slot(_ p: LayerParameter) throws(BackpropError) -> (Int, Int, Int) {
        let layer = try self.layer(p.layer), k = p.layer - 1
        switch p {
        case let .weight(l, i, j):
            guard case .dense = layer.kind else { throw BackpropError.invalidArgument("layer \(l) is \(layer.kind.label): it has no W") }
            guard (1...layer.weights.rows).contains(i), (1...layer.weights.cols).contains(j) else {
                throw BackpropError.indexOutOfRange(what: "w", index: [l, i, j], limits: [depth, layer.weights.rows, layer.weights.cols])
            }
            return (k, 0, (i - 1) * layer.weights.cols + j - 1)
        case let .kernel(l, f, c, i, j):
            guard case let .conv(filters, kh, kw, _, _) = layer.kind else {
                throw BackpropError.invalidArgument("layer \(l) is \(layer.kind.label): it has no kernels K\(l)")
            }
            let channels = layer.inputShape.channels
            guard (1...filters).contains(f), (1...channels).contains(c), (1...kh).contains(i), (1...kw).contains(j) else {
                throw BackpropError.indexOutOfRange(what: "k", index: [l, f, c, i, j], limits: [depth, filters, channels, kh, kw])
            }
            return (k, 0, (f - 1) * layer.weights.cols + ((c - 1) * kh + i - 1) * kw + j - 1)
        case let .bias(l, i):
            guard (1...max(1, layer.bias.count)).contains(i), !layer.bias.isEmpty else {
                if layer.bias.isEmpty { throw BackpropError.invalidArgument("layer \(l) is \(layer.kind.label): it has no b") }
                throw BackpropError.indexOutOfRange(what: "b", index: [l, i], limits: [depth, layer.bias.count])
            }
            return (k, 1, i - 1)
        case let .gamma(l, i), let .beta(l, i):
            let which = if case .gamma = p { 2 } else { 3 }
            guard layer.batchNorm else { throw BackpropError.invalidArgument("layer \(l) has no batch norm, so no γ or β") }
            guard (1...layer.gamma.count).contains(i) else {
                throw BackpropError.indexOutOfRange(what: which == 2 ? "gamma" : "beta", index: [l, i], limits: [depth, layer.gamma.count])
            }
            return (k, which, i - 1)
        }
    }

    public func validate(_ p: LayerParameter) throws(BackpropError) { _ = try slot(p) }

    public func value(of p: LayerParameter) throws(BackpropError) -> Double {
        let (k, which, i) = try slot(p)
        switch which {
        case 0: return layers[k].weights.storage[i]
        case 1: return layers[k].bias[i]
        case 2: return layers[k].gamma[i]
        default: return layers[k].beta[i]
        }
    }

    public mutating func set(_ p: LayerParameter, to v: Double) throws(BackpropError) {
        let (k, which, i) = try slot(p)
        guard v.isFinite else { throw BackpropError.invalidArgument("\(p) must be a finite number, not \(v)") }
        switch which {
        case 0: layers[k].weights.storage[i] = v
        case 1: layers[k].bias[i] = v
        case 2: layers[k].gamma[i] = v
        default: layers[k].beta[i] = v
        }
    }

    /// Every parameter, layer by layer: W (or K) in storage order, b, γ, β.
    public var parameterIDs: [LayerParameter] {
        var ids: [LayerParameter] = []
        for (k, layer) in layers.enumerated() {
            let l = k + 1
            switch layer.kind {
            case .dense:
                for i in 1...layer.weights.rows { for j in 1...layer.weights.cols { ids.append(.weight(layer: l, row: i, column: j)) } }
            case let .conv(f, kh, kw, _, _):
                for a in 1...f { for c in 1...layer.inputShape.channels { for i in 1...kh { for j in 1...kw {
                    ids.append(.kernel(layer: l, filter: a, channel: c, row: i, column: j))
                } } } }
            default: break
            }
            for i in layer.bias.indices { ids.append(.bias(layer: l, unit: i + 1)) }
            for i in layer.gamma.indices { ids.append(.gamma(layer: l, unit: i + 1)) }
            for i in layer.beta.indices { ids.append(.beta(layer: l, unit: i + 1)) }
        }
        return ids
    }
}

extension LayeredGradients {
    /// ∂L/∂p for one parameter of `network` (0 for one it does not have).
    public func value(of p: LayerParameter, in network: LayeredNetwork) -> Double {
        guard p.layer >= 1, p.layer <= layers.count else { return 0 }
        let g = layers[p.layer - 1]
        switch p {
        case let .weight(_, i, j): return g.dWeights[i - 1, j - 1]
        case let .kernel(l, f, c, i, j):
            guard case let .conv(_, kh, kw, _, _) = network.layers[l - 1].kind else { return 0 }
            return g.dWeights[f - 1, ((c - 1) * kh + i - 1) * kw + j - 1]
        case let .bias(_, i): return g.dBias[i - 1]
        case let .gamma(_, i): return g.batchNorm?.dgamma[i - 1] ?? 0
        case let .beta(_, i): return g.batchNorm?.dbeta[i - 1] ?? 0
        }
    }
}

/// One entry of a layered gradient check.
public struct LayeredCheckEntry: Sendable {
    public let parameter: LayerParameter
    public let analytic: Double
    public let numeric: Double
    public let relativeError: Double
    public let passed: Bool
}

extension LayeredNetwork {
    /// Central differences (L(θ+ε) − L(θ−ε)) / 2ε against the analytic gradient, every
    /// parameter and, with `inputs`, every input value; dropout masks are the same in every
    /// pass (one seed), so the loss is a deterministic function of θ.
    public func gradientCheck(x: Matrix, y: Matrix, eps: Double = GradientCheckResult.defaultEps,
                              shouldStop: () -> Bool = { false }) throws(BackpropError) -> [LayeredCheckEntry] {
        try gradientCheck(x: x, y: y, eps: eps, mistake: .none, shouldStop: shouldStop)
    }

    func gradientCheck(x: Matrix, y: Matrix, eps: Double, mistake: BackwardMistake,
                       shouldStop: () -> Bool = { false }) throws(BackpropError) -> [LayeredCheckEntry] {
        guard GradientCheckResult.epsBounds.contains(eps) else {
            throw BackpropError.invalidArgument("eps must be a positive number below 1, not \(eps)")
        }
        let cache = try forward(x, targets: y)
        let grads = try backward(cache, targets: y, mistake: mistake)
        if let place = grads.firstNonFinite { throw BackpropError.nonFinite(location: place) }
        var probe = self
        var entries: [LayeredCheckEntry] = []
        for p in parameterIDs {
            if shouldStop() { break }
            let original = try value(of: p)
            try probe.set(p, to: original + eps)
            let plus = try probe.loss(x: x, y: y)
            try probe.set(p, to: original - eps)
            let minus = try probe.loss(x: x, y: y)
            try probe.set(p, to: original)
            let numeric = (plus - minus) / (2 * eps)
            guard numeric.isFinite else { throw BackpropError.nonFinite(location: "the loss at \(p) ± ε") }
            let a = grads.value(of: p, in: self)
            let diff = abs(a - numeric), scale = max(abs(a), abs(numeric))
            let relative = scale == 0 ? 0 : diff / scale
            let ok = diff.isFinite && (relative <= GradientCheckResult.relativeTolerance || diff <= GradientCheckResult.absoluteTolerance)
            entries.append(LayeredCheckEntry(parameter: p, analytic: a, numeric: numeric,
                                             relativeError: relative.isNaN ? .infinity : relative, passed: ok))
        }
        return entries
    }
}
