/// Everything user input can make the engine refuse, with what the user needs to fix it.
public enum BackpropError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A matrix or vector has the wrong shape.
    case shapeMismatch(what: String, expected: Shape, actual: Shape)
    /// Rows of a matrix literal differ in length (row is 1-based).
    case raggedRows(row: Int, expected: Int, actual: Int)
    /// A layer, unit or parameter index outside the network.
    case indexOutOfRange(what: String, index: [Int], limits: [Int])
    /// The network description is not valid (no layers, a width of 0, ...).
    case invalidNetwork(String)
    /// A number that must be finite / positive / in range is not.
    case invalidArgument(String)
    /// A non-finite value appeared; `location` says where first (e.g. "a2, example 1, unit 3").
    case nonFinite(location: String)
    /// Targets that do not suit the loss (e.g. cross-entropy with negative targets).
    case invalidTargets(String)
    /// No input or targets set.
    case missingData(String)
    /// A node of a `chain` expression whose value or derivative is not finite.
    case chainRule(ChainRuleError)
    /// A bound `Cancellation` asked a long loop to stop (an interrupt); nothing was changed.
    case interrupted

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, actual):
            return "\(what) has shape \(actual) but must be \(expected)"
        case let .raggedRows(row, expected, actual):
            return "row \(row) has \(actual) entries but the rows before it have \(expected)"
        case let .indexOutOfRange(what, index, limits):
            let idx = index.map(String.init).joined(separator: ",")
            let lim = limits.map(String.init).joined(separator: "×")
            return "\(what)[\(idx)] is out of range (the limits are \(lim))"
        case let .invalidNetwork(message): return message
        case let .invalidArgument(message): return message
        case let .nonFinite(location): return "a non-finite value (NaN or ∞) appeared first in \(location)"
        case let .invalidTargets(message): return message
        case let .missingData(message): return message
        case let .chainRule(error): return error.message
        case .interrupted: return "interrupted"
        }
    }
}
