/// One piece of table content that is either plain text or math.
///
/// In HTML, text is escaped and math is emitted as inline math `$…$` (JupyterLab and
/// Notebook 7 typeset it with MathJax); in plain text, math shows its `plain` form (or
/// its LaTeX source when none is given).
///
/// ```swift
/// let header: Cell = .math(#"\frac{\partial L}{\partial w_{212}}"#, plain: "∂L/∂w₂₁₂")
/// header.html       // "$\frac{\partial L}{\partial w_{212}}$"
/// header.plainText  // "∂L/∂w₂₁₂"
/// let name: Cell = "h₁₁"  // text
/// ```
public indirect enum Cell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Plain text, escaped in HTML.
    case text(String)
    /// A LaTeX snippet (no surrounding `$`), with an optional plain-text equivalent.
    case math(String, plain: String? = nil)
    /// Several pieces in a row, e.g. `.joined(["sum over paths = ", .math(#"\partial L"#)])`.
    case joined([Cell])

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// The form used in `text/plain` output.
    public var plainText: String {
        switch self {
        case .text(let text): return text
        case .math(let latex, let plain): return plain ?? latex
        case .joined(let cells): return cells.map(\.plainText).joined()
        }
    }

    /// The form used in `text/html` output: escaped text, or `$…$` with `<`, `>`, `&`
    /// escaped inside (MathJax reads the unescaped characters back from the page).
    public var html: String {
        switch self {
        case .text(let text):
            return HTML.escapeOutsideMath(text)
        case .math(let latex, _):
            let trimmed = latex.trimmingEdges()
            if trimmed.isEmpty { return "" }
            return "$" + HTML.escape(trimmed) + "$"
        case .joined(let cells):
            return cells.map(\.html).joined()
        }
    }
}

extension String {
    /// Without leading and trailing whitespace (no Foundation needed).
    func trimmingEdges() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
