/// Dispatch on the first word of a statement, and the statements with no options.
extension Parser {
    mutating func parseStatement() throws(SyntaxError) -> Statement.Kind {
        let first = current
        // An assignment starts with a name followed by `=` (possibly after `[…]` indices).
        if first.kind == .gradientName || (first.kind == .identifier && looksLikeAssignment()) {
            return .assign(try parseAssignment())
        }
        guard first.kind == .identifier else {
            throw error("expected a statement, found \(first.quoted)",
                        expected: "a statement (\(Vocabulary.list(Vocabulary.statements))) or an assignment such as W1 = [...]")
        }
        switch first.text {
        case "net": advance(); return .net(try parseNet())
        case "loss": advance(); return .loss(try parseLoss())
        case "init": advance(); return .initialize(try parseInit())
        case "data": advance(); return .data(try parseData())
        case "exit", "quit":
            advance()
            try expectEnd(after: "'\(first.text)'")
            return first.text == "exit" ? .exit : .quit
        case "graph": advance(); return .graph(try parseGraph())
        case "forward", "backward", "clear":
            advance()
            try expectEnd(after: "'\(first.text)'")
            switch first.text {
            case "forward": return .forward
            case "backward": return .backward
            default: return .clear
            }
        case "show": advance(); return .show(try parseShow())
        case "explain": advance(); return .explain(try parseExplain())
        case "step": advance(); return .step(try parseStep())
        case "train": advance(); return .train(try parseTrain())
        case "gradcheck": advance(); return .gradcheck(try parseGradcheck())
        case "chain": advance(); return .chain(try parseChain())
        case "precision":
            advance()
            skipEquals()
            let digits = try parseInteger("precision", minimum: 0, maximum: 17)
            try expectEnd(after: "the precision")
            return .precision(digits)
        case "save", "load", "print", "warn":
            advance()
            let what = first.text == "print" || first.text == "warn" ? "the text" : "a file name"
            let text = try parseString(what)
            try expectEnd(after: what)
            switch first.text {
            case "save": return .save(text)
            case "load": return .load(text)
            case "print": return .print(text)
            default: return .warn(text)
            }
        case "help": advance(); return .help(try parseHelp())
        default:
            if ValueName(first.text) != nil {
                throw error("'\(first.text)' alone is not a statement", at: first,
                            expected: "'\(first.text) = value' to set it, or 'show \(first.text)' to see it")
            }
            throw error("unknown statement '\(first.text)'", at: first,
                        expected: "a statement (\(Vocabulary.list(Vocabulary.statements))) or an assignment such as W1 = [...]",
                        suggestion: Suggestions.nearest(to: first.text, in: Vocabulary.statements))
        }
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
