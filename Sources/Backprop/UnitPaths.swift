/// A unit whose gradient `explain` spells out: a pre-activation a_{l i} or an activation
/// h_{l i} (h_{0 j} is the input x_j; h_{L i} is the output ŷ_i).
public enum UnitTarget: Hashable, Sendable, CustomStringConvertible {
    case preActivation(layer: Int, unit: Int)
    case activation(layer: Int, unit: Int)

    public var node: PathNode {
        switch self {
        case let .preActivation(l, i): .preActivation(layer: l, unit: i)
        case let .activation(l, i): .activation(layer: l, unit: i)
        }
    }

    public var description: String { node.description }

    public var unitIndex: Int {
        switch self {
        case let .preActivation(_, i), let .activation(_, i): i
        }
    }
}

/// The chain rule spelled out for one unit: every path from the loss down to it, per example
/// (a unit has one value, and one gradient, per example).
public struct UnitPathExplanation: Sendable {
    public let unit: UnitTarget
    /// ∂L/∂unit from the backward pass, one per example.
    public let gradients: [Double]
    /// The sum over ALL paths of each example, on the path graph itself.
    public let pathSums: [Double]
    public let pathCount: ExactCount
    /// All paths, or the `limit` largest by magnitude.
    public let paths: [ChainPath]
    public var isComplete: Bool { pathCount.intValue == paths.count }
}

extension Network {
    /// Explains ∂L/∂`unit`: the paths to a_{l i} are those to the bias b_{l i} without the last
    /// factor ∂a/∂b = 1; the paths to h_{l i} (l < L) run through every a_{l+1 q}, ending with
    /// ∂a_{l+1 q}/∂h_{l i} = W_{l+1}[q, i]; h_{L i} = ŷ_i has the one path ∂L/∂ŷ_i.
    public func explain(_ unit: UnitTarget, x: Matrix, y: Matrix, limit: Int = PathExplanation.defaultLimit,
                        shouldStop: () -> Bool = { false }) throws(BackpropError) -> UnitPathExplanation {
        let (cache, grads) = try gradients(x: x, y: y)
        let fused = grads.outputOverflow != nil
        let m = x.rows
        var paths: [ChainPath] = []
        var sums = [Double](repeating: 0, count: m)
        var gradient: [Double]
        var count: ExactCount
        switch unit {
        case let .preActivation(l, i):
            try validate(.bias(layer: l, unit: i))
            gradient = grads.dA(l).column(i - 1)
            count = pathCount(toLayer: l, examples: m, fusedOutput: fused)
            var graph = PathGraph(network: self, cache: cache, gradients: grads, parameter: .bias(layer: l, unit: i))
            graph.fusedOutput = fused
            for e in 0..<m {
                if shouldStop() { throw BackpropError.interrupted }
                let found = try graph.search(example: e, limit: max(limit, 0), shouldStop: shouldStop)
                sums[e] = found.sum
                paths += found.paths.map { ChainPath(example: $0.example, factors: Array($0.factors.dropLast()), product: $0.product) }
            }
            paths = graph.naturalOrderIfComplete(paths, count: count, limit: limit)
        case let .activation(l, i):
            guard l >= 0, l <= depth else { throw BackpropError.indexOutOfRange(what: "h", index: [l, i], limits: [depth]) }
            guard (1...sizes[l]).contains(i) else { throw BackpropError.indexOutOfRange(what: "h", index: [l, i], limits: [depth, sizes[l]]) }
            gradient = grads.dH(l).column(i - 1)
            if l == depth {
                if fused {
                    throw BackpropError.invalidArgument("∂L/∂ŷ is beyond the float64 range here (ŷ is within 1e-308 of 0 or 1); explain dL/da\(depth)\(i) instead")
                }
                count = ExactCount(UInt64(m))
                for e in 0..<m {
                    let v = grads.dyhat[e, i - 1]
                    sums[e] = v
                    paths.append(ChainPath(example: e + 1, factors: [PathFactor(numerator: .loss, denominator: .output(i), value: v)], product: v))
                }
            } else {
                let above = layers[l]
                count = pathCount(toLayer: l + 1, examples: m, fusedOutput: fused).multiplied(by: above.units)
                for q in 1...above.units {
                    let w = above.weights[q - 1, i - 1]
                    var graph = PathGraph(network: self, cache: cache, gradients: grads, parameter: .bias(layer: l + 1, unit: q))
                    graph.fusedOutput = fused
                    for e in 0..<m {
                        if shouldStop() { throw BackpropError.interrupted }
                        let found = try graph.search(example: e, limit: max(limit, 0), shouldStop: shouldStop)
                        sums[e] += found.sum * w
                        paths += found.paths.map { p in
                            let last = PathFactor(numerator: .preActivation(layer: l + 1, unit: q), denominator: .activation(layer: l, unit: i), value: w)
                            return ChainPath(example: p.example, factors: Array(p.factors.dropLast()) + [last], product: p.product * w)
                        }
                    }
                }
                // Largest first when not all are listed; otherwise by example, then a_{l+1 q}, as explain reads.
                if count.intValue != nil, paths.count == count.intValue, paths.count <= max(limit, 0) {
                    paths.sort { a, b in a.example != b.example ? a.example < b.example : order(a).lexicographicallyPrecedes(order(b)) }
                } else {
                    paths.sort { abs($0.product) > abs($1.product) }
                    if paths.count > limit { paths.removeLast(paths.count - max(limit, 0)) }
                }
            }
        }
        return UnitPathExplanation(unit: unit, gradients: gradient, pathSums: sums, pathCount: count, paths: paths)
    }

    /// A reading order of the paths of one example: the units from the target upwards.
    private func order(_ p: ChainPath) -> [Int] {
        p.factors.reversed().map { f in
            switch f.numerator {
            case let .preActivation(_, i), let .activation(_, i), let .output(i): return i
            default: return 0
            }
        }
    }
}

extension PathGraph {
    /// All paths in reading order when every one is listed, else the `limit` largest.
    func naturalOrderIfComplete(_ paths: [ChainPath], count: ExactCount, limit: Int) -> [ChainPath] {
        if count.intValue == paths.count { return naturalOrder(paths) }
        var best = paths.sorted { abs($0.product) > abs($1.product) }
        if best.count > limit { best.removeLast(best.count - max(limit, 0)) }
        return best
    }
}
