#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Diagnostics to standard error (the front end's kernel log). Never pass secrets here:
/// the connection key must not appear in any log line.
enum KernelLog {
    static func info(_ message: String) { write("[backprop-kernel] " + message + "\n") }
    static func warning(_ message: String) { write("[backprop-kernel] warning: " + message + "\n") }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(2, base + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
