/// Examples and their targets, one example per row.
public struct Dataset: Equatable, Sendable {
    public let x: Matrix
    public let y: Matrix

    /// Fails unless x and y have the same number of rows.
    public init(x: Matrix, y: Matrix) throws(BackpropError) {
        guard x.rows == y.rows else {
            throw BackpropError.shapeMismatch(what: "y", expected: Shape(x.rows, y.cols), actual: y.shape)
        }
        self.x = x
        self.y = y
    }

    public var count: Int { x.rows }

    /// The examples `indices`, in that order.
    public func rows(_ indices: [Int]) -> Dataset {
        // Same row count on both sides by construction.
        (try? Dataset(x: x.rows(indices), y: y.rows(indices))) ?? self
    }
}

/// A deterministic split into training and held-out examples.
public struct DataSplit: Equatable, Sendable {
    public let train: Dataset
    public let heldOut: Dataset
    /// The original (0-based) rows of each part, in the order they appear in it.
    public let trainRows: [Int]
    public let heldOutRows: [Int]
}

extension Dataset {
    /// The limit on generated or split data sets, to keep a typo from exhausting memory.
    public static let maxExamples = 1_000_000

    /// Shuffles the rows with `seed` (a Fisher–Yates permutation from `SeededGenerator`) and puts
    /// the first round(fraction·n) in `train`, the rest in `heldOut`; both get at least one
    /// example. The same data, fraction and seed always give the same split. (TF Playground
    /// shuffles, then takes floor(fraction·n) for training; rounding makes 0.29·100 give 29, not 28.)
    public func split(fraction: Double, seed: UInt64) throws(BackpropError) -> DataSplit {
        guard fraction.isFinite, fraction > 0, fraction < 1 else {
            throw BackpropError.invalidArgument("the training fraction must be between 0 and 1 (exclusive), not \(fraction)")
        }
        guard count >= 2 else {
            throw BackpropError.missingData("a split needs at least 2 examples, not \(count)")
        }
        var rng = SeededGenerator(seed: seed)
        let order = rng.permutation(count)
        let cut = min(max(Int((fraction * Double(count)).rounded()), 1), count - 1)
        let trainRows = Array(order[..<cut]), heldOutRows = Array(order[cut...])
        return DataSplit(train: rows(trainRows), heldOut: rows(heldOutRows), trainRows: trainRows, heldOutRows: heldOutRows)
    }
}
