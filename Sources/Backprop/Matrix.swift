/// A dense matrix of doubles in row-major order.
///
/// Batches are m × n with one example per row; weights are n_l × n_{l-1} (`[out, in]`, as the
/// notes write W·x). Indices here are 0-based; the 1-based `w_{l i j}` names live in `ParameterID`.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major entries, `rows * cols` of them.
    public var storage: [Double]

    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
        self.storage = Array(repeating: value, count: self.rows * self.cols)
    }

    /// A matrix over existing storage; nil when the count does not match the shape.
    public init?(rows: Int, cols: Int, storage: [Double]) {
        guard rows >= 0, cols >= 0, storage.count == rows * cols else { return nil }
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from rows; throws `BackpropError.raggedRows` when rows differ in length.
    public init(_ rowArrays: [[Double]]) throws(BackpropError) {
        let cols = rowArrays.first?.count ?? 0
        for (i, row) in rowArrays.enumerated() where row.count != cols {
            throw BackpropError.raggedRows(row: i + 1, expected: cols, actual: row.count)
        }
        self.rows = rowArrays.count
        self.cols = cols
        self.storage = rowArrays.flatMap { $0 }
    }

    /// A 1 × n matrix holding one example.
    public init(row: [Double]) {
        self.rows = 1
        self.cols = row.count
        self.storage = row
    }

    public var shape: Shape { Shape(rows, cols) }

    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[(i * cols)..<((i + 1) * cols)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { storage[$0 * cols + j] } }

    /// The rows as nested arrays (for output).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    public func transposed() -> Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows {
            for j in 0..<cols { t.storage[j * rows + i] = storage[i * cols + j] }
        }
        return t
    }

    /// Element-wise map.
    public func map(_ f: (Double) -> Double) -> Matrix {
        var out = self
        for k in out.storage.indices { out.storage[k] = f(storage[k]) }
        return out
    }

    /// The rows selected by `indices`, in that order.
    public func rows(_ indices: some Collection<Int>) -> Matrix {
        var out = Matrix(rows: indices.count, cols: cols)
        for (r, i) in indices.enumerated() {
            for j in 0..<cols { out.storage[r * cols + j] = storage[i * cols + j] }
        }
        return out
    }

    /// The position (0-based row, column) of the first non-finite entry, if any.
    public var firstNonFinite: (row: Int, column: Int)? {
        guard let k = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (k / max(cols, 1), k % max(cols, 1))
    }

    /// Largest absolute difference to another matrix of the same shape (∞ if shapes differ).
    public func maxAbsDifference(_ other: Matrix) -> Double {
        guard shape == other.shape else { return .infinity }
        var d = 0.0
        for k in storage.indices { d = max(d, abs(storage[k] - other.storage[k])) }
        return d
    }
}

/// A matrix shape, printed as `rows×cols`.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    public init(_ rows: Int, _ cols: Int) { self.rows = rows; self.cols = cols }
    public var description: String { "\(rows)×\(cols)" }
}
