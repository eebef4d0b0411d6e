/// Helpers for `text/latex` output (typeset by MathJax in JupyterLab).
///
/// ```swift
/// LaTeX.number(1.23456e-7)                       // "1.2346 \times 10^{-7}"
/// LaTeX.bmatrix([[0.1, 0.3], [-0.3, -0.2]])      // "\begin{bmatrix} 0.1000 & 0.3000 \\ -0.3000 & -0.2000 \end{bmatrix}"
/// LaTeX.displayAligned([#"L &= 0.1055"#])        // "$$\begin{aligned} L &= 0.1055 \end{aligned}$$"
/// ```
public enum LaTeX {
    /// A number in math mode: fixed decimals as `NumberFormat.string` decides, scientific
    /// as `1.23 \times 10^{-7}`, and `\mathrm{NaN}`, `\infty`, `-\infty`.
    public static func number(_ value: Double, format: NumberFormat = NumberFormat()) -> String {
        if value.isNaN { return #"\mathrm{NaN}"# }
        if value.isInfinite { return value < 0 ? #"-\infty"# : #"\infty"# }
        return scientific(format.string(value))
    }

    /// `1.235e-07` → `1.235 \times 10^{-7}`; other number text as it is.
    static func scientific(_ text: String) -> String {
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        let mantissa = String(text[..<e])
        if mantissa == "1" { return "10^{\(exponent)}" }
        if mantissa == "-1" { return "-10^{\(exponent)}" }
        return mantissa + #" \times 10^{"# + String(exponent) + "}"
    }

    /// Text in math mode: `\text{…}` with the characters LaTeX treats specially escaped, and
    /// the math symbols the renderers use in prose (∂ ≠ ≈ · − ŷ, subscript digits) written as
    /// math outside the `\text{}`, so KaTeX (which rejects many Unicode characters in text
    /// mode) typesets them too.
    public static func text(_ text: String) -> String {
        var out = ""
        var inText = false
        func enterText() { if !inText { out += #"\text{"#; inText = true } }
        func math(_ command: String) {
            if inText { out += "}"; inText = false }
            out += command
        }
        for character in text {
            if let command = mathSymbols[character] { math(command); continue }
            // A letter with a combining circumflex (m̂, v̂, x̂): \hat{m}.
            if character.unicodeScalars.count == 2, character.unicodeScalars.last == "\u{0302}",
               let base = character.unicodeScalars.first, base.isASCII, base.properties.isAlphabetic {
                math(#"\hat{"# + String(base) + "}"); continue
            }
            if let digit = subscriptDigits[character] { math("_{" + digit + "}"); continue }
            enterText()
            switch character {
            case "\\": out += #"\textbackslash{}"#
            case "{", "}", "$", "&", "#", "%", "_": out += "\\" + String(character)
            case "^": out += #"\^{}"#
            case "~": out += #"\~{}"#
            default: out.append(character)
            }
        }
        if inText { out += "}" }
        return out
    }

    private static let mathSymbols: [Character: String] = [
        "∂": #"\partial "#, "≠": #"\neq "#, "≈": #"\approx "#, "·": #"\cdot "#, "−": "-", "ŷ": #"\hat{y}"#,
        "∇": #"\nabla "#, "σ": #"\sigma "#, "η": #"\eta "#, "θ": #"\theta "#, "ε": #"\varepsilon "#, "→": #"\to "#,
        "×": #"\times "#, "✓": #"\checkmark "#, "✗": #"\times "#, "≤": #"\le "#, "≥": #"\ge "#, "Δ": #"\Delta "#,
        // The optimisers' and norms' formulas (KaTeX rejects them in text mode).
        "←": #"\leftarrow "#, "‖": #"\Vert "#, "√": #"\surd "#, "²": "^{2}", "ᵗ": "^{t}", "Σ": #"\Sigma "#,
        "α": #"\alpha "#, "β": #"\beta "#, "γ": #"\gamma "#, "λ": #"\lambda "#, "μ": #"\mu "#,
    ]

    private static let subscriptDigits: [Character: String] = [
        "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    ]

    /// A `bmatrix` whose entries share one `NumberScale` (a shared factor `10^{k}` is
    /// written before it); more than `maxRows` rows or `maxColumns` columns show the corners
    /// with `\cdots`, `\vdots` and `\ddots` (amsmath's default limit is 10 columns).
    public static func bmatrix(_ values: [[Double]], format: NumberFormat = NumberFormat(),
                               maxRows: Int = 12, maxColumns: Int = 10) -> String {
        let elision = MatrixElision(values, maxRows: maxRows, maxColumns: maxColumns)
        let scale = NumberScale(values.joined(), format: format)
        let rows = elision.rows.map { row in
            elision.columns.map { column -> String in
                switch (row, column) {
                case (let row?, let column?):
                    return MatrixElision.value(values, row, column).map { value in
                        value.isFinite ? scale.mantissa(value) : number(value, format: format)
                    } ?? ""
                case (nil, nil): return #"\ddots"#
                case (nil, _): return #"\vdots"#
                case (_, nil): return #"\cdots"#
                }
            }.joined(separator: " & ")
        }
        let factor = scale.hasFactor ? "10^{\(scale.exponent)} " : ""
        return factor + #"\begin{bmatrix} "# + rows.joined(separator: #" \\ "#) + #" \end{bmatrix}"#
    }

    /// Lines of an `aligned` environment (each usually holding one `&` before the
    /// relation), wrapped in display math `$$ … $$`.
    public static func displayAligned(_ lines: [String]) -> String {
        "$$" + #"\begin{aligned} "# + lines.joined(separator: #" \\ "#) + #" \end{aligned}"# + "$$"
    }
}
