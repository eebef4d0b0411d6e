import Backprop

/// A CSV file read into x (the numeric input columns) and y (the target column, one-hot for
/// class labels). The first line is the header.
struct CSVData {
    struct Failure: Error {
        let message: String
        var pointsAtTarget = false
    }

    let x: Matrix
    let y: Matrix
    let inputColumns: [String]
    let classes: [String]?
    let normalized: Bool

    init(text: String, target: String?, onehot: Bool, normalize: Bool) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        guard let headerLine = lines.first else { throw Failure(message: "the file is empty") }
        let header = CSVData.cells(headerLine)
        guard header.count >= 1 else { throw Failure(message: "the header line is empty") }
        var targetIndex: Int? = nil
        if let target {
            guard let k = header.firstIndex(of: target) else {
                let near = header.min(by: { CSVData.distance($0, target) < CSVData.distance($1, target) })
                throw Failure(message: "there is no column named \"\(target)\"; the columns are \(header.joined(separator: ", "))"
                              + (near.map { CSVData.distance($0, target) <= 2 ? " (did you mean \"\($0)\"?)" : "" } ?? ""),
                              pointsAtTarget: true)
            }
            targetIndex = k
        }
        let body = lines.dropFirst().enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard !body.isEmpty else { throw Failure(message: "the file has a header but no rows") }
        var inputs: [[Double]] = []
        var labels: [String] = []
        inputs.reserveCapacity(body.count)
        for (k, line) in body {
            let cells = CSVData.cells(line)
            guard cells.count == header.count else {
                throw Failure(message: "line \(k + 2) has \(cells.count) cells but the header has \(header.count)")
            }
            var row: [Double] = []
            for (j, cell) in cells.enumerated() {
                if j == targetIndex { labels.append(cell); continue }
                guard let v = Double(cell), v.isFinite else {
                    throw Failure(message: "line \(k + 2), column \"\(header[j])\": \"\(cell)\" is not a number")
                }
                row.append(v)
            }
            inputs.append(row)
        }
        var names = header
        if let t = targetIndex { names.remove(at: t) }
        guard !names.isEmpty else { throw Failure(message: "there are no input columns besides the target") }
        var xm = try Matrix(inputs)
        if normalize {
            for j in 0..<xm.cols {
                let col = xm.column(j)
                let mean = col.reduce(0, +) / Double(col.count)
                let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
                for i in 0..<xm.rows { xm[i, j] = sd > 0 ? (xm[i, j] - mean) / sd : 0 }
            }
        }
        var classes: [String]? = nil
        var ym = Matrix(rows: inputs.count, cols: 0)
        if targetIndex != nil {
            let numeric = labels.compactMap(Double.init)
            if onehot || numeric.count != labels.count {
                var order: [String] = []
                for l in labels where !order.contains(l) { order.append(l) }
                if order.count > 1000 { throw Failure(message: "the target has \(order.count) classes; one-hot encoding allows at most 1000", pointsAtTarget: true) }
                ym = Matrix(rows: labels.count, cols: order.count)
                for (i, l) in labels.enumerated() { if let c = order.firstIndex(of: l) { ym[i, c] = 1 } }
                classes = order
            } else {
                ym = Matrix(rows: labels.count, cols: 1)
                for (i, v) in numeric.enumerated() { ym[i, 0] = v }
            }
        }
        self.x = xm
        self.y = ym
        self.inputColumns = names
        self.classes = classes
        self.normalized = normalize
    }

    /// Splits one line on commas, honouring double quotes.
    static func cells(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = line.makeIterator()
        while let c = it.next() {
            if c == "\"" { quoted.toggle(); continue }
            if c == ",", !quoted { out.append(cur.trimmed); cur = ""; continue }
            cur.append(c)
        }
        out.append(cur.trimmed)
        return out
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
