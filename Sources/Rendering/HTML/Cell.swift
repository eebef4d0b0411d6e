/// One piece of document content: text, math (with a plain Unicode form), a number, or
/// several pieces in a row.
///
/// Each backend writes its own form: plain text uses the Unicode form (`∂L/∂w₂₁₂`); HTML
/// uses the same Unicode form, escaped, so it reads without MathJax (no `$` or `\frac` in
/// text/html); text/latex uses the LaTeX. A number is written with the column's shared
/// `NumberScale` in a table, with the document's `NumberFormat` elsewhere; HTML gives it a
/// true minus sign (U+2212).
///
/// ```swift
/// let header: Cell = .math(#"\frac{\partial L}{\partial w_{212}}"#, plain: "∂L/∂w₂₁₂")
/// header.html       // "<span class=\"bp-math\">∂L/∂w₂₁₂</span>"
/// header.plainText  // "∂L/∂w₂₁₂"
/// let name: Cell = "h₁₁"  // text
/// ```
public indirect enum Cell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Plain text, escaped in HTML.
    case text(String)
    /// A LaTeX snippet (no surrounding `$`) with its plain Unicode form (derived from the
    /// LaTeX by `UnicodeMath` when nil).
    case math(String, plain: String? = nil)
    /// A number, formatted where it is written.
    case number(Double)
    /// Several pieces in a row, e.g. `.joined(["sum over paths = ", .math(#"\partial L"#)])`.
    case joined([Cell])

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// The numbers this cell holds (they share the column's scale in a table).
    var numbers: [Double] {
        switch self {
        case .number(let value): return [value]
        case .joined(let cells): return cells.flatMap(\.numbers)
        case .text, .math: return []
        }
    }

    /// The form used in `text/plain` output (numbers with the default format).
    public var plainText: String { plain(format: NumberFormat(), scale: nil) }

    /// The form used in `text/html` output (numbers with the default format).
    public var html: String { html(format: NumberFormat(), scale: nil) }

    /// Plain text; a number uses `scale` when given (without its factor), else `format`.
    public func plain(format: NumberFormat, scale: NumberScale?) -> String {
        switch self {
        case .text(let text): return text
        case .math(let latex, let plain): return plain ?? UnicodeMath.plain(latex)
        case .number(let value): return scale?.mantissa(value) ?? format.string(value)
        case .joined(let cells): return cells.map { $0.plain(format: format, scale: scale) }.joined()
        }
    }

    /// HTML: escaped text, math in its Unicode form, numbers with a true minus sign.
    public func html(format: NumberFormat, scale: NumberScale?) -> String {
        switch self {
        case .text(let text):
            return HTML.escapeOutsideMath(text)
        case .math(let latex, let plain):
            let text = plain ?? UnicodeMath.plain(latex)
            if text.trimmingEdges().isEmpty { return "" }
            return "<span class=\"bp-math\">" + HTML.escapeOutsideMath(text) + "</span>"
        case .number(let value):
            return HTML.number(scale?.mantissa(value) ?? format.string(value))
        case .joined(let cells):
            return cells.map { $0.html(format: format, scale: scale) }.joined()
        }
    }

    /// LaTeX (math mode): text in `\text{…}`, math as it is, numbers via `LaTeX.number`.
    public func latex(format: NumberFormat) -> String {
        switch self {
        case .text(let text):
            // Spaces, `=`, digits and punctuation are math already; other text goes in \text{}.
            if text.allSatisfy({ " =,.;:()+-0123456789".contains($0) }) { return text }
            return LaTeX.text(text)
        case .math(let latex, _): return latex
        case .number(let value): return LaTeX.number(value, format: format)
        case .joined(let cells): return cells.map { $0.latex(format: format) }.joined()
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
