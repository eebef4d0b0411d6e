/// Draws a source line with a caret under a range, as compilers do.
///
/// Very long lines (a 10 MB cell can be one line) are cut to a window around the
/// column so that an error message stays readable and small.
enum CaretRenderer {
    /// Scalars shown on either side of the error column at most.
    static let window = 60

    static func render(source: String, location: SourceLocation, length: Int) -> String {
        let lineText = Self.line(location.line, of: source)
        var scalars = Array(lineText.unicodeScalars)
        var column = max(1, location.column)
        var prefix = ""
        if column - 1 > window {
            let drop = column - 1 - window
            scalars.removeFirst(min(drop, scalars.count))
            column -= drop
            prefix = "…"
        }
        var suffix = ""
        let keep = column - 1 + max(length, 1) + window
        if scalars.count > keep {
            scalars.removeLast(scalars.count - keep)
            suffix = "…"
        }
        let shown = String(String.UnicodeScalarView(scalars))
        // Keep tabs in the caret line so the caret lines up under tab-indented text.
        var pad = prefix.isEmpty ? "" : " "
        for (index, scalar) in scalars.enumerated() where index < column - 1 {
            pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        if column - 1 > scalars.count {
            pad += String(repeating: " ", count: column - 1 - scalars.count)
        }
        let available = max(1, scalars.count - (column - 1))
        let carets = String(repeating: "^", count: max(1, min(length, available)))
        let number = String(location.line)
        let gutter = String(repeating: " ", count: max(0, 4 - number.count)) + number
        let blank = String(repeating: " ", count: gutter.count)
        return "\(gutter) | \(prefix)\(shown)\(suffix)\n\(blank) | \(pad)\(carets)"
    }

    /// The text of 1-based line `number`, without its line break; empty past the end.
    static func line(_ number: Int, of source: String) -> String {
        var current = 1
        var text = String.UnicodeScalarView()
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if current == number { break }
                current += 1
                continue
            }
            if current == number, scalar != "\r" { text.append(scalar) }
        }
        return String(text)
    }
}
