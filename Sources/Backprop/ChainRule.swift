/// The chain rule on a scalar expression, spelled out as in the notes:
/// h1 = x², h2 = e^{h1}, y = e^{h2}; dy/dx = dy/dh2 · dh2/dh1 · dh1/dx.
public struct ChainRuleResult: Sendable {
    /// An intermediate node (an operation that depends on a variable).
    public struct Step: Sendable {
        /// `h1`, `h2`, …, and the result's name (`y`, or `f` when a variable is called y).
        public let name: String
        public let operation: ScalarGraph.Operation
        /// What the operation applies to: names of steps or variables, or numbers for constants.
        public let operands: [Operand]
        public let value: Double
        /// ∂(this step)/∂(operand), one per operand (constants included).
        public let localDerivatives: [Double]
    }

    public enum Operand: Sendable, Equatable {
        case step(String)
        case variable(String)
        case constant(Double)
    }

    /// One edge on a path: ∂numerator/∂denominator.
    public struct Factor: Sendable {
        public let numerator: String
        public let denominator: String
        public let value: Double
    }

    public struct Path: Sendable {
        public let variable: String
        public let factors: [Factor]
        public let product: Double
    }

    public let value: Double
    public let variables: [String]
    public let values: [String: Double]
    public let steps: [Step]
    /// ∂result/∂variable: the sum over every path (reverse accumulation).
    public let derivatives: [String: Double]
    /// The central-difference estimate of each derivative.
    public let numericDerivatives: [String: Double]
    /// The number of paths to each variable (one per occurrence in the expression).
    public let pathCounts: [String: Int]
    /// Listed paths per variable, up to the limit, in expression order.
    public let paths: [Path]
    public var resultName: String { steps.last?.name ?? (variables.first ?? "y") }
}

extension ScalarGraph {
    /// Evaluates the expression at `values` and differentiates it along every path.
    /// Lists at most `pathLimit` paths per variable; the sums are exact regardless.
    public func chainRule(at values: [String: Double], pathLimit: Int = 64,
                          shouldStop: () -> Bool = { false }) throws(BackpropError) -> ChainRuleResult {
        guard let root else { throw BackpropError.invalidArgument("the expression is empty") }
        for name in variables where values[name] == nil {
            throw BackpropError.invalidArgument("no value given for the variable \(name) (add it after `at`)")
        }
        for (name, v) in values where !v.isFinite {
            throw BackpropError.invalidArgument("the value of \(name) must be finite, not \(v)")
        }
        let v = try evaluate(values)
        let varies = dependsOnVariable
        // Every node, constant sub-expressions included (exp(log(0)) is a folded 0 otherwise),
        // must have a finite value; the first that has not is the culprit.
        if let k = v.firstIndex(where: { !$0.isFinite }) {
            throw BackpropError.chainRule(ChainRuleError(node: k, message: "\(describeValue(k, v)) is not finite at these values"))
        }

        // Name the steps h1, h2, … in evaluation order; the root is y (or f).
        let resultName = variables.contains("y") ? "f" : "y"
        var names = [String?](repeating: nil, count: nodes.count)
        var counter = 0
        for k in nodes.indices {
            switch nodes[k].operation {
            case let .variable(name): names[k] = name
            case .constant: break
            default:
                guard varies[k] else { break }
                if k == root { names[k] = resultName } else { counter += 1; names[k] = "h\(counter)" }
            }
        }
        func operand(_ c: Int) -> ChainRuleResult.Operand {
            if case let .variable(name) = nodes[c].operation { return .variable(name) }
            if let n = names[c] { return .step(n) }
            return .constant(v[c])
        }

        var steps: [ChainRuleResult.Step] = []
        var local = [[Double]](repeating: [], count: nodes.count)
        for k in nodes.indices where names[k] != nil && nodes[k].operation.arity > 0 {
            if shouldStop() { throw BackpropError.interrupted }
            local[k] = localDerivatives(k, values: v)
            guard let name = names[k] else { continue }
            for (t, c) in nodes[k].children.enumerated() where varies[c] && !local[k][t].isFinite {
                throw BackpropError.chainRule(ChainRuleError(node: k, message: "the derivative ∂(\(ScalarGraph.describe(nodes[k].operation, operands: nodes[k].children.map { names[$0] ?? ScalarGraph.number(v[$0]) })))/∂\(names[c] ?? "?") is not finite at these values (\(ScalarGraph.number(local[k][t])), beyond the float64 range or undefined)"))
            }
            steps.append(.init(name: name, operation: nodes[k].operation, operands: nodes[k].children.map(operand),
                               value: v[k], localDerivatives: local[k]))
        }

        // Reverse accumulation: the adjoint of each node is the sum over paths from the root.
        var adjoint = [Double](repeating: 0, count: nodes.count)
        adjoint[root] = 1
        for k in stride(from: root, through: 0, by: -1) where varies[k] && !local[k].isEmpty {
            for (c, d) in zip(nodes[k].children, local[k]) where varies[c] {
                adjoint[c] += adjoint[k] * d
                if !adjoint[c].isFinite {
                    throw BackpropError.chainRule(ChainRuleError(node: k, message: "the derivative of \(resultName) along \(names[k] ?? "?") overflows (the product of the local derivatives is beyond the float64 range)"))
                }
            }
        }
        // Each occurrence of a variable is its own leaf: its derivative is the sum of their adjoints.
        var derivatives: [String: Double] = [:]
        var counts: [String: Int] = [:]
        for (k, node) in nodes.enumerated() {
            if case let .variable(name) = node.operation {
                derivatives[name, default: 0] += adjoint[k]
                counts[name, default: 0] += 1
            }
        }

        // Numerical check by central differences.
        var numeric: [String: Double] = [:]
        for name in variables {
            // Two evaluations of the whole graph per variable: with thousands of variables
            // this is the slow part, so it must notice an interrupt too.
            if shouldStop() { throw BackpropError.interrupted }
            let x = values[name] ?? 0
            // A step of 1e-6 (relative above 1); where x ± h leaves the domain (log, sqrt near
            // 0) a relative step 1e-6·|x| instead, if that is a normal number. Otherwise there is
            // no numerical check for this variable (left out, never NaN).
            for h in [1e-6 * max(1, abs(x)), 1e-6 * abs(x)] where h >= Double.leastNormalMagnitude {
                var up = values, down = values
                up[name] = x + h
                down[name] = x - h
                let f1 = try evaluate(up)[root], f0 = try evaluate(down)[root]
                let estimate = (f1 - f0) / (2 * h)
                if estimate.isFinite { numeric[name] = estimate; break }
            }
        }

        let paths = try listPaths(root: root, names: names, local: local, varies: varies,
                                  limit: pathLimit, shouldStop: shouldStop)
        return ChainRuleResult(value: v[root], variables: variables, values: values, steps: steps,
                               derivatives: derivatives, numericDerivatives: numeric, pathCounts: counts, paths: paths)
    }

