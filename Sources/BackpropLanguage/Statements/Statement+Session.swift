extension StatementDeclaration {
    /// `help`, `help NAME`.
    static let help = StatementDeclaration(
        "help", syntax: ["help", "help NAME"],
        summary: "Lists the statements, or explains one statement or topic (assignment, names, activations, losses, functions).",
        example: "help explain", display: .stream,
        complete: { context in context.words.count == 1 ? Help.topics : [] },
        parse: { parser throws(SyntaxError) in .help(try parser.parseHelp()) },
        run: { interpreter, kind in
            guard case let .help(topic) = kind else { throw mismatch("help") }
            return interpreter.help(topic)
        })

    /// `exit`: ends the session.
    static let exit = StatementDeclaration(
        "exit", syntax: ["exit"],
        summary: "Ends the session: jupyter console closes and shuts the kernel down; statements after it do not run. Notebooks ignore the request (use the Kernel menu).",
        example: "exit", display: .stream, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.exit, "exit") },
        run: { interpreter, _ in
            interpreter.emit(.exit)
            return []
        })

    /// `quit`: the same as exit.
    static let quit = StatementDeclaration(
        "quit", syntax: ["quit"], summary: "The same as exit.",
        example: "quit", display: .stream, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.quit, "quit") },
        run: { interpreter, _ in
            interpreter.emit(.exit)
            return []
        })
}
