/// `text/plain`: lines for a terminal or a saved notebook's text view; tables and matrices
/// line up in a monospace font. A picture is one line naming it (`[picture: …]`).
public struct PlainBackend: DocumentBackend {
    public var style: TextStyle
    public init(style: TextStyle = .unicode) { self.style = style }
    public var mime: String { "text/plain" }

    public func render(_ document: Document) -> String? {
        var lines: [String] = []
        let format = document.format
        for block in document.blocks {
            switch block {
            case let .headline(cell), let .title(cell), let .paragraph(cell), let .note(cell):
                lines.append(cell.plain(format: format, scale: nil))
            case let .table(table):
                lines.append(contentsOf: self.table(table, format: format))
            case let .values(values):
                for value in values { lines.append(contentsOf: matrix(value, format: format)) }
            case .equations:
                continue
            case let .picture(picture):
                // Says what the picture is, never pretends to be it.
                lines.append(picture.text ?? "[picture: " + picture.alt + "]")
            case let .progress(progress):
                lines.append(progress.text)
            case let .preformatted(text):
                lines.append(text)
            case .rule:
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    func matrix(_ value: LabelledMatrix, format: NumberFormat) -> [String] {
        let label = value.label.plain(format: format, scale: nil)
        if value.isScalar { return [label + " = " + format.string(value.rows.first?.first ?? .nan)] }
        return TextMatrix(value.rows, label: label, format: format, style: style).lines()
    }

    func table(_ table: DocumentTable, format: NumberFormat) -> [String] {
        let scales = table.scales(format)
        let columns = (0..<table.columnCount).map { index in
            TextTable.Column(table.header(index, scale: scales[index], factor: { .text($0.plainFactor) })
                                .plain(format: format, scale: nil), table.alignment(index))
        }
        var text = TextTable(title: table.caption?.plain(format: format, scale: nil), columns: columns, style: style)
        for (k, group) in table.groups.enumerated() {
            if k > 0 { text.addSeparator() }
            for row in group {
                text.addRow(row.enumerated().map { index, cell in
                    cell.plain(format: format, scale: index < scales.count ? scales[index] : nil)
                })
            }
        }
        text.footer = table.footnotes.map { $0.plain(format: format, scale: nil) }
        return text.lines()
    }
}
