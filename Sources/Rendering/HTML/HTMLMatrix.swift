/// A labelled matrix for `text/html` output: numbers right-aligned with tabular
/// figures between square brackets drawn with borders in the theme's text colour.
/// Large matrices show their corners with `⋯`, `⋮`, `⋱` and a note, like `TextMatrix`.
///
/// ```swift
/// HTMLMatrix([[0.1, 0.3], [-0.3, -0.2]], label: .math("W_1")).render()
/// ```
public struct HTMLMatrix: Sendable, Hashable, CustomStringConvertible {
    public var values: [[Double]]
    /// Shown as `label =` left of the matrix; nil for none.
    public var label: Cell?
    public var format: NumberFormat
    public var maxRows: Int
    public var maxColumns: Int

    public init(_ values: [[Double]], label: Cell? = nil, format: NumberFormat = NumberFormat(),
                maxRows: Int = 12, maxColumns: Int = 10) {
        self.values = values
        self.label = label
        self.format = format
        self.maxRows = maxRows
        self.maxColumns = maxColumns
    }

    public var description: String { render() }

    /// The HTML fragment.
    public func render() -> String {
        let elision = MatrixElision(values, maxRows: maxRows, maxColumns: maxColumns)
        let scale = NumberScale(values.joined(), format: format)
        let rowSpan = max(elision.rows.count, 1)
        let bracket = "padding:0;width:0.4em;min-width:0.4em;border-style:solid;border-color:currentColor;"
        let openStyle = bracket + "border-width:1px 0 1px 1.5px"
        let closeStyle = bracket + "border-width:1px 1.5px 1px 0"
        let cellStyle = "padding:0.15em 0.45em;text-align:right;white-space:nowrap;"
            + HTMLStyle.numeric + ";border:none"
        let markerStyle = "padding:0.15em 0.45em;text-align:center;border:none;opacity:0.7"

        var html = "<table style=\"" + HTMLStyle.table + "\">"
        let rows: [Int?] = elision.rows.isEmpty ? [] : elision.rows
        if rows.isEmpty {
            html += "<tr style=\"background:transparent\">"
            html += labelCell(rowSpan: 1, scale: scale)
            html += "<td style=\"\(openStyle)\"></td><td style=\"\(cellStyle)\"></td>"
                + "<td style=\"\(closeStyle)\"></td></tr>"
        }
        for (position, row) in rows.enumerated() {
            html += "<tr style=\"background:transparent\">"
            if position == 0 {
                html += labelCell(rowSpan: rowSpan, scale: scale)
                html += "<td rowspan=\"\(rowSpan)\" style=\"\(openStyle)\"></td>"
            }
            for column in elision.columns {
                switch (row, column) {
                case (let row?, let column?):
                    let text = MatrixElision.value(values, row, column).map(scale.mantissa) ?? ""
                    html += "<td style=\"\(cellStyle)\">" + HTML.number(text) + "</td>"
                case (nil, nil):
                    html += "<td style=\"\(markerStyle)\">⋱</td>"
                case (nil, _):
                    html += "<td style=\"\(markerStyle)\">⋮</td>"
                case (_, nil):
                    html += "<td style=\"\(markerStyle)\">⋯</td>"
                }
            }
            if position == 0 {
                html += "<td rowspan=\"\(rowSpan)\" style=\"\(closeStyle)\"></td>"
            }
            html += "</tr>"
        }
        html += "</table>"
        if let note = elision.note {
            html += HTML.note(HTML.escape(note))
        }
        return HTML.scrollable(html)
    }

    private func labelCell(rowSpan: Int, scale: NumberScale) -> String {
        let factor = scale.hasFactor ? " 10<sup>" + HTML.number(String(scale.exponent)) + "</sup> ×" : ""
        guard label != nil || scale.hasFactor else { return "" }
        return "<td rowspan=\"\(rowSpan)\" style=\"padding:0 0.5em 0 0;border:none;"
            + "vertical-align:middle;white-space:nowrap\">" + (label.map { $0.html(format: format, scale: nil) + " =" } ?? "") + factor + "</td>"
    }
}
