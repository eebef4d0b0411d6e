/// `text/latex`: the document's math (headline, labelled matrices, equations) as one display
/// `aligned` block, using only what KaTeX (VS Code, nbviewer's fallback) and MathJax both accept:
/// `\frac`, `\partial`, `\hat`, `\text`, `bmatrix`, `aligned`. Tables and notes are not math:
/// a document with no math has no text/latex part.
public struct LaTeXBackend: DocumentBackend {
    public init() {}
    public var mime: String { "text/latex" }

    public func render(_ document: Document) -> String? {
        let format = document.format
        var lines: [String] = []
        for block in document.blocks {
            switch block {
            case let .headline(cell):
                let math = cell.latex(format: format)
                // The first ` = ` (or the start) is where the lines align.
                lines.append(Self.aligning(math))
            case let .values(values):
                for value in values {
                    let label = value.label.latex(format: format)
                    if value.isScalar {
                        lines.append(label + " &= " + LaTeX.number(value.rows.first?.first ?? .nan, format: format))
                    } else {
                        lines.append(label + " &= " + LaTeX.bmatrix(value.rows, format: format))
                    }
                }
            case let .equations(equations):
                lines.append(contentsOf: equations)
            case .title, .paragraph, .note, .table, .picture, .progress, .preformatted, .rule:
                continue
            }
        }
        guard !lines.isEmpty else { return nil }
        return LaTeX.displayAligned(lines)
    }

    /// `a = b` → `a &= b` (at the first `=`); a line without `=` is aligned at its start.
    static func aligning(_ math: String) -> String {
        if math.contains("&") { return math }
        var depth = 0
        for index in math.indices {
            switch math[index] {
            case "{": depth += 1
            case "}": depth -= 1
            case "=" where depth == 0: return String(math[..<index]) + "&" + String(math[index...])
            default: break
            }
        }
        return "& " + math
    }
}
