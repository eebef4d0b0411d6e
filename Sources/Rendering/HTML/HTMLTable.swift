/// A table for `text/html` output that reads well in JupyterLab's light and dark themes.
///
/// Borders use JupyterLab's CSS variables (with fallbacks); no text colour is set, so the
/// theme's own applies. Headers and cells are `Cell`s, so math renders as math. Numeric
/// (`.decimal`) columns are right-aligned with tabular figures. The table sits in a
/// horizontally scrolling wrapper so it never overflows the notebook column.
///
/// ```swift
/// var table = HTMLTable(caption: "Gradient check",
///                       columns: [.init("parameter"), .init(.math(#"\partial L/\partial w"#), .decimal)])
/// table.addRow(["w₁₁₁", "0.0032"])
/// table.footnotes = ["relative errors below 1e-7 pass"]
/// let html = table.render()   // "<div style=\"overflow-x:auto;max-width:100%\"><table …"
/// ```
public struct HTMLTable: Sendable, Hashable, CustomStringConvertible {
    /// A column: its header and how its cells line up.
    public struct Column: Sendable, Hashable {
        public var header: Cell
        public var alignment: ColumnAlignment

        public init(_ header: Cell, _ alignment: ColumnAlignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// Shown above the table, left-aligned and bold; nil for none.
    public var caption: Cell?
    public var columns: [Column]
    /// Small lines under the table.
    public var footnotes: [Cell] = []
    /// How number cells are written.
    public var format = NumberFormat()
    /// The shared scale of each column's numbers (`DocumentTable.scales`); nil entries, or
    /// none, use `format` per number.
    public var scales: [NumberScale?] = []
    private var groups: [[[Cell]]] = [[]]

    public init(caption: Cell? = nil, columns: [Column]) {
        self.caption = caption
        self.columns = columns
    }

    /// Appends a row; missing cells are blank, extra cells get left-aligned columns.
    public mutating func addRow(_ cells: [Cell]) {
        if groups.isEmpty { groups = [[]] }
        groups[groups.count - 1].append(cells)
    }

    /// Starts a new row group (its own `<tbody>`, with a rule above it). Empty groups
    /// are dropped.
    public mutating func addSeparator() {
        if groups.last?.isEmpty == false { groups.append([]) }
    }

    public var description: String { render() }

    /// The HTML fragment.
    public func render() -> String {
        let bodies = groups.filter { !$0.isEmpty }
        let columnCount = max(columns.count, bodies.joined().map(\.count).max() ?? 0)
        let alignments = (0..<columnCount).map { index in
            index < columns.count ? columns[index].alignment : .left
        }

        // The title is a block above the table, not a <caption>: a caption is only as wide as
        // its table and would wrap a long title over a narrow table.
        var html = ""
        if let caption {
            html += "<div style=\"" + HTMLStyle.caption + "\">" + caption.html(format: format, scale: nil) + "</div>"
        }
        html += "<table style=\"" + HTMLStyle.table + "\">"
        if !columns.isEmpty {
            html += "<thead><tr>"
            for index in 0..<columnCount {
                let header = index < columns.count ? columns[index].header.html(format: format, scale: nil) : ""
                html += "<th style=\"" + HTMLStyle.headerCell(alignments[index]) + "\">"
                    + header + "</th>"
            }
            html += "</tr></thead>"
        }
        for (groupIndex, rows) in bodies.enumerated() {
            html += "<tbody>"
            for (rowIndex, row) in rows.enumerated() {
                let ruled = groupIndex > 0 && rowIndex == 0
                html += "<tr>"
                for index in 0..<columnCount {
                    let scale = index < scales.count ? scales[index] : nil
                    let cell = index < row.count ? row[index].html(format: format, scale: scale) : ""
                    html += "<td style=\"" + HTMLStyle.bodyCell(alignments[index], ruled: ruled)
                        + "\">" + cell + "</td>"
                }
                html += "</tr>"
            }
            html += "</tbody>"
        }
        html += "</table>"
        for footnote in footnotes {
            html += HTML.note(footnote.html(format: format, scale: nil))
        }
        return HTML.scrollable(html)
    }
}

/// Inline styles shared by the HTML builders (inline because notebook sanitisers drop
/// `<style>` elements from untrusted output).
enum HTMLStyle {
    /// `font-size:inherit`: the content font (JupyterLab's table rule sets the smaller UI font).
    static let table = "border-collapse:collapse;margin:0;width:auto;table-layout:auto;font-size:inherit"
    static let caption = "text-align:left;font-weight:600;padding:0 0 0.4em 0"
    static let padding = "padding:0.25em 0.75em;white-space:nowrap;vertical-align:middle"
    static let headerRule = "border-bottom:1px solid var(--jp-border-color1, #bdbdbd)"
    static let groupRule = "border-top:1px solid var(--jp-border-color2, #e0e0e0)"
    static let numeric = "font-variant-numeric:tabular-nums"

    static func textAlign(_ alignment: ColumnAlignment) -> String {
        switch alignment {
        case .left: return "text-align:left"
        case .right, .decimal: return "text-align:right"
        case .center: return "text-align:center"
        }
    }

    static func headerCell(_ alignment: ColumnAlignment) -> String {
        [padding, textAlign(alignment), headerRule, "font-weight:600"].joined(separator: ";")
    }

    static func bodyCell(_ alignment: ColumnAlignment, ruled: Bool) -> String {
        var parts = [padding, textAlign(alignment)]
        if alignment == .decimal || alignment == .right { parts.append(numeric) }
        if ruled { parts.append(groupRule) }
        return parts.joined(separator: ";")
    }
}
