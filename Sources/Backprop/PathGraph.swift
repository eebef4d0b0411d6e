/// The chain-rule paths of one parameter as a layered graph, per example.
///
/// Levels run from the loss down: L → ŷ_o → a_{L q} → h_{L−1 p} → a_{L−1 r} → … → a_{l i}
/// → parameter. Each edge is a local derivative read from the forward cache (the notes'
/// stored local derivatives). A softmax layer joins every a to every h (its full Jacobian);
/// an element-wise layer joins a_p to h_p only. The `limit` largest paths by magnitude are
/// found by a k-best dynamic programme over the levels, so the work is
/// O(edges × limit) however many paths there are.
struct PathGraph {
    let network: Network
    let cache: ForwardCache
    let gradients: Gradients
    let parameter: ParameterID
    /// Start the paths at ∂L/∂a_L (the fused factor, from the logits) instead of going through
    /// ŷ: used where some ∂L/∂ŷ is beyond the float64 range, so that no path is ∞ · 0.
    var fusedOutput = false

    /// One level's nodes and how to reach them from the level above.
    private struct Level {
        let nodes: [PathNode]
        /// edges[t] = (source index in the level above, local derivative ∂(source)/∂(target)).
        let edges: [[(source: Int, value: Double)]]
    }

    /// A partial path ending at a node: its magnitude's log (for ranking without underflow),
    /// its signed product, and where it came from.
    private struct Candidate {
        var logMagnitude: Double
        var product: Double
        var parentRank: Int
        var parentNode: Int
    }

    struct Found {
        var paths: [ChainPath]
        var sum: Double
    }

    /// Builds the levels for example `e` (0-based).
    private func levels(example e: Int) -> [Level] {
        let L = network.depth
        let l = parameter.layer
        var levels: [Level] = []
        let outputs = network.outputSize
        var k = L
        if fusedOutput {
            // L → a_{L q} directly.
            let units = (0..<outputs).filter { k != l || $0 == parameter.unit - 1 }
            levels.append(Level(nodes: units.map { .preActivation(layer: L, unit: $0 + 1) },
                                edges: units.map { q in [(0, gradients.dA(L)[e, q])] }))
            if k > l {
                let w = network.layers[L - 1].weights
                levels.append(Level(nodes: (1...network.layers[L - 2].units).map { .activation(layer: L - 1, unit: $0) },
                                    edges: (0..<network.layers[L - 2].units).map { p in units.indices.map { t in (t, w[units[t], p]) } }))
            }
            k -= 1
        } else {
            // L → ŷ_o
            levels.append(Level(nodes: (1...outputs).map { .output($0) },
                                edges: (0..<outputs).map { o in [(0, gradients.dyhat[e, o])] }))
        }
        // ŷ_o → a_{L q} (or h_{L−1} → a_{L−1}), then downwards.
        while k >= l {
            let layer = network.layers[k - 1]
            let a = cache.a(k).row(e)
            let h = cache.h(k).row(e)
            let n = layer.units
            let onlyUnit = (k == l) ? parameter.unit - 1 : nil
            var aEdges: [[(source: Int, value: Double)]] = []
            var aNodes: [PathNode] = []
            for q in 0..<n {
                if let only = onlyUnit, q != only { continue }
                aNodes.append(.preActivation(layer: k, unit: q + 1))
                if layer.activation == .softmax {
                    aEdges.append((0..<n).map { p in (p, layer.activation.jacobian(p: p, q: q, a: a, h: h)) })
                } else {
                    aEdges.append([(q, layer.activation.derivative(a: a[q], h: h[q]))])
                }
            }
            levels.append(Level(nodes: aNodes, edges: aEdges))
            if k == l { break }
            // a_{k q} → h_{k−1 p}: ∂a_{k q}/∂h_{k−1 p} = W_k[q, p]
            let below = network.layers[k - 2].units
            let w = layer.weights
            levels.append(Level(nodes: (1...below).map { .activation(layer: k - 1, unit: $0) },
                                edges: (0..<below).map { p in (0..<n).map { q in (q, w[q, p]) } }))
            k -= 1
        }
        // a_{l i} → parameter
        let last: Double
        switch parameter {
        case let .weight(_, _, j): last = cache.h(l - 1)[e, j - 1]
        case .bias: last = 1
        }
        levels.append(Level(nodes: [.parameter(parameter)], edges: [[(0, last)]]))
        return levels
    }

