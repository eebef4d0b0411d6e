/// A scalar expression as a flat graph (children before parents), for the notes' chain rule.
///
/// Flat rather than a recursive enum so that very long expressions (`x+x+…+x`, a left-deep tree
/// a million levels high) are evaluated, differentiated and released without recursion.
public struct ScalarGraph: Sendable, Equatable {
    public enum Function: String, CaseIterable, Sendable {
        case exp, log, sqrt, sin, cos, tanh, sigmoid, relu
    }

    public enum Operation: Sendable, Equatable {
        case constant(Double)
        case variable(String)
        case negate
        case add, subtract, multiply, divide, power
        case function(Function)

        var arity: Int {
            switch self {
            case .constant, .variable: return 0
            case .negate, .function: return 1
            case .add, .subtract, .multiply, .divide, .power: return 2
            }
        }
    }

    public struct Node: Sendable, Equatable {
        public let operation: Operation
        /// Indices of earlier nodes.
        public let children: [Int]
    }

    public private(set) var nodes: [Node] = []

    public init() {}

    /// Appends a node whose children are already in the graph; returns its index.
    public mutating func add(_ operation: Operation, _ children: Int...) throws(BackpropError) -> Int {
        guard children.count == operation.arity, children.allSatisfy({ $0 >= 0 && $0 < nodes.count }) else {
            throw BackpropError.invalidArgument("malformed expression graph")
        }
        nodes.append(Node(operation: operation, children: children))
        return nodes.count - 1
    }

    /// The last node added is the expression's result.
    public var root: Int? { nodes.isEmpty ? nil : nodes.count - 1 }

    /// The variables in order of first appearance.
    public var variables: [String] {
        var seen = Set<String>(), out: [String] = []
        for n in nodes { if case let .variable(v) = n.operation, seen.insert(v).inserted { out.append(v) } }
        return out
    }

    /// Every node's value, given the variables' values.
    func evaluate(_ env: [String: Double]) throws(BackpropError) -> [Double] {
        var v = [Double](repeating: 0, count: nodes.count)
        for (k, node) in nodes.enumerated() {
            let c = node.children.map { v[$0] }
            switch node.operation {
            case let .constant(x): v[k] = x
            case let .variable(name):
                guard let x = env[name] else { throw BackpropError.invalidArgument("no value given for the variable \(name)") }
                v[k] = x
            case .negate: v[k] = -c[0]
            case .add: v[k] = c[0] + c[1]
            case .subtract: v[k] = c[0] - c[1]
            case .multiply: v[k] = c[0] * c[1]
            case .divide: v[k] = c[0] / c[1]
            case .power: v[k] = pow(c[0], c[1])
            case let .function(f): v[k] = ScalarGraph.apply(f, c[0])
            }
        }
        return v
    }

    static func apply(_ f: Function, _ x: Double) -> Double {
        switch f {
        case .exp: return Glibc.exp(x)
        case .log: return Glibc.log(x)
        case .sqrt: return x.squareRoot()
        case .sin: return Glibc.sin(x)
        case .cos: return Glibc.cos(x)
        case .tanh: return Glibc.tanh(x)
        case .sigmoid: return Activation.sigmoid(x)
        case .relu: return x > 0 ? x : 0
        }
    }

    /// ∂node/∂child for each child of node `k`, from the node values.
    func localDerivatives(_ k: Int, values v: [Double]) -> [Double] {
        let node = nodes[k]
        let c = node.children.map { v[$0] }
        switch node.operation {
        case .constant, .variable: return []
        case .negate: return [-1]
        case .add: return [1, 1]
        case .subtract: return [1, -1]
        case .multiply: return [c[1], c[0]]
        case .divide: return [1 / c[1], -c[0] / (c[1] * c[1])]
        case .power:
            let base = c[1] == 0 ? 0 : c[1] * pow(c[0], c[1] - 1)
            // d/db a^b = a^b ln a; only needed (and only defined for a > 0) when b varies. At
            // a = 0, a^b is 0 for every b > 0, so the derivative is 0 (not 0 · −∞).
            let exponentVaries = dependsOnVariable[node.children[1]]
            let exponent: Double
            if !exponentVaries { exponent = 0 } else if c[0] == 0 && c[1] > 0 { exponent = 0 } else {
                exponent = v[k] * Glibc.log(c[0])
            }
            return [base, exponent]
        case let .function(f):
            let x = c[0], y = v[k]
            switch f {
            case .exp: return [y]
            case .log: return [1 / x]
            case .sqrt: return [1 / (2 * y)]
            case .sin: return [Glibc.cos(x)]
            case .cos: return [-Glibc.sin(x)]
            case .tanh: return [1 - y * y]
            case .sigmoid: return [y * (1 - y)]
            case .relu: return [x > 0 ? 1 : 0]
            }
        }
    }

    /// Whether each node depends on some variable (constants and constant sub-expressions don't).
    var dependsOnVariable: [Bool] {
        var d = [Bool](repeating: false, count: nodes.count)
        for (k, node) in nodes.enumerated() {
            if case .variable = node.operation { d[k] = true } else { d[k] = node.children.contains { d[$0] } }
        }
        return d
    }
}
