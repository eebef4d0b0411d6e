/// `text/html`: inline-styled HTML that reads in JupyterLab's light and dark themes, in an
/// untrusted saved notebook, and in an offline nbconvert export: no MathJax needed (math in
/// its Unicode form), sizes in `em`/`inherit` so it follows the content font, wide tables
/// scroll inside the output.
public struct HTMLBackend: DocumentBackend {
    public init() {}
    public var mime: String { "text/html" }

    public func render(_ document: Document) -> String? {
        let format = document.format
        var html = ""
        for block in document.blocks {
            switch block {
            case let .headline(cell):
                // The answer: bold at body size, the theme's colour.
                html += "<div class=\"bp-headline\" style=\"font-weight:600;margin:0.2em 0 0.5em 0\">"
                    + cell.html(format: format, scale: nil) + "</div>"
            case let .title(cell):
                html += "<div style=\"font-weight:600;margin:0.6em 0 0.2em 0\">" + cell.html(format: format, scale: nil) + "</div>"
            case let .paragraph(cell):
                html += "<div>" + cell.html(format: format, scale: nil) + "</div>"
            case let .note(cell):
                html += HTML.note(cell.html(format: format, scale: nil))
            case let .table(table):
                html += self.table(table, format: format)
            case let .values(values):
                html += "<div style=\"display:flex;flex-wrap:wrap;gap:0.6em 1.6em;align-items:center;overflow-x:auto;max-width:100%\">"
                html += values.map { matrix($0, format: format) }.joined()
                html += "</div>"
            case .equations:
                continue
            case let .picture(picture):
                html += Self.embed(picture)
            case let .progress(p):
                html += "<div style=\"display:flex;gap:0.8em;align-items:center;font-variant-numeric:tabular-nums\">"
                    + "<span>\(HTML.escape(p.state))</span><progress max=\"\(max(p.total, 1))\" value=\"\(p.value)\" style=\"width:12em\"></progress>"
                    + "<span>epoch \(p.value)/\(p.total)</span><span>\(HTML.number(p.detail))</span></div>"
            case let .preformatted(text):
                html += "<pre style=\"white-space:pre-wrap;font-size:inherit\">" + HTML.escape(text) + "</pre>"
            case .rule:
                html += "<hr style=\"border:none;border-top:1px solid var(--jp-border-color2,#ddd)\">"
            }
        }
        return "<div class=\"backprop-output\">" + html + "</div>"
    }

    /// How a picture goes into the HTML: the one place to change it (inline SVG for now).
    public static func embed(_ picture: Picture) -> String {
        // A data: image survives where inline <svg> does not: untrusted notebooks (the
        // sanitizer strips <svg>), nbconvert, nbviewer and GitHub.
        "<div style=\"margin:0.4em 0;max-width:100%\">" + SVGImage.html(svg: picture.svg, alt: picture.alt) + "</div>"
    }

    func matrix(_ value: LabelledMatrix, format: NumberFormat) -> String {
        if value.isScalar {
            return "<div>" + value.label.html(format: format, scale: nil) + " = <span style=\"font-variant-numeric:tabular-nums\">"
                + HTML.number(format.string(value.rows.first?.first ?? .nan)) + "</span></div>"
        }
        return HTMLMatrix(value.rows, label: value.label, format: format).render()
    }

    func table(_ table: DocumentTable, format: NumberFormat) -> String {
        let scales = table.scales(format)
        // The factor is HTML already (×10<sup>−4</sup>): passed as a pre-escaped piece.
        let columns = (0..<table.columnCount).map { index -> HTMLTable.Column in
            var header = index < table.columns.count ? table.columns[index].header : .text("")
            if let scale = scales[index], scale.hasFactor { header = .joined([header, .text(" (" + scale.plainFactor + ")")]) }
            return HTMLTable.Column(header, table.alignment(index))
        }
        var html = HTMLTable(caption: table.caption, columns: columns)
        html.format = format
        for (k, group) in table.groups.enumerated() {
            if k > 0 { html.addSeparator() }
            for row in group { html.addRow(row) }
        }
        html.scales = scales
        html.footnotes = table.footnotes
        return html.render()
    }
}
