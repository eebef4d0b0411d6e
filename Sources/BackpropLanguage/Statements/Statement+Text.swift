extension StatementDeclaration {
    /// `print "TEXT"`.
    static let print = StatementDeclaration(
        "print", syntax: ["print \"TEXT\""],
        summary: "Writes the text to standard output. Strings take the escapes \\\" \\\\ \\n \\t.",
        example: "print \"after one step:\"", display: .stream, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .print(try parser.parseText("the text")) },
        run: { interpreter, kind in
            guard case let .print(text) = kind else { throw mismatch("print") }
            interpreter.emit(.stream(.stdout, text.value + "\n"))
            return []
        })

    /// `warn "TEXT"`: like print, to standard error.
    static let warn = StatementDeclaration(
        "warn", syntax: ["warn \"TEXT\""],
        summary: "Writes the text to standard error, where the kernel's own warnings go.",
        example: "warn \"this cell takes a while\"", display: .stream, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .warn(try parser.parseText("the text")) },
        run: { interpreter, kind in
            guard case let .warn(text) = kind else { throw mismatch("warn") }
            interpreter.emit(.stream(.stderr, text.value + "\n"))
            return []
        })

    /// `clear`.
    static let clear = StatementDeclaration(
        "clear", syntax: ["clear"], summary: "Clears the cell's output.",
        example: "clear", display: .stream, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.clear, "clear") },
        run: { interpreter, _ in
            interpreter.emit(.clear(wait: false))
            return []
        })
}
