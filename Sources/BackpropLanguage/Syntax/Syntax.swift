/// The entry points of the syntax layer: parse a cell, ask whether it is complete,
/// and complete a name at a cursor.
public enum Syntax {
    /// Parses every statement of a cell, or reports the first syntax error. A cell with
    /// an error anywhere yields no statements, so nothing of it runs.
    public static func parse(_ cell: String) throws(SyntaxError) -> [Statement] {
        try parse(cell, shouldStop: { false }) ?? []
    }

    /// `parse`, polling `shouldStop` every few thousand statements; nil when it said stop.
    static func parse(_ cell: String, shouldStop: () -> Bool) throws(SyntaxError) -> [Statement]? {
        guard let output = try Lexer.lex(cell, shouldStop: shouldStop), !shouldStop() else { return nil }
        if let open = output.openBrackets.last {
            let closer = open.kind == .leftBracket ? "]" : ")"
            throw SyntaxError("'\(open.text)' is never closed", at: open.location,
                              expected: "a matching '\(closer)'")
        }
        let source = Array(cell.unicodeScalars)
        var statements: [Statement] = []
        for (k, piece) in StatementSplitter.split(output.tokens).enumerated() {
            if k & 0xFFF == 0, shouldStop() { return nil }
            let slice = output.tokens[piece.range]
            var parser = Parser(tokens: slice, end: piece.end)
            let kind = try parser.parseStatement()
            guard let first = slice.first, let last = slice.last else { continue }
            let text = Self.text(source[first.location.offset..<last.endOffset])
            statements.append(Statement(kind: kind, location: first.location, text: text))
        }
        return statements
    }

    /// Scalars as a String, through UTF-8 (`String.UnicodeScalarView(slice)` took a fifth of
    /// the time of parsing a large cell).
    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else if let encoded = UTF8.encode(scalar) {
                bytes.append(contentsOf: encoded)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
    struct Piece {
        /// The statement's tokens (newlines inside it only after `->` or inside brackets).
        var range: Range<Int>
        /// An `.end` token placed where the statement ends.
        var end: Token
    }

    static func split(_ tokens: [Token]) -> [Piece] {
        var pieces: [Piece] = []
        var start: Int?
        var lastKind: Token.Kind?
        for (index, token) in tokens.enumerated() {
            let endsStatement = token.kind == .end
                || (token.kind == .newline && token.depth == 0 && lastKind != .arrow)
            if endsStatement {
                if let first = start {
                    var end = token
                    end.kind = .end
                    end.text = ""
                    end.length = 1
                    pieces.append(Piece(range: first..<index, end: end))
                    start = nil
                }
            } else if token.kind == .newline && start == nil {
                continue // blank lines
            } else {
                if start == nil { start = index }
                if token.kind != .newline { lastKind = token.kind }
            }
        }
        return pieces
    }
}
