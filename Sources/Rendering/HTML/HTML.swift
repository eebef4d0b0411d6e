/// HTML text helpers.
public enum HTML {
    /// `text` with `& < > " '` replaced by character references, safe both as element
    /// content and inside a quoted attribute value.
    ///
    /// ```swift
    /// HTML.escape("<script>")  // "&lt;script&gt;"
    /// ```
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Escaped text in which a `$` cannot start inline math when JupyterLab typesets
    /// the output with MathJax: each `$` sits in its own `<span>`, and MathJax never
    /// pairs delimiters across element boundaries.
    static func escapeOutsideMath(_ text: String) -> String {
        let escaped = escape(text)
        guard escaped.contains("$") else { return escaped }
        return escaped.split(separator: "$", omittingEmptySubsequences: false)
            .joined(separator: "<span>$</span>")
    }

    /// The wrapper that lets wide output scroll sideways inside a notebook column instead of
    /// being clipped (min-width:0 lets it shrink inside a flex row).
    static func scrollable(_ content: String) -> String {
        "<div style=\"overflow-x:auto;max-width:100%;min-width:0\">" + content + "</div>"
    }

    /// A secondary line (a note under a table or matrix): body size, the theme's text colour
    /// (no opacity or grey, which fade on a projector).
    static func note(_ content: String) -> String {
        "<div style=\"margin-top:0.3em\">" + content + "</div>"
    }

    /// A formatted number with a true minus sign (U+2212) for a leading `-` and in an exponent.
    static func number(_ text: String) -> String {
        escape(text.replacing("-", with: "\u{2212}"))
    }
}
