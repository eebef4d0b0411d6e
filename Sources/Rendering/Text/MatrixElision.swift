/// Which rows and columns of a large matrix are shown: all of them when they fit,
/// otherwise the first and last few with a gap (`nil`) between. Shared by the text,
/// HTML and LaTeX matrices and the network diagram, so all elide alike.
struct MatrixElision: Equatable {
    var rows: [Int?]
    var columns: [Int?]
    var rowCount: Int
    var columnCount: Int

    init(rowCount: Int, columnCount: Int, maxRows: Int, maxColumns: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        rows = Self.indices(count: rowCount, limit: maxRows)
        columns = Self.indices(count: columnCount, limit: maxColumns)
    }

    /// The shape of a possibly ragged matrix: its row count and longest row.
    init(_ values: [[Double]], maxRows: Int, maxColumns: Int) {
        self.init(rowCount: values.count, columnCount: values.map(\.count).max() ?? 0,
                  maxRows: maxRows, maxColumns: maxColumns)
    }

    var elidesRows: Bool { rows.contains(nil) }
    var elidesColumns: Bool { columns.contains(nil) }

    /// `0, 1, …, count-1` when `count ≤ limit`; else the first and last
    /// `(limit - 1) / 2` (at least one each) around a `nil` gap.
    static func indices(count: Int, limit: Int) -> [Int?] {
        guard count > max(limit, 2) else { return Array(0..<max(count, 0)) }
        let side = max(1, (limit - 1) / 2)
        return Array(0..<side) + [nil] + Array((count - side)..<count)
    }

    /// `64×784, showing corners`-style note, or nil when nothing is elided.
    var note: String? {
        let shape = "\(rowCount)×\(columnCount)"
        switch (elidesRows, elidesColumns) {
        case (true, true): return shape + ", showing corners"
        case (true, false): return shape + ", showing first and last rows"
        case (false, true): return shape + ", showing first and last columns"
        case (false, false): return nil
        }
    }

    /// The value at a shown position, nil for a missing entry of a ragged row.
    static func value(_ values: [[Double]], _ row: Int, _ column: Int) -> Double? {
        guard row < values.count, column < values[row].count else { return nil }
        return values[row][column]
    }
}
