#if canImport(Glibc)
import Glibc
#endif
import JSON
import Synchronization

/// Remembers the signatures of the messages already accepted, so a captured message sent
/// again (from any socket, on any channel) is dropped rather than run twice — what
/// jupyter_client's Session does with its digest history for ipykernel.
///
/// What it promises: a signed message is accepted at most once while its signature is
/// among the last `capacity` accepted, and never when its header `date` is more than
/// `window` seconds in the past or in the future (so a message captured from an earlier
/// run with the same connection file, or pushed out of the memory by newer ones, is still
/// refused once it is older than the window). A request with no `date`, or one that is not
/// an ISO 8601 date, is served (the spec does not require the field and some clients omit
/// it); for it only the count-based memory applies.
///
/// Signatures are compared case-insensitively (the signer accepts upper-case hex), and
/// memory is bounded: the oldest of `capacity` signatures is forgotten first. Unsigned
/// messages (an empty key) have nothing to remember and always pass.
public final class ReplayGuard: Sendable {
    public let capacity: Int
    /// Seconds a signed message stays acceptable after (and before) its header date; 0: no limit.
    public let window: Double
    private let state: Mutex<(seen: Set<[UInt8]>, order: [[UInt8]], next: Int)>

    public init(capacity: Int = 1 << 15, window: Double = 300) {
        self.capacity = max(1, capacity)
        self.window = max(0, window)
        state = Mutex((seen: [], order: [], next: 0))
    }

    /// True the first time `signature` is offered; false for a replay. Records it.
    public func admit(signature: [UInt8]) -> Bool {
        guard !signature.isEmpty else { return true }
        let folded = signature.map { $0 >= 0x41 && $0 <= 0x46 ? $0 | 0x20 : $0 }
        return state.withLock { s in
            guard s.seen.insert(folded).inserted else { return false }
            if s.order.count < capacity {
                s.order.append(folded)
            } else {
                s.seen.remove(s.order[s.next])
                s.order[s.next] = folded
                s.next = (s.next + 1) % capacity
            }
            return true
        }
    }

    /// False only when a header `date` is a readable ISO 8601 date more than the window away
    /// from `now` (Unix seconds); a missing or unreadable date is not judged by time.
    public func isFresh(date: String?, now: Double = ReplayGuard.now()) -> Bool {
        guard window > 0, let skew = ReplayGuard.skew(date: date, now: now) else { return true }
        return abs(skew) <= window
    }

    /// Seconds between a readable header `date` and `now` (positive: the date is in the
    /// past); nil when there is no readable date.
    public static func skew(date: String?, now: Double = ReplayGuard.now()) -> Double? {
        guard let date, let seconds = unixSeconds(iso: date) else { return nil }
        return now - seconds
    }

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]` (what Jupyter clients write; no
    /// zone means UTC, as jupyter_client reads it). Nil when it is not such a date.
    public static func unixSeconds(iso text: String) -> Double? {
        let b = Array(text.utf8.prefix(64))
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for c in b[from..<(from + count)] {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < b.count {
            if b[i] == 0x5A, i + 1 == b.count {
                offset = 0
            } else if b[i] == 0x2B || b[i] == 0x2D, let h = number(i + 1, 2), b.count > i + 3, b[i + 3] == 0x3A,
                      let m = number(i + 4, 2), i + 6 == b.count {
                offset = (h * 3600 + m * 60) * (b[i] == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
