/// A scalar expression of `chain`.
///
/// The parser bounds the depth of the tree (`ExpressionParser.maximumDepth`), so an
/// interpreter may walk it recursively without risking the stack.
public indirect enum Expression: Sendable, Equatable {
    case number(Double, SourceLocation)
    case variable(String, SourceLocation)
    /// Unary minus.
    case negate(Expression, SourceLocation)
    /// The location is the operator's.
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    /// The location is the function name's.
    case call(ChainFunction, Expression, SourceLocation)

    public enum BinaryOperator: String, Sendable, Equatable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    public var location: SourceLocation {
        switch self {
        case .number(_, let location), .variable(_, let location), .negate(_, let location),
             .binary(_, _, _, let location), .call(_, _, let location):
            location
        }
    }

    /// The variables in order of first appearance (linear time: a Set, no nested scans).
    public var variables: [String] {
        var first: [String: Int] = [:]
        var stack: [Expression] = [self]
        while let node = stack.popLast() {
            switch node {
            case .number: break
            case .variable(let name, let location):
                first[name] = min(first[name] ?? Int.max, location.offset)
            case .negate(let operand, _), .call(_, let operand, _): stack.append(operand)
            case .binary(_, let left, let right, _): stack.append(contentsOf: [right, left])
            }
        }
        return first.sorted { $0.value < $1.value }.map(\.key)
    }
}
