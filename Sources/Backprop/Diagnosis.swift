/// What a wrong answer matches: the engine recomputes a value the ways learners get it
/// wrong (the notes' missing paths, a forgotten 1/m, the ½ of squared error, the sign,
/// swapped indices, another layer, another loss, the diagonal of softmax's Jacobian) and
/// reports those that give the learner's number. The language only words them.
public enum Mistake: Sendable, Equatable {
    /// The given value is the sum of some chain-rule paths only: `kept` are their 1-based
    /// numbers in `explain`'s order, of `count`; `missingThrough` is the node every missing
    /// path (and no kept one) runs through, `missingExample` the example they all belong to.
    case missingPaths(kept: [Int], count: Int, missingThrough: PathNode?, missingExample: Int?)
    /// m times the value: the sum over the batch, not its mean (the 1/m forgotten).
    case batchSum(m: Int)
    /// 1/m of the value: divided by m twice.
    case batchMeanTwice(m: Int)
    /// Twice or half the value (squared error without or with its ½).
    case twice, half
    case sign
    /// The value of the weight with row and column swapped (w113 for w131).
    case swappedIndices(ParameterID)
    /// The value of the same position in another layer.
    case otherLayer(ParameterID)
    /// The value under another loss.
    case otherLoss(Loss)
    /// Only the diagonal of softmax's Jacobian used (∂ŷ_i/∂a_j for i = j only).
    case diagonalSoftmax
}

/// A value `diagnose` can recompute.
public enum DiagnosedValue: Sendable, Hashable {
    /// ∂L/∂(a weight or bias).
    case gradient(ParameterID)
    /// ∂L/∂(a unit), for a batch of one example (a unit has one value per example).
    case unitGradient(UnitTarget)
    /// The mean loss.
    case loss
}

public struct Diagnosis: Sendable, Equatable {
    public let mistake: Mistake
    /// The value the mistake gives.
    public let value: Double
}

extension Network {
    /// Subsets of at most this many paths are all tried; beyond, the paths avoiding one node
    /// or one example, then a largest-first greedy sum.
    public static let exhaustivePathLimit = 12
    /// Beyond this many paths, missing paths are not looked for (listing them costs too much).
    public static let diagnosedPathLimit = 4096

    /// The mistakes whose value `tolerance` accepts as `given` (and which differ from the
    /// correct value), in the order a teacher would suspect them.
    public func diagnose(_ target: DiagnosedValue, given: Double, tolerance: Tolerance,
                         x: Matrix, y: Matrix) throws(BackpropError) -> [Diagnosis] {
        let correct = try value(of: target, x: x, y: y)
        guard given.isFinite, correct.isFinite, !tolerance.accepts(correct, given) else { return [] }
        var found: [Diagnosis] = []
        func consider(_ mistake: Mistake, _ value: Double) {
            guard value.isFinite, tolerance.accepts(value, given), !tolerance.accepts(value, correct) else { return }
            found.append(Diagnosis(mistake: mistake, value: value))
        }
        if case let .unitGradient(unit) = target {
            let n = try explain(unit, x: x, y: y, limit: 1).pathCount.intValue ?? Int.max
            if n >= 2, n <= Network.diagnosedPathLimit {
                let paths = try explain(unit, x: x, y: y, limit: n).paths
                if let missing = missingPaths(paths, examples: x.rows, given: given, tolerance: tolerance) { found.append(missing) }
            }
        }
        if case let .gradient(p) = target {
            let missing = try missingPaths(p, given: given, tolerance: tolerance, x: x, y: y)
            // Paths missing through one node or example read first; a subset without such a
            // reading after the diagonal softmax (whose paths it usually is).
            var explained = false
            if let missing, case let .missingPaths(_, _, node, example) = missing.mistake, node != nil || example != nil {
                found.append(missing)
                explained = true
            }
            if layers.contains(where: { $0.activation == .softmax }), let d = try diagonalSoftmaxGradient(p, x: x, y: y) {
                consider(.diagonalSoftmax, d)
            }
            if let missing, !explained { found.append(missing) }
        }
        let m = x.rows
        if m > 1, case .gradient = target {
            consider(.batchSum(m: m), correct * Double(m))
            consider(.batchMeanTwice(m: m), correct / Double(m))
        }
        for other in Loss.allCases where other != loss {
            var network = self
            network.loss = other
            guard (try? other.validate(targets: y)) != nil, let v = try? network.value(of: target, x: x, y: y) else { continue }
            consider(.otherLoss(other), v)
        }
        consider(.twice, 2 * correct)
        consider(.half, correct / 2)
        consider(.sign, -correct)
        if case let .gradient(p) = target {
            let (_, g) = try gradients(x: x, y: y)
            if case let .weight(l, i, j) = p, i != j {
                let swapped = ParameterID.weight(layer: l, row: j, column: i)
                if (try? validate(swapped)) != nil { consider(.swappedIndices(swapped), g.value(of: swapped)) }
            }
            for k in 1...max(depth, 1) where k != p.layer && k <= depth {
                let same: ParameterID
                switch p {
                case let .weight(_, i, j): same = .weight(layer: k, row: i, column: j)
                case let .bias(_, i): same = .bias(layer: k, unit: i)
                }
                if (try? validate(same)) != nil { consider(.otherLayer(same), g.value(of: same)) }
            }
        }
        return found
    }

    /// The correct value of a diagnosed quantity.
    public func value(of target: DiagnosedValue, x: Matrix, y: Matrix) throws(BackpropError) -> Double {
        switch target {
        case .loss: return try loss(x: x, y: y)
        case let .gradient(p):
            try validate(p)
            return try gradients(x: x, y: y).1.value(of: p)
        case let .unitGradient(unit):
            guard x.rows == 1 else { throw BackpropError.invalidArgument("a unit's gradient is one number only for one example") }
            guard let value = try explain(unit, x: x, y: y, limit: 1).gradients.first else {
                throw BackpropError.invalidArgument("no gradient for \(unit)")
            }
            return value
        }
    }

