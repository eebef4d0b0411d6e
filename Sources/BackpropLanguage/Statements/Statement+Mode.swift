extension StatementDeclaration {
    /// `mode train`, `mode eval`, `mode` (shows it).
    static let mode = StatementDeclaration(
        "mode", syntax: ["mode [train|eval]"],
        summary: "Sets whether dropout and batch norm run as in training (`train`: dropout's seeded masks, batch statistics, running statistics updated with PyTorch's momentum 0.1) or in evaluation (`eval`: no dropout, the running statistics). A new network starts in train mode; `forward` and `backward` say which mode they ran in. Without a word, says the current mode.",
        example: "mode eval", display: .table,
        complete: { context in context.words.count == 1 ? ["train", "eval"] : [] },
        parse: { parser throws(SyntaxError) in
            var statement = DeclaredStatement(keyword: "mode")
            if !parser.atEnd {
                let word = parser.current
                guard word.kind == .identifier, word.text == "train" || word.text == "eval" else {
                    throw parser.error("expected train or eval, found \(word.quoted)", expected: "train or eval",
                                       suggestion: Suggestions.nearest(to: word.text, in: ["train", "eval"]))
                }
                parser.advance()
                statement.words = [Located(word.text, at: word.location)]
                try parser.expectEnd(after: "the mode")
            }
            return .declared(statement)
        },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("mode") }
            return try interpreter.setMode(statement.words.first)
        })
}
