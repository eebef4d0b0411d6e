/// Whether a console should run a cell now or wait for more lines.
public enum CompletionStatus: Sendable, Equatable {
    case complete
    /// More input is needed; `indent` is the text to start the next line with.
    case incomplete(indent: String)
    /// The cell cannot become valid by adding lines (e.g. a stray `]`); run it to show the error.
    case invalid
}

extension Syntax {
    /// Incomplete while a bracket is open or the last line ends with `->`; invalid on a
    /// stray or mismatched bracket, an unterminated string, or a syntax error in the last
    /// statement; an empty cell is complete.
    ///
    /// One pass over the scalars finds the bracket state and where the last statement
    /// starts; only that statement is lexed and parsed (an error in an earlier one shows
    /// when the cell runs), so the time is linear and small whatever the cell's size.
    public static func isComplete(_ cell: String) -> CompletionStatus {
        let scalars = Array(cell.unicodeScalars)
        guard let scan = BracketScan(scalars) else { return .invalid }
        if let open = scan.openBrackets.last {
            return .incomplete(indent: String(repeating: " ", count: indentAfter(open: open, in: scalars)))
        }
        let last = String(String.UnicodeScalarView(scalars[scan.lastStatementStart...]))
        let output: Lexer.Output
        do { output = try Lexer.lex(last) } catch { return .invalid }
        let lastToken = output.tokens.last { $0.kind != .newline && $0.kind != .end }
        if lastToken?.kind == .arrow { return .incomplete(indent: "    ") }
        do {
            _ = try parse(last)
            return .complete
        } catch {
            return .invalid
        }
    }

    /// Line up with the first thing after the innermost open bracket, if on its line;
    /// else one column past the bracket.
    private static func indentAfter(open: Int, in scalars: [Unicode.Scalar]) -> Int {
        var lineStart = open
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        var i = open + 1
        while i < scalars.count, BracketScan.isBlank(scalars[i]) { i += 1 }
        if i < scalars.count, scalars[i] != "\n", scalars[i] != "#" { return i - lineStart }
        return open - lineStart + 1
    }
}

/// Brackets, strings and comments of a cell in one pass, without making tokens.
struct BracketScan {
    /// Offsets of the brackets still open at the end, innermost last.
    private(set) var openBrackets: [Int] = []
    /// Offset of the first line of the last statement: after the last newline outside
    /// brackets, moved back over lines that end with `->` (a `net` continued below).
    private(set) var lastStatementStart = 0

    /// Nil when a bracket is stray or mismatched, or a string is not closed on its line.
    init?(_ s: [Unicode.Scalar]) {
        var kinds: [Unicode.Scalar] = []
        var i = 0
        var lineStarts: [Int] = [0] // top-level line starts, for the walk back over `->`
        while i < s.count {
            switch s[i] {
            case "#":
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            case "\"":
                i += 1
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\n" { return nil }
                    if s[i] == "\\", i + 1 < s.count, s[i + 1] != "\n" { i += 1 }
                    i += 1
                }
                if i >= s.count { return nil }
            case "[", "(":
                kinds.append(s[i])
                openBrackets.append(i)
            case "]", ")":
                guard let opener = kinds.popLast(), (opener == "[") == (s[i] == "]") else { return nil }
                openBrackets.removeLast()
            case "\n" where kinds.isEmpty:
                lineStarts.append(i + 1)
            default:
                break
            }
            i += 1
        }
        // The last non-blank top-level line, then back over earlier lines (blank ones
        // skipped, as the statement splitter does) that end with an arrow.
        func previousCodeLine(before k: Int) -> Int? {
            var j = k - 1
            while j >= 0, Self.isBlankLine(s, from: lineStarts[j]) { j -= 1 }
            return j >= 0 ? j : nil
        }
        var k = lineStarts.count - 1
        if Self.isBlankLine(s, from: lineStarts[k]) { k = previousCodeLine(before: k) ?? 0 }
        while let j = previousCodeLine(before: k),
              Self.endsWithArrow(s, lineStart: lineStarts[j], lineEnd: lineStarts[j + 1] - 1) {
            k = j
        }
        lastStatementStart = lineStarts[k]
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\u{A0}" || c == "\u{FEFF}"
    }

    private static func isBlankLine(_ s: [Unicode.Scalar], from start: Int) -> Bool {
        var i = start
        while i < s.count, s[i] != "\n" {
            if s[i] == "#" { return true }
            if !isBlank(s[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether the code of the line (before a comment) ends with `->` or `→`.
    private static func endsWithArrow(_ s: [Unicode.Scalar], lineStart top: Int, lineEnd: Int) -> Bool {
        // The last physical line of it (a bracket may have spanned several).
        var lineStart = lineEnd
        while lineStart > top, s[lineStart - 1] != "\n" { lineStart -= 1 }
        var end = lineEnd
        var i = lineStart
        var inString = false
        while i < lineEnd {
            if s[i] == "\"" { inString.toggle() }
            if s[i] == "#", !inString { end = i; break }
            i += 1
        }
        while end > lineStart, isBlank(s[end - 1]) { end -= 1 }
        guard end > lineStart else { return false }
        if s[end - 1] == "→" { return true }
        return end - lineStart >= 2 && s[end - 1] == ">" && s[end - 2] == "-"
    }
}
