/// `text/markdown` (GitHub-flavoured): the headline in bold, tables as pipe tables with
/// Unicode math, matrices as preformatted text. Not in the default bundle
/// (`DocumentBackends.optional`).
public struct MarkdownBackend: DocumentBackend {
    public init() {}
    public var mime: String { "text/markdown" }

    public func render(_ document: Document) -> String? {
        let format = document.format
        var parts: [String] = []
        for block in document.blocks {
            switch block {
            case let .headline(cell): parts.append("**" + Self.escape(cell.plain(format: format, scale: nil)) + "**")
            case let .title(cell): parts.append("*" + Self.escape(cell.plain(format: format, scale: nil)) + "*")
            case let .paragraph(cell), let .note(cell): parts.append(Self.escape(cell.plain(format: format, scale: nil)))
            case let .table(table): parts.append(self.table(table, format: format))
            case let .values(values):
                let lines = values.flatMap { PlainBackend().matrix($0, format: format) }
                parts.append("```\n" + lines.joined(separator: "\n") + "\n```")
            case .equations, .rule: continue
            case let .picture(picture): parts.append("*(picture: " + Self.escape(picture.alt) + ")*")
            case let .progress(progress): parts.append(Self.escape(progress.text))
            case let .preformatted(text): parts.append("```\n" + text + "\n```")
            }
        }
        return parts.joined(separator: "\n\n")
    }

    func table(_ table: DocumentTable, format: NumberFormat) -> String {
        let scales = table.scales(format)
        let count = table.columnCount
        func row(_ cells: [String]) -> String { "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |" }
        var lines: [String] = []
        if let caption = table.caption { lines.append("*" + Self.escape(caption.plain(format: format, scale: nil)) + "*"); lines.append("") }
        lines.append(row((0..<count).map { table.header($0, scale: scales[$0], factor: { .text($0.plainFactor) }).plain(format: format, scale: nil) }))
        lines.append(row((0..<count).map { table.alignment($0) == .left ? ":--" : (table.alignment($0) == .center ? ":-:" : "--:") }))
        for cells in table.rows {
            lines.append(row((0..<count).map { index in
                index < cells.count ? cells[index].plain(format: format, scale: scales[index]) : ""
            }))
        }
        for note in table.footnotes { lines.append(""); lines.append(Self.escape(note.plain(format: format, scale: nil))) }
        return lines.joined(separator: "\n")
    }

    /// Backslash-escapes the characters Markdown would read as markup.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>#|$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
