/// A table for `text/plain` output: a title, a header row, a rule, rows (optionally in
/// groups) and footer lines. Every line has the same display width, so the table lines up
/// in any monospace terminal even with names such as `∂L/∂w₂₁₂`.
///
/// ```swift
/// var table = TextTable(title: "Forward pass",
///                       columns: [.init("unit"), .init("a", .decimal), .init("h", .decimal)])
/// table.addRow(["h₁₁", "2.9000", "0.9478"])
/// table.addSeparator()
/// table.addRow(["ŷ₁", "1.6574", "0.7703"])
/// table.footer = ["loss = 0.1055"]
/// print(table.render())
/// // Forward pass
/// // unit       a       h
/// // ────────────────────
/// // h₁₁   2.9000  0.9478
/// // ────────────────────
/// // ŷ₁    1.6574  0.7703
/// // ────────────────────
/// // loss = 0.1055
/// ```
public struct TextTable: Sendable, Hashable, CustomStringConvertible {
    /// A column: its header text and how its cells line up.
    public struct Column: Sendable, Hashable {
        public var header: String
        public var alignment: ColumnAlignment

        public init(_ header: String, _ alignment: ColumnAlignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    private enum Item: Sendable, Hashable {
        case row([String])
        case separator
    }

    /// A line above the table, left-aligned; nil for none.
    public var title: String?
    public var columns: [Column]
    /// Lines below the table, after a rule (notes, totals, the reason training stopped).
    public var footer: [String] = []
    public var style: TextStyle
    /// Spaces between columns.
    public var columnGap = 2
    private var items: [Item] = []

    public init(title: String? = nil, columns: [Column], style: TextStyle = .unicode) {
        self.title = title
        self.columns = columns
        self.style = style
    }

    /// Appends a row. Missing cells are blank; cells beyond the declared columns get
    /// extra left-aligned columns. Line breaks and tabs inside a cell become spaces.
    public mutating func addRow(_ cells: [String]) {
        items.append(.row(cells.map(Self.singleLine)))
    }

    /// Appends a row of `Cell`s using their plain-text form.
    public mutating func addRow(_ cells: [Cell]) {
        addRow(cells.map(\.plainText))
    }

    /// Starts a new group of rows: a rule is drawn before the next row. Leading,
    /// trailing and repeated separators are ignored.
    public mutating func addSeparator() {
        items.append(.separator)
    }

    /// Number of rows added so far (separators not counted).
    public var rowCount: Int {
        items.reduce(0) { count, item in
            if case .row = item { return count + 1 }
            return count
        }
    }

    public var description: String { render() }

    /// The table as lines joined with `\n` (no trailing newline).
    public func render() -> String {
        lines().joined(separator: "\n")
    }

    /// The table's lines. The header, rules and rows share one display width (the columns'),
    /// so they line up; the title and footer lines are not padded and never widen the table,
    /// so a long note does not push every row past a terminal's edge.
    public func lines() -> [String] {
        let rows = items.compactMap { item -> [String]? in
            if case .row(let cells) = item { return cells }
            return nil
        }
        let columnCount = max(columns.count, rows.map(\.count).max() ?? 0)
        let headers = (0..<columnCount).map { index in
            index < columns.count ? Self.singleLine(columns[index].header) : ""
        }
        let alignments = (0..<columnCount).map { index in
            index < columns.count ? columns[index].alignment : .left
        }
        let cell = { (row: [String], index: Int) in index < row.count ? row[index] : "" }

        var decimals: [DecimalAlignment?] = []
        var widths: [Int] = []
        for index in 0..<columnCount {
            let cells = rows.map { cell($0, index) }
            var width = DisplayWidth.of(headers[index])
            if alignments[index] == .decimal {
                let decimal = DecimalAlignment(cells)
                decimals.append(decimal)
                width = max(width, decimal.width)
            } else {
                decimals.append(nil)
                width = max(width, cells.map(DisplayWidth.of).max() ?? 0)
            }
            widths.append(width)
        }

        let gap = DisplayWidth.spaces(columnGap)
        func format(_ row: [String], isHeader: Bool) -> String {
            (0..<columnCount).map { index in
                let text = cell(row, index)
                let width = widths[index]
                switch alignments[index] {
                case .left: return DisplayWidth.padRight(text, to: width)
                case .right: return DisplayWidth.padLeft(text, to: width)
                case .center: return DisplayWidth.center(text, in: width)
                case .decimal:
                    if isHeader { return DisplayWidth.padLeft(text, to: width) }
                    return decimals[index]?.align(text, width: width)
                        ?? DisplayWidth.padLeft(text, to: width)
                }
            }.joined(separator: gap)
        }

        let bodyWidth = widths.reduce(0, +) + max(0, columnCount - 1) * columnGap
        let footerLines = footer.map(Self.singleLine)
        let width = bodyWidth
        let rule = String(repeating: style == .unicode ? "─" : "-", count: width)

        var output: [String] = []
        // A table whose headers are all empty (a key–value summary) has no header row.
        if columnCount > 0, headers.contains(where: { !$0.isEmpty }) {
            output.append(format(headers, isHeader: true))
            output.append(rule)
        }
        var pendingSeparator = false
        var wroteRow = false
        for item in items {
            switch item {
            case .separator:
                pendingSeparator = wroteRow
            case .row(let cells):
                if pendingSeparator { output.append(rule) }
                pendingSeparator = false
                output.append(format(cells, isHeader: false))
                wroteRow = true
            }
        }
        if !footerLines.isEmpty, columnCount > 0 { output.append(rule) }
        output = output.map { DisplayWidth.padRight($0, to: width) }
        if let title { output.insert(Self.singleLine(title), at: 0) }
        output.append(contentsOf: footerLines)
        return output
    }

    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