    /// The chain-rule paths whose sum is `given`, if some proper subset of them is.
    func missingPaths(_ p: ParameterID, given: Double, tolerance: Tolerance,
                      x: Matrix, y: Matrix) throws(BackpropError) -> Diagnosis? {
        let count = pathCount(toLayer: p.layer, examples: x.rows)
        guard let n = count.intValue, n >= 2, n <= Network.diagnosedPathLimit else { return nil }
        let paths = try explain(p, x: x, y: y, limit: n).paths
        guard paths.count == n else { return nil }  // (paths from the fused output factor)
        return missingPaths(paths, examples: x.rows, given: given, tolerance: tolerance)
    }

    /// Which proper subset of `paths` (all of them, in explain's order) sums to `given`.
    func missingPaths(_ paths: [ChainPath], examples: Int, given: Double, tolerance: Tolerance) -> Diagnosis? {
        let n = paths.count
        guard n >= 2 else { return nil }
        let products = paths.map(\.product)
        func matches(_ kept: [Int]) -> Bool {
            tolerance.accepts(kept.reduce(0) { $0 + products[$1] }, given)
        }
        var candidates: [[Int]] = []
        if n <= Network.exhaustivePathLimit {
            for mask in 1..<((1 << n) - 1) {
                let kept = (0..<n).filter { mask & (1 << $0) != 0 }
                if matches(kept) { candidates.append(kept) }
            }
        } else {
            // The paths avoiding one node, or one example; then largest-first greedy.
            var nodes: [PathNode] = []
            for path in paths { for f in path.factors where !nodes.contains(f.denominator) { nodes.append(f.denominator) } }
            for node in nodes {
                let kept = paths.indices.filter { !paths[$0].factors.contains { $0.denominator == node } }
                if !kept.isEmpty, kept.count < n, matches(kept) { candidates.append(kept) }
            }
            for e in 1...max(examples, 1) where examples > 1 {
                let kept = paths.indices.filter { paths[$0].example != e }
                if matches(kept) { candidates.append(kept) }
            }
            if candidates.isEmpty {
                var sum = 0.0
                var kept: [Int] = []
                for k in paths.indices.sorted(by: { abs(products[$0]) > abs(products[$1]) }) {
                    if abs(sum + products[k] - given) < abs(sum - given) {
                        sum += products[k]
                        kept.append(k)
                    }
                }
                kept.sort()
                if !kept.isEmpty, kept.count < n, matches(kept) { candidates.append(kept) }
            }
        }
        // Prefer a subset whose missing paths share a node (an explanation), then the largest.
        let described = candidates.map { kept in (kept, missingNode(paths, kept)) }
        guard let best = described.min(by: { a, b in
            let (ea, eb) = (a.1 != nil, b.1 != nil)
            if ea != eb { return ea }
            if a.0.count != b.0.count { return a.0.count > b.0.count }
            return a.0.lexicographicallyPrecedes(b.0)
        }) else { return nil }
        let missing = paths.indices.filter { !best.0.contains($0) }
        let missingExamples = Set(missing.map { paths[$0].example })
        let example = examples > 1 && missingExamples.count == 1 && paths.indices.filter({ paths[$0].example == missingExamples.first }).count == missing.count
            ? missingExamples.first : nil
        return Diagnosis(mistake: .missingPaths(kept: best.0.map { $0 + 1 }, count: n, missingThrough: best.1, missingExample: example),
                         value: best.0.reduce(0) { $0 + products[$1] })
    }

    /// The node (nearest the loss) that every missing path runs through and no kept one.
    private func missingNode(_ paths: [ChainPath], _ kept: [Int]) -> PathNode? {
        let missing = paths.indices.filter { !kept.contains($0) }
        guard let first = missing.first else { return nil }
        let keptNodes = Set(kept.flatMap { paths[$0].factors.map(\.denominator) })
        return paths[first].factors.map(\.denominator).first { node in
            !keptNodes.contains(node) && missing.allSatisfy { paths[$0].factors.contains { $0.denominator == node } }
        }
    }

    /// ∂L/∂p by a backward pass that keeps only the diagonal ∂h_i/∂a_i of every softmax
    /// Jacobian (the other layers as they are). Nil where ∂L/∂ŷ is not finite.
    func diagonalSoftmaxGradient(_ p: ParameterID, x: Matrix, y: Matrix) throws(BackpropError) -> Double? {
        try validate(p)
        let (cache, g) = try gradients(x: x, y: y)
        guard g.dyhat.firstNonFinite == nil else { return nil }
        var total = 0.0
        for e in 0..<x.rows {
            var dh = g.dyhat.row(e)  // includes the batch's 1/m
            for l in stride(from: depth, through: p.layer, by: -1) {
                let layer = layers[l - 1]
                let a = cache.a(l).row(e), h = cache.h(l).row(e)
                let da = (0..<layer.units).map { q in
                    dh[q] * (layer.activation == .softmax ? layer.activation.jacobian(p: q, q: q, a: a, h: h)
                                                           : layer.activation.derivative(a: a[q], h: h[q]))
                }
                if l == p.layer {
                    switch p {
                    case let .weight(_, i, j): total += da[i - 1] * cache.h(l - 1)[e, j - 1]
                    case let .bias(_, i): total += da[i - 1]
                    }
                    break
                }
                dh = (0..<layer.inputs).map { j in (0..<layer.units).reduce(0) { $0 + da[$1] * layer.weights[$1, j] } }
            }
        }
        return total
    }
}