    /// The `limit` largest paths of example `e` and the sum over all of its paths.
    /// `shouldStop` is polled for every node (with a large limit one level can take seconds).
    func search(example e: Int, limit: Int, shouldStop: () -> Bool = { false }) throws(BackpropError) -> Found {
        let levels = levels(example: e)
        // The level above the first is the loss: one node with one empty path.
        var sums: [Double] = [1]
        var best: [[Candidate]] = [[Candidate(logMagnitude: 0, product: 1, parentRank: -1, parentNode: -1)]]
        var history: [[[Candidate]]] = []
        var topOrder: [Int] = []
        for level in levels {
            var nextSums = [Double](repeating: 0, count: level.nodes.count)
            var nextBest: [[Candidate]] = []
            nextBest.reserveCapacity(level.nodes.count)
            var pool: [Candidate] = []
            for (t, incoming) in level.edges.enumerated() {
                pool.removeAll(keepingCapacity: true)
                if shouldStop() { throw BackpropError.interrupted }
                for (s, value) in incoming {
                    nextSums[t] += sums[s] * value
                    let logValue = log(abs(value))
                    for (rank, c) in best[s].enumerated() {
                        pool.append(Candidate(logMagnitude: c.logMagnitude + logValue, product: c.product * value,
                                              parentRank: rank, parentNode: s))
                    }
                }
                nextBest.append(PathGraph.largest(pool, limit))
            }
            history.append(best)
            topOrder.append(level.nodes.count)
            sums = nextSums
            best = nextBest
        }
        history.append(best)
        // Walk back from the parameter's candidates to the loss.
        var found: [ChainPath] = []
        let finalCandidates = best.first ?? []
        for start in finalCandidates.indices {
            var nodesTopDown: [PathNode] = []
            var values: [Double] = []
            var node = 0
            var rank = start
            for depth in stride(from: levels.count - 1, through: 0, by: -1) {
                let c = history[depth + 1][node][rank]
                nodesTopDown.append(levels[depth].nodes[node])
                // The edge value is the ratio of products only when nonzero; recompute it instead.
                let edge = levels[depth].edges[node].first(where: { $0.source == c.parentNode })?.value ?? 0
                values.append(edge)
                node = c.parentNode
                rank = c.parentRank
            }
            nodesTopDown.reverse()
            values.reverse()
            var factors: [PathFactor] = []
            var above: PathNode = .loss
            for (n, v) in zip(nodesTopDown, values) {
                factors.append(PathFactor(numerator: above, denominator: n, value: v))
                above = n
            }
            found.append(ChainPath(example: e + 1, factors: factors, product: finalCandidates[start].product))
        }
        return Found(paths: found, sum: sums.first ?? 0)
    }

    /// The `k` candidates of largest magnitude, largest first (ties keep their order).
    private static func largest(_ pool: [Candidate], _ k: Int) -> [Candidate] {
        guard k > 0 else { return [] }
        if pool.count <= k {
            return pool.enumerated().sorted { ($0.element.logMagnitude, -$0.offset) > ($1.element.logMagnitude, -$1.offset) }.map(\.element)
        }
        if k > 32 {
            // Large limits (listing every path of a mid-sized network): sort once.
            let sorted = pool.enumerated().sorted { ($0.element.logMagnitude, -$0.offset) > ($1.element.logMagnitude, -$1.offset) }
            return sorted.prefix(k).map(\.element)
        }
        // Keep a small sorted buffer: k is small (tens), pools are up to k × width.
        var top: [Candidate] = []
        top.reserveCapacity(k + 1)
        for c in pool {
            if top.count == k, let last = top.last, !(c.logMagnitude > last.logMagnitude) { continue }
            var i = top.count
            while i > 0, top[i - 1].logMagnitude < c.logMagnitude { i -= 1 }
            top.insert(c, at: i)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    /// Paths in reading order: by example, then by the node nearest the parameter upwards
    /// (for w131: via a21 then ŷ1, a21 then ŷ2, a22 then ŷ1, a22 then ŷ2).
    func naturalOrder(_ paths: [ChainPath]) -> [ChainPath] {
        func key(_ p: ChainPath) -> [Int] {
            [p.example] + p.factors.reversed().map { f in
                switch f.denominator {
                case .loss: return 0
                case let .output(o): return o
                case let .preActivation(_, i), let .activation(_, i): return i
                case .parameter: return 0
                }
            }
        }
        return paths.sorted { key($0).lexicographicallyPrecedes(key($1)) }
    }
}