    /// Paths from the root to variable leaves, depth first without recursion, at most `limit`
    /// per variable.
    private func listPaths(root: Int, names: [String?], local: [[Double]], varies: [Bool],
                           limit: Int, shouldStop: () -> Bool) throws(BackpropError) -> [ChainRuleResult.Path] {
        // Listing copies each path's factors; past this size only the exact sums are given.
        guard nodes.count <= ScalarGraph.maxNodesForPathListing else { return [] }
        var perVariable: [String: Int] = [:]
        var out: [ChainRuleResult.Path] = []
        // Each stack entry: node, the factors so far, the product so far.
        var stack: [(node: Int, factors: [ChainRuleResult.Factor], product: Double)] = [(root, [], 1)]
        var visited = 0
        while let (k, factors, product) = stack.popLast() {
            visited += 1
            if visited % 4096 == 0, shouldStop() { throw BackpropError.interrupted }
            if case let .variable(name) = nodes[k].operation {
                if perVariable[name, default: 0] < limit {
                    perVariable[name, default: 0] += 1
                    out.append(.init(variable: name, factors: factors, product: product))
                }
                continue
            }
            // Children pushed in reverse so the first operand is explored first.
            for (c, d) in zip(nodes[k].children, local[k]).reversed() where varies[c] {
                let f = ChainRuleResult.Factor(numerator: names[k] ?? "?", denominator: names[c] ?? "?", value: d)
                guard (product * d).isFinite else {
                    throw BackpropError.chainRule(ChainRuleError(node: k, message: "the product of a path through \(names[k] ?? "?") is not finite (beyond the float64 range)"))
                }
                stack.append((c, factors + [f], product * d))
            }
        }
        return out
    }

    /// Expressions larger than this get their derivatives but no path listing.
    public static let maxNodesForPathListing = 5_000

    /// A node as written with its operands' values: `log(0)`, `1 / 0`, `10^308`.
    func describeValue(_ k: Int, _ v: [Double]) -> String {
        ScalarGraph.describe(nodes[k].operation, operands: nodes[k].children.map { ScalarGraph.number(v[$0]) })
    }

    /// An operation applied to operand texts: `log(x)`, `x^y`, `1 / 0`.
    static func describe(_ op: Operation, operands o: [String]) -> String {
        func at(_ i: Int) -> String { i < o.count ? o[i] : "?" }
        switch op {
        case let .constant(x): return number(x)
        case let .variable(name): return name
        case .negate: return "-" + at(0)
        case .add: return "\(at(0)) + \(at(1))"
        case .subtract: return "\(at(0)) - \(at(1))"
        case .multiply: return "\(at(0))*\(at(1))"
        case .divide: return "\(at(0)) / \(at(1))"
        case .power: return "\(at(0))^\(at(1))"
        case let .function(f): return "\(f.rawValue)(\(at(0)))"
        }
    }

    /// A number for a message: `0`, `1e-320`, `-inf`.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "undefined" }
        if x.isInfinite { return x > 0 ? "∞" : "-∞" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// A short description of an operation for messages.
    static func describe(_ op: Operation) -> String {
        switch op {
        case let .constant(x): return "\(x)"
        case let .variable(v): return v
        case .negate: return "negation"
        case .add: return "+"
        case .subtract: return "−"
        case .multiply: return "×"
        case .divide: return "division"
        case .power: return "power"
        case let .function(f): return f.rawValue
        }
    }
}

/// A node of a `chain` expression whose value or derivative is not finite: `node` is its index
/// in the graph (the caller maps it to a source position), `message` says what and why.
public struct ChainRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let node: Int
    public let message: String
    public var description: String { message }
}
