/// A position in a cell.
///
/// Columns and offsets count Unicode scalars (code points), not grapheme clusters or
/// UTF-8 bytes: Jupyter's `cursor_pos` (protocol 5.2+) counts code points, so completion,
/// error carets and the JSON `line`/`column` of an error all use the same unit.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars from the start of the line.
    public var column: Int
    /// 0-based offset in Unicode scalars from the start of the cell.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a cell.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    public var description: String { "line \(line), column \(column)" }
}
