/// The class a network gives each cell of a square grid over the plane of its two inputs: the
/// decision-boundary picture (TF Playground's), computed at the cells' centres.
public struct DecisionGrid: Sendable, Equatable {
    /// Cells per side (the grid has cells × cells).
    public let cells: Int
    /// The plane covered: [xLow, xHigh] × [yLow, yHigh] (first and second input).
    public let xLow: Double, xHigh: Double, yLow: Double, yHigh: Double
    /// The class of each cell, row by row from the lowest second input up, each row from the
    /// lowest first input: `classes[r * cells + c]`.
    public let classes: [Int]
    /// Classes the output can give: 2 for one output (ŷ ≥ 0.5), n_L otherwise (argmax).
    public let classCount: Int

    /// The cells per side accepted.
    public static let cellRange = 4...100
    public static let defaultCells = 40

    /// The centre of cell (row r, column c).
    public func centre(row r: Int, column c: Int) -> (Double, Double) {
        let w = (xHigh - xLow) / Double(cells), h = (yHigh - yLow) / Double(cells)
        return (xLow + (Double(c) + 0.5) * w, yLow + (Double(r) + 0.5) * h)
    }

    /// The class of an output row, as accuracy counts it: ŷ ≥ 0.5 for one output, else the
    /// first largest ŷ.
    public static func outputClass(_ row: ArraySlice<Double>) -> Int {
        guard let first = row.first else { return 0 }
        if row.count == 1 { return first >= 0.5 ? 1 : 0 }
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }

    /// The plane around the inputs x (m × 2): each axis from its minimum to its maximum, widened
    /// by 10 % of the span on both sides (by 0.5 when the span is 0).
    public static func bounds(of x: Matrix) -> (Double, Double, Double, Double) {
        func axis(_ j: Int) -> (Double, Double) {
            let column = x.column(j).filter(\.isFinite)
            guard let lo = column.min(), let hi = column.max() else { return (-1, 1) }
            let pad = hi > lo ? 0.1 * (hi - lo) : 0.5
            return (lo - pad, hi + pad)
        }
        let (x0, x1) = axis(0), (y0, y1) = axis(1)
        return (x0, x1, y0, y1)
    }

    /// The grid of `network` (2 inputs) over the plane around `x`.
    public init(network: Network, around x: Matrix, cells: Int = DecisionGrid.defaultCells) throws(BackpropError) {
        guard network.inputSize == 2 else {
            throw BackpropError.invalidArgument("a decision boundary needs 2 inputs, and this network has \(network.inputSize)")
        }
        guard x.cols == 2, x.rows >= 1 else {
            throw BackpropError.shapeMismatch(what: "x", expected: Shape(max(x.rows, 1), 2), actual: x.shape)
        }
        guard DecisionGrid.cellRange.contains(cells) else {
            throw BackpropError.invalidArgument("the grid must have \(DecisionGrid.cellRange.lowerBound) to \(DecisionGrid.cellRange.upperBound) cells per side, not \(cells)")
        }
        let (x0, x1, y0, y1) = DecisionGrid.bounds(of: x)
        guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite, x1 - x0 < .infinity, y1 - y0 < .infinity else {
            throw BackpropError.nonFinite(location: "the range of the inputs")
        }
        self.cells = cells
        (xLow, xHigh, yLow, yHigh) = (x0, x1, y0, y1)
        classCount = network.outputSize == 1 ? 2 : network.outputSize
        // The forward pass in chunks, so a wide network's activations stay about 8 MiB.
        let widest = network.sizes.max() ?? 1
        let chunk = max(1, (1 << 20) / max(widest, 1))
        let total = cells * cells
        var classes: [Int] = []
        classes.reserveCapacity(total)
        var start = 0
        let w = (x1 - x0) / Double(cells), h = (y1 - y0) / Double(cells)
        while start < total {
            let end = min(start + chunk, total)
            var storage: [Double] = []
            storage.reserveCapacity((end - start) * 2)
            for k in start..<end {
                storage.append(x0 + (Double(k % cells) + 0.5) * w)
                storage.append(y0 + (Double(k / cells) + 0.5) * h)
            }
            guard let points = Matrix(rows: end - start, cols: 2, storage: storage) else { break }
            let yhat = try network.forward(points, targets: nil).yhat
            let n = yhat.cols
            for r in 0..<yhat.rows {
                let row = yhat.storage[(r * n)..<((r + 1) * n)]
                guard row.allSatisfy(\.isFinite) else {
                    let (px, py) = (storage[2 * r], storage[2 * r + 1])
                    throw BackpropError.nonFinite(location: "ŷ at the grid point (\(px), \(py))")
                }
                classes.append(DecisionGrid.outputClass(row))
            }
            start = end
        }
        self.classes = classes
    }
}
