/// Dispatch on the first word of a statement, through the declarations' registry.
extension Parser {
    mutating func parseStatement() throws(SyntaxError) -> Statement.Kind {
        let first = current
        // An assignment starts with a name followed by `=` (possibly after `[…]` indices).
        if first.kind == .gradientName || (first.kind == .identifier && looksLikeAssignment()) {
            return try Statements.assignment.parse(&self)
        }
        guard first.kind == .identifier else {
            throw error("expected a statement, found \(first.quoted)",
                        expected: "a statement (\(Vocabulary.list(Vocabulary.statements))) or an assignment such as W1 = [...]")
        }
        if let declaration = Statements.declaration(for: first.text), first.text != "=" {
            advance()
            return try declaration.parse(&self)
        }
        if ValueName(first.text) != nil {
            throw error("'\(first.text)' alone is not a statement", at: first,
                        expected: "'\(first.text) = value' to set it, or 'show \(first.text)' to see it")
        }
        throw error("unknown statement '\(first.text)'", at: first,
                    expected: "a statement (\(Vocabulary.list(Vocabulary.statements))) or an assignment such as W1 = [...]",
                    suggestion: Suggestions.nearest(to: first.text, in: Vocabulary.statements))
    }

    /// Whether the statement is `NAME = …` or `NAME[…] = …`.
    private func looksLikeAssignment() -> Bool {
        if Vocabulary.statements.contains(current.text) { return false }
        if peek().kind == .equals { return true }
        guard peek().kind == .leftBracket, !peek().spaceBefore else { return false }
        var ahead = 2
        while [.number, .comma, .newline].contains(peek(ahead).kind) { ahead += 1 }
        return peek(ahead).kind == .rightBracket && peek(ahead + 1).kind == .equals
    }

    mutating func parseShow() throws(SyntaxError) -> ShowStatement {
        if atEnd { return ShowStatement(name: nil) }
        if let layerName = try parseLayerName() {
            try expectEnd(after: "the name")
            return ShowStatement(name: nil, layerName: layerName)
        }
        let name = try parseName("a name to show")
        try expectEnd(after: "the name")
        return ShowStatement(name: name)
    }

    mutating func parseHelp() throws(SyntaxError) -> Located<String>? {
        if atEnd { return nil }
        let token = current
        if token.kind == .identifier || token.kind == .gradientName {
            // `help w[2,1,12]` reads the whole name.
            if let name = try? parseName("a topic") {
                try expectEnd(after: "the topic")
                return Located(Help.canonicalTopic(name.value.description), at: token.location)
            }
            index = tokens.startIndex + 1
        }
        advance()
        let word = token.kind == .equals ? "=" : token.text
        guard Help.entry(for: word) != nil else {
            throw error("no help for '\(word)'", at: token,
                        expected: "a statement name (\(Vocabulary.list(Vocabulary.statements))) or a topic (\(Vocabulary.list(Help.extraTopics)))",
                        suggestion: Suggestions.nearest(to: word, in: Help.topics + Vocabulary.activations + Vocabulary.losses + Vocabulary.functions))
        }
        try expectEnd(after: "the topic")
        return Located(Help.canonicalTopic(word), at: token.location)
    }
}
