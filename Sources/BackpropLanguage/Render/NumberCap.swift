import Backprop
import JSON

/// Caps how many numbers one bundle's machine-readable part carries.
///
/// The text and HTML forms elide large matrices; the JSON part used to carry every entry
/// (`show W1` of a 7000 × 7000 layer sent 1.06 GB). A renderer takes one cap per bundle and
/// asks it for each matrix or vector: what fits goes in whole, a value that does not fit
/// keeps its first rows (or entries), and `annotate` marks the bundle `"truncated": true`
/// with the values cut and a note pointing to `save` for the full values.
struct NumberCap {
    /// Numbers per bundle: about 2.4 MB of JSON text.
    static let defaultLimit = 100_000
    /// Truncated values named in the bundle; the rest are only counted.
    static let namedLimit = 20

    let limit: Int
    private(set) var remaining: Int
    private var cut: [JSONValue] = []
    private(set) var cutCount = 0

    init(limit: Int = NumberCap.defaultLimit) {
        self.limit = max(limit, 0)
        remaining = self.limit
    }

    var truncated: Bool { cutCount > 0 }

    /// A matrix as rows of numbers, cut to its first rows when it does not fit.
    mutating func matrix(_ m: Matrix, name: String) -> JSONValue {
        let count = m.rows * m.cols
        if count <= remaining {
            remaining -= count
            return .array((0..<m.rows).map { r in .array(m.storage[(r * m.cols)..<((r + 1) * m.cols)].map { .number($0) }) })
        }
        let keptRows = m.cols == 0 ? 0 : remaining / m.cols
        var rows: [JSONValue] = (0..<keptRows).map { r in .array(m.storage[(r * m.cols)..<((r + 1) * m.cols)].map { .number($0) }) }
        var kept = keptRows * m.cols
        if keptRows == 0, remaining > 0 {
            // one row wider than what is left: its first entries
            rows = [.array(m.storage.prefix(remaining).map { .number($0) })]
            kept = remaining
        }
        remaining -= kept
        record(name, rows: m.rows, cols: m.cols, kept: kept)
        return .array(rows)
    }

    /// A vector, cut to its first entries when it does not fit.
    mutating func numbers(_ v: [Double], name: String) -> JSONValue {
        if v.count <= remaining {
            remaining -= v.count
            return .numbers(v)
        }
        let kept = remaining
        remaining = 0
        record(name, rows: 1, cols: v.count, kept: kept)
        return .numbers(Array(v.prefix(kept)))
    }

    /// How many of `count` records of `width` numbers each fit (a step's changes, say).
    mutating func records(_ count: Int, width: Int, name: String) -> Int {
        let kept = min(count, remaining / max(width, 1))
        remaining -= kept * width
        if kept < count { record(name, rows: count, cols: width, kept: kept * width) }
        return kept
    }

    private mutating func record(_ name: String, rows: Int, cols: Int, kept: Int) {
        cutCount += 1
        if cut.count < NumberCap.namedLimit {
            cut.append(["name": .string(name), "shape": [.integer(rows), .integer(cols)], "kept": .integer(kept)])
        }
    }

    /// The object with `truncated` (and, when something was cut, the cut values and a note).
    func annotate(_ pairs: [(key: String, value: JSONValue)]) -> JSONValue {
        guard truncated else { return .object(pairs) }
        var out = pairs
        out.append(("truncated", true))
        out.append(("truncated_values", .array(cut)))
        if cutCount > cut.count { out.append(("truncated_count", .integer(cutCount))) }
        out.append(("truncated_note", .string("the machine-readable part carries at most \(limit) numbers; "
                                    + "\(cutCount) value\(cutCount == 1 ? " is" : "s are") cut to their first entries. "
                                    + "`save \"model.json\"` writes every parameter in full")))
        return .object(out)
    }

    func annotate(_ value: JSONValue) -> JSONValue {
        annotate(value.objectValue ?? [("value", value)])
    }
}
