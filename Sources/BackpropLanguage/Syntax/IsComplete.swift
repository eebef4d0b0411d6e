/// Whether a console should run a cell now or wait for more lines.
public enum CompletionStatus: Sendable, Equatable {
    case complete
    /// More input is needed; `indent` is the text to start the next line with.
    case incomplete(indent: String)
    /// The cell cannot become valid by adding lines (e.g. a stray `]`); run it to show the error.
    case invalid
}

extension Syntax {
    /// Incomplete while a bracket is open or the last line ends with `->`; invalid on
    /// any other syntax error; an empty cell is complete.
    public static func isComplete(_ cell: String) -> CompletionStatus {
        let output: Lexer.Output
        do {
            output = try Lexer.lex(cell)
        } catch {
            return .invalid
        }
        if let open = output.openBrackets.last {
            // Line up with the first thing after the innermost open bracket, if on its line.
            let following = output.tokens.first { $0.location.offset > open.location.offset }
            if let following, following.kind != .newline, following.kind != .end,
               following.location.line == open.location.line {
                return .incomplete(indent: String(repeating: " ", count: following.location.column - 1))
            }
            return .incomplete(indent: String(repeating: " ", count: open.location.column))
        }
        let last = output.tokens.last { $0.kind != .newline && $0.kind != .end }
        if last?.kind == .arrow { return .incomplete(indent: "    ") }
        do {
            _ = try parse(cell)
            return .complete
        } catch {
            return .invalid
        }
    }
}
