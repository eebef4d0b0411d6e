/// The chain rule spelled out for one parameter: every path from the loss down to it.
public struct PathExplanation: Sendable {
    public let parameter: ParameterID
    /// ∂L/∂parameter from the backward pass.
    public let gradient: Double
    /// The sum over ALL paths, computed on the path graph itself (sum–product over the same
    /// local derivatives), so it can be compared with the backward gradient.
    public let pathSum: Double
    /// The exact number of paths (over all examples of the batch).
    public let pathCount: ExactCount
    /// The listed paths: all of them, or the `limit` largest by magnitude.
    public let paths: [ChainPath]
    /// Set where ∂L/∂ŷ (of this 1-based example and unit) is beyond the float64 range: the
    /// paths then start at the fused factor ∂L/∂a_L instead of ∂L/∂ŷ · ∂ŷ/∂a_L.
    public let outputOverflow: (example: Int, unit: Int)?
    /// True when `paths` holds every path.
    public var isComplete: Bool { pathCount.intValue == paths.count }
    /// The sum of the listed paths only.
    public var listedSum: Double { paths.reduce(0) { $0 + $1.product } }
    /// The path limits the `explain` statement accepts (the language checks it when parsing;
    /// the engine itself lists any number asked for), and the one it uses when none is given.
    public static let limitRange = 1...10_000
    public static let defaultLimit = 20
}

extension Network {
    /// The exact number of chain-rule paths from the loss to a parameter of layer `l`:
    /// m × Π_{k=l+1…L} n_k·(n_k if layer k is softmax, else 1) × (n_l if layer l is softmax, else 1).
    /// With `fusedOutput` the paths start at ∂L/∂a_L: the output layer's softmax fan is gone.
    public func pathCount(toLayer l: Int, examples m: Int, fusedOutput: Bool = false) -> ExactCount {
        var count = ExactCount(UInt64(max(m, 0)))
        for k in (l + 1)...max(depth, l + 1) where k <= depth {
            let layer = layers[k - 1]
            count = count.multiplied(by: layer.units)
            if layer.activation == .softmax, !(fusedOutput && k == depth) { count = count.multiplied(by: layer.units) }
        }
        if l >= 1, l <= depth, layers[l - 1].activation == .softmax, !(fusedOutput && l == depth) {
            count = count.multiplied(by: layers[l - 1].units)
        }
        return count
    }

    /// Explains ∂L/∂`parameter` on the batch: lists every path (or the `limit` largest by
    /// magnitude, found without enumerating them all) and the exact count.
    ///
    /// `shouldStop` is polled for every node of every layer; when it returns true the explanation ends early
    /// with `BackpropError.interrupted`.
    public func explain(_ parameter: ParameterID, x: Matrix, y: Matrix, limit: Int = PathExplanation.defaultLimit,
                        shouldStop: () -> Bool = { false }) throws(BackpropError) -> PathExplanation {
        try validate(parameter)
        let (cache, grads) = try gradients(x: x, y: y)
        let overflow = grads.outputOverflow
        var graph = PathGraph(network: self, cache: cache, gradients: grads, parameter: parameter)
        graph.fusedOutput = overflow != nil
        var best: [ChainPath] = []
        var total = 0.0
        for e in 0..<x.rows {
            if shouldStop() { throw BackpropError.interrupted }
            let result = try graph.search(example: e, limit: max(limit, 0), shouldStop: shouldStop)
            total += result.sum
            best.append(contentsOf: result.paths)
        }
        best.sort { abs($0.product) > abs($1.product) }
        if best.count > limit { best.removeLast(best.count - max(limit, 0)) }
        // Keep the natural order (by example, then by first node) when everything is listed.
        let count = pathCount(toLayer: parameter.layer, examples: x.rows, fusedOutput: graph.fusedOutput)
        if count.intValue == best.count {
            best = graph.naturalOrder(best)
        }
        return PathExplanation(parameter: parameter, gradient: grads.value(of: parameter),
                               pathSum: total, pathCount: count, paths: best, outputOverflow: overflow)
    }
}
