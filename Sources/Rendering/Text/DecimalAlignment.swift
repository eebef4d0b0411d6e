/// Lines up number strings on their decimal point in a monospace column.
///
/// A cell with digits splits at its first `.`, or else at its exponent `e` (`1e-05`), or
/// else at its end (`12`); the part before the split is right-aligned and the rest
/// left-aligned. A cell without digits (`NaN`, `∞`, `—`) is right-aligned in the column.
struct DecimalAlignment {
    private(set) var leftWidth = 0
    private(set) var rightWidth = 0
    private(set) var plainWidth = 0

    init<Cells: Sequence>(_ cells: Cells) where Cells.Element == String {
        for cell in cells {
            if let (left, right) = Self.split(cell) {
                leftWidth = max(leftWidth, DisplayWidth.of(left))
                rightWidth = max(rightWidth, DisplayWidth.of(right))
            } else {
                plainWidth = max(plainWidth, DisplayWidth.of(cell))
            }
        }
    }

    /// The narrowest width that holds every cell.
    var width: Int { max(leftWidth + rightWidth, plainWidth) }

    /// `cell` aligned within `width` columns (at least `self.width`).
    func align(_ cell: String, width: Int) -> String {
        guard let (left, right) = Self.split(cell) else {
            return DisplayWidth.padLeft(cell, to: width)
        }
        let aligned = DisplayWidth.padLeft(left, to: leftWidth)
            + DisplayWidth.padRight(right, to: rightWidth)
        return DisplayWidth.padLeft(aligned, to: width)
    }

    static func split(_ cell: String) -> (String, String)? {
        guard cell.contains(where: { $0.isASCII && $0.isNumber }) else { return nil }
        let point = cell.firstIndex(of: ".")
            ?? cell.firstIndex(where: { $0 == "e" || $0 == "E" })
            ?? cell.endIndex
        return (String(cell[..<point]), String(cell[point...]))
    }
}
