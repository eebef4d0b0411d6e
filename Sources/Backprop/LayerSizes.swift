/// The size checks conv and maxpool share, each with a message that says what to change.
enum LayerSizes {
    /// Per-example arrays above this many values are refused (64 Mi doubles = 512 MB).
    static let maxValues = 1 << 26

    static func positive(_ sizes: [(String, Int)], layer: String) throws(BackpropError) {
        for (name, value) in sizes where value < 1 {
            throw BackpropError.invalidNetwork("\(layer): the \(name) must be at least 1, not \(value)")
        }
    }

    static func strideAndPadding(stride: Int, padding: Int, layer: String) throws(BackpropError) {
        guard stride >= 1 else { throw BackpropError.invalidNetwork("\(layer): the stride must be at least 1, not \(stride)") }
        guard padding >= 0 else { throw BackpropError.invalidNetwork("\(layer): the padding must be 0 or more, not \(padding)") }
        guard padding <= maxValues else { throw BackpropError.invalidNetwork("\(layer): a padding of \(padding) is too large") }
    }

    /// The output height and width of a window sliding over the padded input, or an error that
    /// says by how many rows and columns the window is too large.
    static func windowFits(what: String, windowHeight kh: Int, windowWidth kw: Int, channels: Int, height: Int, width: Int,
                           stride: Int, padding p: Int) throws(BackpropError) -> (Int, Int) {
        guard kh <= maxValues, kw <= maxValues, height <= maxValues, width <= maxValues else {
            throw BackpropError.invalidNetwork("the \(kh)×\(kw) \(what) or the \(height)×\(width) input is too large")
        }
        let ph = height + 2 * p, pw = width + 2 * p
        if kh > ph || kw > pw {
            var over: [String] = []
            if kh > ph { over.append("\(kh - ph) row\(kh - ph == 1 ? "" : "s") too tall") }
            if kw > pw { over.append("\(kw - pw) column\(kw - pw == 1 ? "" : "s") too wide") }
            let padded = p == 0 ? "" : " (\(ph)×\(pw) with padding \(p))"
            throw BackpropError.invalidNetwork(
                "the \(kh)×\(kw) \(what) does not fit the \(channels)×\(height)×\(width) input\(padded): it is "
                    + over.joined(separator: " and "))
        }
        return ((ph - kh) / stride + 1, (pw - kw) / stride + 1)
    }

    /// Refuses products of sizes past `maxValues` (and so any Int overflow).
    static func bounded(_ arrays: [(String, [Int])], layer: String) throws(BackpropError) {
        for (name, dims) in arrays {
            var total = 1
            for d in dims {
                let (p, overflow) = total.multipliedReportingOverflow(by: d)
                guard !overflow, p <= maxValues else {
                    let text = dims.map(String.init).joined(separator: "×")
                    throw BackpropError.invalidNetwork("\(layer): \(name) (\(text)) has more than \(maxValues) values per example")
                }
                total = p
            }
        }
    }

    /// Throws a shape mismatch unless `count` equals rows·cols of `expected` (the actual shape
    /// keeps `expected.cols` columns when the count allows, else it is one row).
    static func count(_ what: String, _ count: Int, _ expected: Shape) throws(BackpropError) {
        let (want, overflow) = expected.rows.multipliedReportingOverflow(by: expected.cols)
        if !overflow, count == want { return }
        let actual = expected.cols > 0 && count % expected.cols == 0 ? Shape(count / expected.cols, expected.cols) : Shape(1, count)
        throw BackpropError.shapeMismatch(what: what, expected: expected, actual: actual)
    }
}
