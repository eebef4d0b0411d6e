extension StatementDeclaration {
    /// `save "model.json"`.
    static let save = StatementDeclaration(
        "save", syntax: ["save \"FILE.json\""],
        summary: "Writes the network, loss, parameters and data to a JSON file.",
        example: "save \"model.json\"", display: .table, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .save(try parser.parseText("a file name")) },
        run: { interpreter, kind in
            guard case let .save(path) = kind else { throw mismatch("save") }
            return try interpreter.save(path)
        })

    /// `load "model.json"`.
    static let load = StatementDeclaration(
        "load", syntax: ["load \"FILE.json\""],
        summary: "Reads a file written by save, replacing the network, loss, parameters and data.",
        example: "load \"model.json\"", display: .table, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .load(try parser.parseText("a file name")) },
        run: { interpreter, kind in
            guard case let .load(path) = kind else { throw mismatch("load") }
            return try interpreter.load(path)
        })
}

extension Parser {
    /// One string and the end of the statement (`save`, `load`, `print`, `warn`).
    mutating func parseText(_ what: String) throws(SyntaxError) -> Located<String> {
        let text = try parseString(what)
        try expectEnd(after: what)
        return text
    }
}
