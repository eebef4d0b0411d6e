import Backprop
import JSON

/// The kinds of error a cell can end with, named as a Python learner would recognise them.
/// The `ename` of every error output is one of these.
public enum ErrorName: String, Sendable, CaseIterable {
    case syntaxError = "SyntaxError"
    case shapeError = "ShapeError"
    case indexError = "IndexError"
    case valueError = "ValueError"
    case nameError = "NameError"
    case numericalError = "NumericalError"
    case stateError = "StateError"
    case dataError = "DataError"
    case fileError = "FileError"
    case fileNotFoundError = "FileNotFoundError"
    case memoryError = "MemoryError"
    case keyboardInterrupt = "KeyboardInterrupt"
    case internalError = "InternalError"
    /// A failed `expect`: the value is not the expected one (a grader scores the cell zero).
    case expectationError = "ExpectationError"
}

/// A statement that could not run: what kind of problem (`ename`), what to fix (`message`),
/// where (1-based line and column in the cell), and a readable traceback (the message, the
/// offending line with a caret, what was expected).
public struct LanguageError: Error, Sendable, CustomStringConvertible {
    public let ename: String
    public let message: String
    public let line: Int
    public let column: Int
    public let traceback: [String]

    public init(ename: String, message: String, line: Int, column: Int, traceback: [String]) {
        self.ename = ename
        self.message = message
        self.line = line
        self.column = column
        self.traceback = traceback
    }

    init(ename: ErrorName, message: String, line: Int, column: Int, traceback: [String]) {
        self.init(ename: ename.rawValue, message: message, line: line, column: column, traceback: traceback)
    }

    public var description: String { "\(ename): \(message) (line \(line), column \(column))" }

    /// The spec's error object: `{"error": {"ename", "message", "line", "column"}}`.
    public var json: JSONValue {
        ["error": ["ename": .string(ename), "message": .string(message), "line": .integer(line), "column": .integer(column)]]
    }

    /// An error at a place in `source`, with the caret snippet and an optional hint.
    static func at(_ location: SourceLocation, length: Int = 1, in source: String, ename name: ErrorName,
                   message: String, hint: String? = nil) -> LanguageError {
        let ename = name.rawValue
        var lines = ["\(ename): \(message)", "line \(location.line), column \(location.column):",
                     CaretRenderer.render(source: source, location: location, length: length)]
        if let hint { lines.append(hint) }
        return LanguageError(ename: ename, message: message, line: location.line, column: location.column,
                             traceback: lines)
    }

    /// An error that no place in the source caused (an interrupt): the message alone, no
    /// position or caret in the traceback (`line`/`column` still name the statement).
    static func unplaced(_ location: SourceLocation, ename: ErrorName, message: String) -> LanguageError {
        LanguageError(ename: ename.rawValue, message: message, line: location.line, column: location.column,
                      traceback: ["\(ename.rawValue): \(message)"])
    }

    /// A syntax error of the whole cell.
    static func syntax(_ error: SyntaxError, in source: String) -> LanguageError {
        var message = error.message
        if let suggestion = error.suggestion { message += " (did you mean '\(suggestion)'?)" }
        let hint = error.expected.map { "expected \($0)" }
        return at(error.location, length: error.length, in: source, ename: .syntaxError, message: message, hint: hint)
    }

    /// A syntax error's report, saying that nothing in the cell ran and which lines those were
    /// (a learner otherwise wonders whether the lines above the error took effect).
    func withNothingRan(in source: String) -> LanguageError {
        let note = NothingRan.note(in: source)
        var lines = traceback
        if let first = lines.first { lines[0] = first + "; " + note }
        return LanguageError(ename: ename, message: message + "; " + note, line: line, column: column, traceback: lines)
    }

    /// An engine error, mapped to a Python-like name a learner recognises.
    static func engine(_ error: BackpropError, at location: SourceLocation, length: Int = 1,
                       in source: String) -> LanguageError {
        if error == .interrupted {
            let stop = StatementFailure.interrupted
            return at(location, length: length, in: source, ename: stop.ename, message: stop.message)
        }
        let ename: ErrorName
        switch error {
        case .shapeMismatch, .raggedRows: ename = .shapeError
        case .indexOutOfRange: ename = .indexError
        case .invalidNetwork, .invalidArgument, .invalidTargets: ename = .valueError
        case .nonFinite, .chainRule: ename = .numericalError
        case .missingData: ename = .stateError
        case .interrupted: ename = .keyboardInterrupt
        }
        return at(location, length: length, in: source, ename: ename, message: error.description)
    }
}

/// Failures the interpreter raises itself, before they become `LanguageError`s with a place.
struct StatementFailure: Error {
    let ename: ErrorName
    let message: String
    /// A more precise place than the statement's start, when known.
    let location: SourceLocation?
    let length: Int
    let hint: String?
    /// False for an interrupt: the traceback shows no source position.
    var showsPlace = true

    init(_ ename: ErrorName, _ message: String, at location: SourceLocation? = nil, length: Int = 1, hint: String? = nil) {
        self.ename = ename
        self.message = message
        self.location = location
        self.length = length
        self.hint = hint
    }

    static func state(_ message: String, hint: String? = nil) -> StatementFailure {
        StatementFailure(.stateError, message, hint: hint)
    }

    static let interrupted = interruption("interrupted; the session is as it was before this statement")

    /// A KeyboardInterrupt, which no place in the cell caused.
    static func interruption(_ message: String) -> StatementFailure {
        var failure = StatementFailure(.keyboardInterrupt, message)
        failure.showsPlace = false
        return failure
    }
}
