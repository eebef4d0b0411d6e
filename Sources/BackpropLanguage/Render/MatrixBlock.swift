import Backprop
import Rendering

/// A labelled value (number, vector or matrix) in the three human-readable forms.
struct LabelledValue {
    var plainLabel: String
    var latexLabel: String
    var rows: [[Double]]
    /// True for a scalar (printed as `name = value`).
    var isScalar: Bool

    init(plain: String, latex: String, matrix: Matrix) {
        plainLabel = plain
        latexLabel = latex
        rows = matrix.rowArrays
        isScalar = false
    }

    init(plain: String, latex: String, vector: [Double]) {
        plainLabel = plain
        latexLabel = latex
        rows = [vector]
        isScalar = false
    }

    init(plain: String, latex: String, scalar: Double) {
        plainLabel = plain
        latexLabel = latex
        rows = [[scalar]]
        isScalar = true
    }

    func text(_ format: NumberFormat) -> String {
        if isScalar { return "\(plainLabel) = \(format.string(rows.first?.first ?? .nan))" }
        return TextMatrix(rows, label: plainLabel, format: format).render()
    }

    func html(_ format: NumberFormat) -> String {
        if isScalar {
            return "<div>" + Cell.math(latexLabel).html + " = <code>" + HTML.escape(format.string(rows.first?.first ?? .nan)) + "</code></div>"
        }
        return HTMLMatrix(rows, label: .math(latexLabel, plain: plainLabel), format: format).render()
    }

    func latex(_ format: NumberFormat) -> String {
        if isScalar { return latexLabel + " &= " + LaTeX.number(rows.first?.first ?? .nan, format: format) }
        return latexLabel + " &= " + LaTeX.bmatrix(rows, format: format)
    }

    /// Several values, one after another, as a bundle's text/html/latex parts.
    static func stack(_ allValues: [LabelledValue], format: NumberFormat, title: String?, htmlTitle: Cell? = nil,
                      footer: [String] = []) -> (plain: String, html: String, latex: String) {
        // An interrupt cuts a deep network's output short; the interpreter then discards it.
        var values: [LabelledValue] = []
        for value in allValues {
            if values.count & 0xFF == 0, Cancellation.isRequested { break }
            values.append(value)
        }
        var plain: [String] = []
        if let title { plain.append(title) }
        plain.append(contentsOf: values.map { $0.text(format) })
        plain.append(contentsOf: footer)
        var html = ""
        if let title = htmlTitle ?? title.map(Cell.text) {
            html += "<div style=\"font-weight:600;margin:0.2em 0\">" + title.html + "</div>"
        }
        html += "<div style=\"display:flex;flex-wrap:wrap;gap:0.6em 1.6em;align-items:center;overflow-x:auto;max-width:100%\">"
        html += values.map { $0.html(format) }.joined()
        html += "</div>"
        if !footer.isEmpty { html += footer.map { "<div>" + HTML.escape($0) + "</div>" }.joined() }
        let latex = LaTeX.displayAligned(values.map { $0.latex(format) })
        return (plain.joined(separator: "\n"), html, latex)
    }
}
