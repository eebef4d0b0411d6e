/// A labelled matrix for `text/plain` output, columns aligned on the decimal point.
///
/// Several rows use tall brackets; a single row stays on one line; large matrices show
/// their corners with `…` and `⋮` and a note:
///
/// ```swift
/// TextMatrix([[0.1, 0.3], [-0.3, -0.2]], label: "W1").render()
/// // W1 = ⎡ 0.1000  0.3000 ⎤
/// //      ⎣-0.3000 -0.2000 ⎦
/// TextMatrix([[0.5, 0.5]], label: "b1").render()
/// // b1 = [ 0.5000  0.5000 ]
/// ```
///
/// All entries share one `NumberScale`: the same decimals, and a factor such as `10⁻⁴ ×`
/// before the bracket when every entry is small.
///
/// Every cell keeps a slot for a minus sign, so positive and negative rows line up and
/// the brackets stay symmetric. The label sits on the middle row.
public struct TextMatrix: Sendable, Hashable, CustomStringConvertible {
    public var values: [[Double]]
    /// Shown as `label = ` before the matrix; nil for none.
    public var label: String?
    public var format: NumberFormat
    /// More columns than this show the first and last few around `…` (default 10).
    public var maxColumns: Int
    /// More rows than this show the first and last few around `⋮` (default 12).
    public var maxRows: Int
    public var style: TextStyle

    public init(_ values: [[Double]], label: String? = nil, format: NumberFormat = NumberFormat(),
                maxRows: Int = 12, maxColumns: Int = 10, style: TextStyle = .unicode) {
        self.values = values
        self.label = label
        self.format = format
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.style = style
    }

    public var description: String { render() }

    /// The matrix as lines joined with `\n` (no trailing newline).
    public func render() -> String { lines().joined(separator: "\n") }

    /// The matrix lines (and, when elided, a final note line such as `(64×784, showing corners)`).
    public func lines() -> [String] {
        let elision = MatrixElision(values, maxRows: maxRows, maxColumns: maxColumns)
        // One format for the whole matrix; a shared power of ten goes before the bracket.
        let scale = NumberScale(values.joined(), format: format)
        let factor = scale.hasFactor ? "10" + Script.superscript(String(scale.exponent)) + " × " : ""
        let prefix = (label.map { TextTable.singleLine($0) + " = " } ?? "") + factor
        let indent = DisplayWidth.spaces(DisplayWidth.of(prefix))
        let gapMarker = style == .unicode ? "…" : "..."
        let rowMarker = style == .unicode ? "⋮" : ":"

        // Cell text per shown position; nil marks a gap row.
        let grid: [[String]?] = elision.rows.map { row in
            guard let row else { return nil }
            return elision.columns.map { column in
                guard let column else { return gapMarker }
                guard let value = MatrixElision.value(values, row, column) else { return "" }
                let text = scale.mantissa(value)
                return text.hasPrefix("-") || text.hasPrefix("\u{2212}") ? text : " " + text
            }
        }
        let columnTexts = elision.columns.indices.map { index in
            grid.compactMap { $0?[index] }
        }
        let alignments = columnTexts.map { DecimalAlignment($0) }
        let widths = alignments.map { max($0.width, 1) }

        var body: [String] = grid.map { row in
            guard let row else {
                return widths.map { DisplayWidth.center(rowMarker, in: $0) }.joined(separator: " ")
            }
            return row.enumerated().map { index, text in
                elision.columns[index] == nil
                    ? DisplayWidth.center(text, in: widths[index])
                    : alignments[index].align(text, width: widths[index])
            }.joined(separator: " ")
        }
        if body.isEmpty { body = [""] }

        let labelRow = (body.count - 1) / 2
        var output: [String] = []
        for (index, content) in body.enumerated() {
            let (open, close) = brackets(row: index, of: body.count)
            let lead = index == labelRow ? prefix : indent
            output.append(lead + open + content + " " + close)
        }
        if let note = elision.note {
            output.append(indent + "(" + note + ")")
        }
        return output
    }

    private func brackets(row: Int, of count: Int) -> (String, String) {
        if count == 1 || style == .ascii { return ("[", "]") }
        if row == 0 { return ("⎡", "⎤") }
        if row == count - 1 { return ("⎣", "⎦") }
        return ("⎢", "⎥")
    }
}
