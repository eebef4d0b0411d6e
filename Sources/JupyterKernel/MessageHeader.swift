#if canImport(Glibc)
import Glibc
#endif
import JSON
import Synchronization

/// Header fields of messages the kernel creates.
///
/// Version "5.5": everything the messaging spec's changelog lists up to 5.5 is here: message
/// interrupts and shutdown on control (5.3, 5.4); the XPUB iopub with iopub_welcome,
/// kernel_info on control, supported_features, and kernel subshells (create, delete and
/// list_subshell on control, `subshell_id` routing) from 5.5. The debugger messages of 5.5
/// are an optional feature a kernel announces in supported_features ("debugger"); this kernel
/// does not, says `"debugger": false`, and answers debug_request with an error reply.
public enum MessageHeader {
    public static let protocolVersion = "5.5"

    /// A new header object in the field order front ends print.
    public static func make(msgType: String, session: String, username: String = "kernel") -> JSONValue {
        [
            "msg_id": .string(newMessageID()),
            "session": .string(session),
            "username": .string(username),
            "date": .string(isoDate()),
            "msg_type": .string(msgType),
            "version": .string(protocolVersion),
        ]
    }

    /// A process-unique id: a random 64-bit prefix drawn once, then a counter and fresh
    /// random bits, so ids never repeat within a process and practically never across.
    public static func newMessageID() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return "\(prefix)_\(n)_\(hex(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF, width: 8))"
    }

    /// A random UUID-shaped string (used as the kernel's session id).
    public static func newUUID() -> String {
        let a = UInt64.random(in: 0...UInt64.max), b = UInt64.random(in: 0...UInt64.max)
        let s = hex(a, width: 16) + hex(b, width: 16)
        let c = Array(s)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-"
            + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    private static let prefix = hex(UInt64.random(in: 0...UInt64.max), width: 16)
    private static let counter = Atomic<Int>(0)

    static func hex(_ v: UInt64, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Now as ISO 8601 UTC with microseconds, e.g. `2024-05-01T12:34:56.123456Z`
    /// (Foundation's ISO8601DateFormatter only writes milliseconds).
    public static func isoDate() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return isoDate(seconds: Int(ts.tv_sec), microseconds: Int(ts.tv_nsec) / 1000)
    }

    static func isoDate(seconds: Int, microseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2) + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2)
            + ":" + pad(Int(parts.tm_sec), 2) + "." + pad(microseconds, 6) + "Z"
    }
}
