/// The entry points of the syntax layer: parse a cell, ask whether it is complete,
/// and complete a name at a cursor.
public enum Syntax {
    /// Parses every statement of a cell, or reports the first syntax error. A cell with
    /// an error anywhere yields no statements, so nothing of it runs.
    public static func parse(_ cell: String) throws(SyntaxError) -> [Statement] {
        let output = try Lexer.lex(cell)
        if let open = output.openBrackets.last {
            let closer = open.kind == .leftBracket ? "]" : ")"
            throw SyntaxError("'\(open.text)' is never closed", at: open.location,
                              expected: "a matching '\(closer)'")
        }
        let source = Array(cell.unicodeScalars)
        var statements: [Statement] = []
        for slice in StatementSplitter.split(output.tokens) {
            var parser = Parser(tokens: slice)
            let kind = try parser.parseStatement()
            guard let first = slice.first, let last = slice.dropLast().last else { continue }
            let text = String(String.UnicodeScalarView(source[first.location.offset..<last.endOffset]))
            statements.append(Statement(kind: kind, location: first.location, text: text))
        }
        return statements
    }

    /// `parse` as a `Result`, for callers that prefer not to catch.
    public static func parseResult(_ cell: String) -> Result<[Statement], SyntaxError> {
        do {
            return .success(try parse(cell))
        } catch {
            return .failure(error)
        }
    }
}

/// Cuts a cell's tokens into statements: a newline outside brackets ends one, unless
/// the line ends with `->` (a `net` may continue on the next line).
enum StatementSplitter {
    /// Each slice ends with an `.end` token placed where the statement ends.
    static func split(_ tokens: [Token]) -> [[Token]] {
        var statements: [[Token]] = []
        var current: [Token] = []
        for token in tokens {
            let endsStatement = token.kind == .end
                || (token.kind == .newline && token.depth == 0 && current.last?.kind != .arrow)
            if endsStatement {
                if !current.isEmpty {
                    var end = token
                    end.kind = .end
                    end.text = ""
                    end.length = 1
                    current.append(end)
                    statements.append(current)
                    current = []
                }
            } else if token.kind == .newline && (current.isEmpty || token.depth == 0) {
                continue // blank lines, and the line break after a trailing `->`
            } else {
                current.append(token)
            }
        }
        return statements
    }
}
