import JSON

/// Caps what one cell sends to the front end.
///
/// Each statement's output is small, but a cell can hold 200 000 of them: 200 000 `step`
/// tables were 2.3 GB on iopub. Once a cell has sent `limit` bytes (as serialised JSON,
/// approximately), its later displays, updates and streams are dropped, after one warning on
/// stderr; the statements still run, and the cell's result (the last statement's bundle,
/// itself bounded by the machine-readable cap) and `clear` still go out.
struct OutputBudget {
    /// Bytes one cell may send before its outputs are dropped.
    static let defaultLimit = 16 * 1024 * 1024

    let limit: Int
    private(set) var used = 0
    /// Outputs dropped so far.
    private(set) var dropped = 0

    init(limit: Int = OutputBudget.defaultLimit) { self.limit = limit }

    /// Passes `output` on (returning true) while the cell is under its limit; the first time it
    /// is over, `warn` gets the one-line note to send instead.
    mutating func admit(_ output: Output, warn: (Output) -> Void) -> Bool {
        let size: Int
        switch output {
        case .clear, .exit: return true
        case .result: return true
        case let .stream(_, text): size = text.utf8.count
        case let .display(bundle, _), let .updateDisplay(bundle, _), let .page(bundle):
            size = bundle.approximateByteCount(upTo: limit - used)
        }
        if dropped == 0, used + size <= limit {
            used += size
            return true
        }
        if dropped == 0 {
            warn(.stream(.stderr, "warning: this cell's output has reached the limit of \(MemoryBudget.describe(limit)) "
                          + "per cell; the rest of it is not shown (its statements still run)\n"))
        }
        dropped += 1
        return false
    }
}

extension JSONValue {
    /// About how many bytes this value takes serialised; stops counting once past `cap`.
    /// (Recursive: the bundles built here nest a few levels deep.)
    func approximateByteCount(upTo cap: Int) -> Int {
        switch self {
        case .null, .bool: return 5
        case .integer, .number: return 20
        case let .string(s), let .raw(s): return s.utf8.count + 2
        case let .array(items):
            var total = 2
            for item in items {
                total += 1 + item.approximateByteCount(upTo: cap - total)
                if total > cap { break }
            }
            return total
        case let .object(pairs):
            var total = 2
            for pair in pairs {
                total += pair.key.utf8.count + 4 + pair.value.approximateByteCount(upTo: cap - total)
                if total > cap { break }
            }
            return total
        }
    }
}
