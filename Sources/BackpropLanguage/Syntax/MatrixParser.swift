/// Matrix literals, MATLAB style or nested.
///
/// Entries are numbers with an optional sign written right before them. In the flat form
/// entries are separated by spaces or commas and rows by `;` or line breaks, so
/// `[1 -2]` is two entries; `[1 - 2]` (a sign apart from its number) and `[1-2]`
/// (entries run together) are errors rather than arithmetic, since a matrix holds
/// numbers, not expressions.
extension Parser {
    mutating func parseMatrix() throws(SyntaxError) -> MatrixLiteral {
        let open = try expect(.leftBracket, "'['")
        skipNewlines()
        var rows: [[Double]] = []
        var rowStarts: [Token] = []
        if current.kind == .leftBracket {
            while current.kind != .rightBracket {
                if current.kind != .leftBracket {
                    throw error("expected '[' starting a row, found \(current.quoted)",
                                expected: "rows written [a, b], [c, d]")
                }
                rowStarts.append(current)
                advance()
                rows.append(try parseRow(closedBy: .rightBracket))
                _ = try expect(.rightBracket, "']' closing the row")
                if current.kind == .comma { advance() }
                skipNewlines()
            }
        } else {
            while current.kind != .rightBracket {
                skipRowSeparators()
                if current.kind == .rightBracket { break }
                rowStarts.append(current)
                rows.append(try parseRow(closedBy: nil))
            }
        }
        advance()
        guard let first = rows.first, let firstStart = rowStarts.first else {
            throw error("empty matrix", at: open, expected: "at least one number between the brackets")
        }
        for (number, (row, start)) in zip(rows, rowStarts).enumerated() where row.count != first.count {
            throw error("ragged matrix: row \(number + 1) has \(row.count) \(row.count == 1 ? "entry" : "entries") but row 1 (\(firstStart.location)) has \(first.count)",
                        at: start, expected: "\(first.count) entries in every row")
        }
        return MatrixLiteral(rows: rows, location: open.location)
    }

    private mutating func skipRowSeparators() {
        while current.kind == .semicolon || current.kind == .newline { advance() }
    }

    /// Entries up to a row separator (flat form) or the closing bracket.
    private mutating func parseRow(closedBy closer: Token.Kind?) throws(SyntaxError) -> [Double] {
        var entries: [Double] = []
        var needsSeparator = false
        while true {
            if closer != nil { skipNewlines() }
            switch current.kind {
            case .rightBracket:
                return entries
            case .semicolon where closer == nil, .newline where closer == nil:
                return entries
            case .comma:
                guard needsSeparator else {
                    throw error("missing entry before ','", expected: "a number")
                }
                advance()
                needsSeparator = false
                if closer == nil { skipNewlines() }
                if current.kind == .rightBracket || current.kind == .semicolon {
                    throw error("missing entry after ','", expected: "a number")
                }
            case .number, .minus, .plus, .identifier:
                if needsSeparator, !current.spaceBefore {
                    throw error("entries must be separated by spaces or commas", expected: "a space or ',' before \(current.quoted)")
                }
                entries.append(try parseEntry())
                needsSeparator = true
            case .leftBracket:
                throw error("too many '[': a matrix has rows of numbers", expected: "a number")
            case .semicolon:
                throw error("';' cannot separate rows written in brackets", expected: "',' between rows: [[1, 2], [3, 4]]")
            default:
                throw error("expected a number, found \(current.quoted)", expected: "a number")
            }
        }
    }

    private mutating func parseEntry() throws(SyntaxError) -> Double {
        if current.kind == .minus || current.kind == .plus {
            let next = peek()
            if next.spaceBefore || (next.kind != .number && next.kind != .identifier) {
                throw error("a sign must be written right before its number, e.g. -2", expected: "a number right after the sign")
            }
        }
        if current.kind == .identifier, !["nan", "NaN", "inf", "Inf", "infinity"].contains(current.text) {
            throw error("expected a number, found \(current.quoted)", expected: "a number")
        }
        return try parseNumber("a matrix entry").value
    }
}
