import Backprop

/// Syntax errors that say what to write instead. The parser reports what it found; when the
/// text at the error is a mistake students make (a name from other notes, a Python or maths
/// habit, a 0-based index), `teach` rewrites the error with the rule and the nearest name that
/// exists. Applied once, to the error leaving `Session.execute`, so the parser stays as it is.
enum Mistakes {
    /// The error's line and what the session knows.
    struct Site {
        let error: SyntaxError
        /// The error's line (at most `maxLine` scalars of it).
        let line: [Unicode.Scalar]
        /// The cell offset of the line's first scalar.
        let lineStart: Int
        /// The network as the cell found it (nil before the first `net`).
        let network: Network?

        /// The error's column in `line`, 0-based.
        var column: Int { error.location.column - 1 }

        var text: String { String(String.UnicodeScalarView(line)) }

        /// The line's text without leading blanks.
        var trimmed: Substring { text.drop { $0 == " " || $0 == "\t" } }

        func slice(_ range: Range<Int>) -> String {
            let lower = max(0, min(range.lowerBound, line.count)), upper = max(lower, min(range.upperBound, line.count))
            return String(String.UnicodeScalarView(line[lower..<upper]))
        }

        /// A taught error covering `range` of the line.
        func taught(_ message: String, _ range: Range<Int>, expected: String? = nil, suggestion: String? = nil) -> SyntaxError {
            let start = max(0, min(range.lowerBound, line.count))
            let place = SourceLocation(line: error.location.line, column: start + 1, offset: lineStart + start)
            return SyntaxError(message, at: place, length: max(1, range.count), expected: expected, suggestion: suggestion)
        }

        /// The first occurrence of `needle` in the line, as a scalar range.
        func find(_ needle: String, from: Int = 0) -> Range<Int>? {
            let pattern = Array(needle.unicodeScalars)
            guard !pattern.isEmpty, line.count >= pattern.count, from <= line.count - pattern.count else { return nil }
            for start in from...(line.count - pattern.count) where Array(line[start..<start + pattern.count]) == pattern {
                return start..<start + pattern.count
            }
            return nil
        }
    }

    /// Lines longer than this are not searched for mistakes (the parser's message stands).
    static let maxLine = 4_000

    static let recognisers: [@Sendable (Site) -> SyntaxError?] = [PythonHabits.recognise, NameMistakes.recognise]

    static func teach(_ error: SyntaxError, in source: String, network: Network?) -> SyntaxError {
        guard let site = site(of: error, in: source, network: network) else { return error }
        for recognise in recognisers {
            if let taught = recognise(site) { return taught }
        }
        // The caret covers the text, not the blanks after it (`a2 = …` underlined "a2 ").
        var trimmed = error
        while trimmed.length > 1, site.column + trimmed.length - 1 < site.line.count,
              [" ", "\t"].contains(site.line[site.column + trimmed.length - 1]) {
            trimmed.length -= 1
        }
        return trimmed
    }

    private static func site(of error: SyntaxError, in source: String, network: Network?) -> Site? {
        let lineStart = error.location.offset - (error.location.column - 1)
        guard lineStart >= 0 else { return nil }
        var line: [Unicode.Scalar] = []
        var offset = 0
        for scalar in source.unicodeScalars {
            if offset >= lineStart {
                if scalar == "\n" { break }
                line.append(scalar)
                if line.count > maxLine { return nil }
            }
            offset += 1
        }
        return Site(error: error, line: line, lineStart: lineStart, network: network)
    }
}
