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
        let text = format.string(value)
        guard text.contains("e"), let parts = format.scientificParts(value) else { return text }
        if parts.mantissa == "1" { return "10^{\(parts.exponent)}" }
        if parts.mantissa == "-1" { return "-10^{\(parts.exponent)}" }
        return parts.mantissa + #" \times 10^{"# + String(parts.exponent) + "}"
    }

    /// A `bmatrix`; more than `maxRows` rows or `maxColumns` columns show the corners
    /// with `\cdots`, `\vdots` and `\ddots` (amsmath's default limit is 10 columns).
    public static func bmatrix(_ values: [[Double]], format: NumberFormat = NumberFormat(),
                               maxRows: Int = 12, maxColumns: Int = 10) -> String {
        let elision = MatrixElision(values, maxRows: maxRows, maxColumns: maxColumns)
        let rows = elision.rows.map { row in
            elision.columns.map { column -> String in
                switch (row, column) {
                case (let row?, let column?):
                    return MatrixElision.value(values, row, column).map { number($0, format: format) } ?? ""
                case (nil, nil): return #"\ddots"#
                case (nil, _): return #"\vdots"#
                case (_, nil): return #"\cdots"#
                }
            }.joined(separator: " & ")
        }
        return #"\begin{bmatrix} "# + rows.joined(separator: #" \\ "#) + #" \end{bmatrix}"#
    }

    /// Lines of an `aligned` environment (each usually holding one `&` before the
    /// relation), wrapped in display math `$$ … $$`.
    public static func displayAligned(_ lines: [String]) -> String {
        "$$" + #"\begin{aligned} "# + lines.joined(separator: #" \\ "#) + #" \end{aligned}"# + "$$"
    }
}
