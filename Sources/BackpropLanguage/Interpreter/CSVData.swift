import Backprop

/// A CSV file read into x (the numeric input columns) and y (the target column, one-hot for
/// class labels). The first line is the header.
struct CSVData {
    struct Failure: Error {
        let message: String
        var pointsAtTarget = false
        var isStop = false
        var isNotUTF8 = false

        static let stopped = Failure(message: "interrupted", isStop: true)

        static func tooManyNumbers(_ n: Int, limit: Int) -> Failure {
            Failure(message: "the data would hold \(n) numbers in x and y; the limit is \(limit) (\(limit / 131_072) MiB)")
        }
    }

    let x: Matrix
    let y: Matrix
    let inputColumns: [String]
    let classes: [String]?
    let normalized: Bool

    /// The most numbers x and y may hold together (128 MiB as doubles): a 10-million-row
    /// file, or one-hot targets of many classes, are refused before they are allocated.
    static let maxNumbers = 16 * 1_048_576

    /// Reads the CSV in `bytes` line by line, straight into flat storage: memory is the
    /// file plus x and y, never a copy per line or per cell. `shouldStop` is asked every
    /// 1 024 lines; a true answer ends the read with `Failure.stopped`.
    init(bytes: [UInt8], target: String?, onehot: Bool, normalize: Bool, shouldStop: () -> Bool = { false },
         maxNumbers: Int = CSVData.maxNumbers) throws {
        var reader = CSVRows(target: target, maxNumbers: maxNumbers)
        try bytes.withUnsafeBufferPointer { (buffer) throws in
            try reader.readLines(buffer, shouldStop: shouldStop)
        }
        guard let header = reader.header else { throw Failure(message: "the file is empty") }
        guard reader.rows > 0 else { throw Failure(message: "the file has a header but no rows") }
        var names = header
        if let t = reader.targetIndex { names.remove(at: t) }
        guard !names.isEmpty else { throw Failure(message: "there are no input columns besides the target") }
        guard var xm = Matrix(rows: reader.rows, cols: names.count, storage: reader.inputs) else {
            throw Failure(message: "the rows do not have the same number of cells")
        }
        reader.inputs = []
        if normalize {
            for j in 0..<xm.cols {
                if shouldStop() { throw Failure.stopped }
                let col = xm.column(j)
                let mean = col.reduce(0, +) / Double(col.count)
                let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
                for i in 0..<xm.rows { xm[i, j] = sd > 0 ? (xm[i, j] - mean) / sd : 0 }
            }
        }
        var classes: [String]? = nil
        var ym = Matrix(rows: reader.rows, cols: 0)
        if reader.targetIndex != nil {
            if onehot || !reader.labelsAreNumeric {
                guard !reader.tooManyClasses else {
                    throw Failure(message: "the target has more than \(CSVRows.maxClasses) classes; one-hot encoding allows at most \(CSVRows.maxClasses)",
                                  pointsAtTarget: true)
                }
                let total = xm.storage.count + reader.rows * reader.classOrder.count
                guard total <= maxNumbers else { throw Failure.tooManyNumbers(total, limit: maxNumbers) }
                ym = Matrix(rows: reader.rows, cols: reader.classOrder.count)
                for (i, c) in reader.labelClasses.enumerated() { ym[i, Int(c)] = 1 }
                classes = reader.classOrder
            } else {
                guard let column = Matrix(rows: reader.rows, cols: 1, storage: reader.labelValues) else {
                    throw Failure(message: "the target column is incomplete")
                }
                ym = column
            }
        }
        self.x = xm
        self.y = ym
        self.inputColumns = names
        self.classes = classes
        self.normalized = normalize
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}

extension String {
    var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
