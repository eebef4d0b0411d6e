import Backprop
import JSON

/// `chain`: the chain rule on a scalar expression.
extension Interpreter {
    mutating func chain(_ statement: ChainStatement) throws -> [JSONValue] {
        var graph = ScalarGraph()
        // Where each node was written (its operator or function name), to blame the culprit.
        var locations: [(SourceLocation, Int)] = []
        // The parser bounds the tree's height (200), so recursion here is safe.
        func build(_ e: Expression) throws -> Int {
            let k = try add(e)
            while locations.count <= k { locations.append((e.location, 1)) }
            if case let .call(f, _, _) = e { locations[k].1 = f.rawValue.count }
            return k
        }
        func add(_ e: Expression) throws -> Int {
            switch e {
            case let .number(v, _): return try graph.add(.constant(v))
            case let .variable(name, _): return try graph.add(.variable(name))
            case let .negate(operand, _): return try graph.add(.negate, try build(operand))
            case let .binary(op, left, right, _):
                let l = try build(left), r = try build(right)
                let operation: ScalarGraph.Operation
                switch op {
                case .add: operation = .add
                case .subtract: operation = .subtract
                case .multiply: operation = .multiply
                case .divide: operation = .divide
                case .power: operation = .power
                }
                return try graph.add(operation, l, r)
            case let .call(function, argument, _):
                guard let f = ScalarGraph.Function(rawValue: function.rawValue) else {
                    throw StatementFailure(.nameError, "unknown function \(function.rawValue)", at: e.location)
                }
                return try graph.add(.function(f), try build(argument))
            }
        }
        _ = try build(statement.expression)
        var values: [String: Double] = [:]
        for b in statement.bindings { values[b.name] = b.value }
        let result: ChainRuleResult
        do {
            result = try graph.chainRule(at: values, shouldStop: shouldStop)
        } catch {
            guard case let .chainRule(error) = error else {
                if error == .interrupted { throw StatementFailure.interrupted }
                throw error
            }
            let (place, length) = error.node < locations.count ? locations[error.node] : (statement.expression.location, 1)
            throw StatementFailure(.numericalError, error.message, at: place, length: length,
                                   hint: "log and sqrt need positive arguments, division a non-zero divisor; exp overflows above 709.78")
        }
        return [ChainRenderer.bundle(result, format: format)]
    }
}
