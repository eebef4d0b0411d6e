extension StatementDeclaration {
    static let helpPage = OptionSpec("page", .flag,
                                     help: "sends the text to the front end's pager (jupyter console prints it, Notebook's pager opens) instead of the output")

    /// `help`, `help NAME`, `help [NAME] page`.
    static let help = StatementDeclaration(
        "help", options: [helpPage], syntax: ["help", "help NAME", "help [NAME] page"],
        summary: "Lists the statements, or explains one statement or topic (assignment, names, activations, losses, functions). The text is a display output, so saved and nbconvert-executed notebooks keep it; with page it goes to the front end's pager instead.",
        example: "help explain", display: .stream,
        complete: { context in context.words.count == 1 ? Help.topics + [helpPage.name] : context.words.count == 2 ? [helpPage.name] : [] },
        parse: { parser throws(SyntaxError) in
            // A trailing `page` asks for the pager; the topic is read from the tokens before it.
            guard !parser.atEnd, let last = parser.tokens.last, last.kind == .identifier, last.text == helpPage.name else {
                return .help(try parser.parseHelp())
            }
            var topicParser = Parser(tokens: parser.tokens[parser.index..<(parser.tokens.endIndex - 1)], end: last)
            let topic = try topicParser.parseHelp()
            while !parser.atEnd { parser.advance() }
            var statement = DeclaredStatement(keyword: "help")
            if let topic { statement.words = [topic] }
            statement.options[helpPage.name] = Located(.flag, at: last.location)
            return .declared(statement)
        },
        run: { interpreter, kind in
            switch kind {
            case let .help(topic): return interpreter.help(topic)
            case let .declared(statement) where statement.keyword == "help":
                return interpreter.help(statement.words.first, page: true)
            default: throw mismatch("help")
            }
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
