#if canImport(Glibc)
import Glibc
#endif
import JSON

/// This session's executed cells, for `history_request` (kept in memory only).
///
/// Lines are execution counts; the session number is fixed for the process. Search
/// uses glob patterns matched against the whole input, like IPython's `GLOB`.
/// Bounded in bytes: a cell over `maxEntryBytes` is not recorded (nor an output over it),
/// and past `maxBytes` the oldest entries are forgotten (down to 3/4 of it at a time).
public struct History: Sendable {
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var input: String
        /// The `text/plain` of the cell's execute_result, if it had one.
        public var output: String?
    }

    public let session: Int
    public let maxBytes: Int
    public let maxEntryBytes: Int
    public private(set) var entries: [Entry] = []
    /// What `entries` hold, counted as UTF-8 bytes plus a small per-entry overhead.
    public private(set) var bytes = 0

    public init(session: Int = 1, maxBytes: Int = 4 << 20, maxEntryBytes: Int? = nil) {
        self.session = session
        self.maxBytes = max(1, maxBytes)
        self.maxEntryBytes = min(maxEntryBytes ?? (1 << 20), self.maxBytes)
    }

    static func cost(_ text: String?) -> Int { text?.utf8.count ?? 0 }
    static let entryOverhead = 64

    public mutating func record(line: Int, input: String) {
        let cost = Self.cost(input) + Self.entryOverhead
        guard cost <= maxEntryBytes else { return }
        entries.append(Entry(line: line, input: input, output: nil))
        bytes += cost
        trim()
    }

    public mutating func recordOutput(line: Int, output: String) {
        guard Self.cost(output) <= maxEntryBytes,
              let i = entries.lastIndex(where: { $0.line == line }) else { return }
        bytes += Self.cost(output) - Self.cost(entries[i].output)
        entries[i].output = output
        trim()
    }

    private mutating func trim() {
        guard bytes > maxBytes else { return }
        var drop = 0
        while drop < entries.count, bytes > maxBytes / 4 * 3 {
            bytes -= Self.cost(entries[drop].input) + Self.cost(entries[drop].output) + Self.entryOverhead
            drop += 1
        }
        entries.removeFirst(drop)
    }

    /// The last `n` entries (all when n is nil or negative).
    public func tail(_ n: Int?) -> [Entry] {
        guard let n, n >= 0 else { return entries }
        return Array(entries.suffix(n))
    }

    /// Lines `start ..< stop` of `session` (stop nil or ≤ 0: to the end). As in IPython,
    /// session 0 (or none) is the current one and a negative number counts back from it
    /// (-1 the previous session); only the current session is kept (in memory), so any
    /// other session, including -1, has no entries.
    public func range(session requested: Int?, start: Int, stop: Int?) -> [Entry] {
        let s = (requested ?? 0) <= 0 ? session + (requested ?? 0) : (requested ?? 0)
        guard s == session else { return [] }
        let end = (stop ?? 0) > 0 ? (stop ?? 0) : Int.max
        return entries.filter { $0.line >= start && $0.line < end }
    }

    /// Entries whose input matches the glob `pattern` (`*`, `?`, `[...]`), oldest first;
    /// `unique` keeps only the latest entry of each distinct input; `n` keeps the last n.
    public func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        var matches = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
        if unique {
            var seen = Set<String>()
            var kept: [Entry] = []
            for e in matches.reversed() where seen.insert(e.input).inserted { kept.append(e) }
            matches = kept.reversed()
        }
        if let n, n >= 0 { matches = Array(matches.suffix(n)) }
        return matches
    }

    /// The reply's `history` array: `[session, line, input]` or with `output`,
    /// `[session, line, [input, output-or-null]]`.
    public func json(_ found: [Entry], output: Bool) -> JSONValue {
        .array(found.map { e in
            let value: JSONValue = output ? [.string(e.input), e.output.map { .string($0) } ?? .null] : .string(e.input)
            return [.integer(session), .integer(e.line), value]
        })
    }
}
