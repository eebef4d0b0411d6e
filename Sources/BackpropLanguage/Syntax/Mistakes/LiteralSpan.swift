/// The width of a matrix literal `[…]` written at a place in the cell (to its matching `]`),
/// so that a shape error's caret covers the whole literal. The caret line shows only the
/// literal's first line; the width is cut there.
enum LiteralSpan {
    static func length(in source: String, at location: SourceLocation) -> Int {
        var depth = 0, length = 0, offset = 0
        for scalar in source.unicodeScalars {
            defer { offset += 1 }
            guard offset >= location.offset else { continue }
            if scalar == "\n" { return max(1, length) }
            length += 1
            if scalar == "[" { depth += 1 }
            if scalar == "]" {
                depth -= 1
                if depth <= 0 { return length }
            }
            if depth == 0 { return 1 }  // not a literal (a number): one scalar
        }
        return max(1, length)
    }
}

extension LiteralSpan {
    /// The numbers of the literal at `location` as they were written, on one row: `0.05 0.10`
    /// for `[0.05; 0.10]` (what a column meant as a row should have been).
    static func asRow(in source: String, at location: SourceLocation) -> String? {
        let length = Self.length(in: source, at: location)
        let scalars = source.unicodeScalars.dropFirst(location.offset).prefix(length)
        let text = String(String.UnicodeScalarView(scalars))
        guard text.hasPrefix("[") else { return nil }
        let entries = text.split(whereSeparator: { " ;,[]\t\r".contains($0) })
        return entries.isEmpty ? nil : entries.joined(separator: " ")
    }
}
