#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Diagnostics to standard error (the front end's kernel log). Never pass secrets here:
/// the connection key must not appear in any log line.
///
/// Never blocks the caller: lines go to a bounded queue that one writer thread empties, so
/// a stderr pipe nobody reads stalls only that thread. Lines are escaped (no raw control
/// characters, so one line stays one line) and clipped; at most `burst` lines pass at
/// once and `perSecond` after that. What is left out is counted and reported in the next
/// line that passes.
enum KernelLog {
    static let maxLineBytes = 400
    static let burst = 50.0
    static let perSecond = 10.0
    static let maxQueuedBytes = 64 << 10

    static func info(_ message: String) { log("[backprop-kernel] " + message) }
    static func warning(_ message: String) { log("[backprop-kernel] warning: " + message) }

    /// `text` cut to at most `limit` bytes (on a character boundary), marked with "…".
    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        for c in text {
            if out.utf8.count + c.utf8.count > limit { break }
            out.append(c)
        }
        return out + "…"
    }

    /// Control characters and invalid UTF-8 shown as escapes: a logged line stays one line.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private struct Queue {
        var lines: [[UInt8]] = []
        var bytes = 0
        var tokens = KernelLog.burst
        var lastRefill = 0.0
        var suppressed = 0
        var writing = false
    }

    private static let queue = Mutex(Queue())
    private static let wake = DispatchSemaphore(value: 0)
    private static let started = Atomic<Bool>(false)

    static func log(_ message: String) {
        let line = clip(escape(message), maxLineBytes)
        let now = monotonicSeconds()
        let accepted = queue.withLock { q -> Bool in
            q.tokens = min(burst, q.tokens + (now - q.lastRefill) * perSecond)
            q.lastRefill = now
            guard q.tokens >= 1, q.bytes + line.utf8.count < maxQueuedBytes else {
                q.suppressed += 1
                return false
            }
            q.tokens -= 1
            var text = line
            if q.suppressed > 0 {
                text = "[backprop-kernel] (\(q.suppressed) log lines suppressed) " + text
                q.suppressed = 0
            }
            let bytes = Array((text + "\n").utf8)
            q.lines.append(bytes)
            q.bytes += bytes.count
            return true
        }
        guard accepted else { return }
        startWriter()
        wake.signal()
    }

    /// Waits up to `timeout` seconds for queued lines to be written (at shutdown).
    static func flush(timeout: Double = 0.2) {
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            if queue.withLock({ $0.lines.isEmpty && !$0.writing }) { return }
            usleep(5_000)
        }
    }

    private static func startWriter() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = try? KernelThread(name: "kernel-log") {
            while true {
                wake.wait()
                let lines = queue.withLock { q -> [[UInt8]] in
                    let all = q.lines
                    q.lines.removeAll()
                    q.bytes = 0
                    q.writing = !all.isEmpty
                    return all
                }
                for line in lines { writeAll(line) }
                queue.withLock { $0.writing = false }
            }
        }
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(2, base + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
