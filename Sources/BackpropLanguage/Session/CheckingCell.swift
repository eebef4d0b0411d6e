import JSON

/// A cell with an `expect` in it is a test (an nbgrader "autograder tests" cell): only its
/// expects may decide whether it passes. nbgrader scores a cell zero when any output is on
/// standard error, and reads an `execute_result`'s text/plain as a partial score (warning
/// "cannot be converted to a float" and giving full marks when it is a table). So in such a
/// cell the last statement's table is a display, not the cell's result, and warnings (setup
/// checks, train's "the loss rose", the output limit) are displayed instead of written to
/// standard error. A failed expect is an error output, which nbgrader scores zero.
enum CheckingCell {
    static func isChecking(_ statements: [Statement]) -> Bool {
        statements.contains { $0.kind.keyword == "expect" }
    }

    /// The output as a test cell sends it: standard error becomes a displayed note.
    static func output(_ output: Output) -> Output {
        guard case let .stream(.stderr, text) = output else { return output }
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return .display(RichOutput(plain: line, json: ["kind": "warning", "text": .string(line)]).bundle, displayID: nil)
    }
}
