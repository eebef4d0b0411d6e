#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much working memory one statement may ask for: about 1 GiB unless the environment
/// variable `BACKPROP_MEMORY_LIMIT` (read when the session starts) says otherwise, e.g.
/// `BACKPROP_MEMORY_LIMIT=4GiB`, `512MiB`, `2G` or a number of bytes.
///
/// It guards against a typo (`net 7000 -> 7000`) taking the machine's memory, not against a
/// hostile cell: the person running cells can set the variable.
public struct MemoryBudget: Sendable, Equatable {
    public static let environmentVariable = "BACKPROP_MEMORY_LIMIT"
    public static let defaultBytes = 1 << 30
    /// Below this nothing useful runs (the worked example needs a few KiB; this leaves room).
    public static let minimumBytes = 1 << 20

    public let bytes: Int

    public init(bytes: Int) { self.bytes = max(bytes, MemoryBudget.minimumBytes) }

    public static let standard = MemoryBudget(bytes: defaultBytes)

    /// The budget the environment asks for, and a warning when its value cannot be read.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (budget: MemoryBudget, warning: String?) {
        guard let text = environment[environmentVariable], !text.isEmpty else { return (.standard, nil) }
        guard let bytes = parse(text), bytes >= minimumBytes else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return (.standard, "warning: \(environmentVariable)=\(shown) is not a size of at least 1 MiB "
                        + "(e.g. 4GiB, 512MiB or a number of bytes); the memory budget is \(describe(defaultBytes))\n")
        }
        return (MemoryBudget(bytes: bytes), nil)
    }

    /// `1073741824`, `1024MiB`, `1 GiB`, `2G`, `512M`, `64k` (binary units; case-insensitive).
    static func parse(_ text: String) -> Int? {
        let compact = String(text.lowercased().filter { !$0.isWhitespace })
        let digits = compact.prefix { ("0"..."9").contains($0) || $0 == "." }
        var unit = String(compact.dropFirst(digits.count))
        if unit.hasSuffix("b") { unit.removeLast() }
        if unit.hasSuffix("i") { unit.removeLast() }
        let scale: Double
        switch unit {
        case "": scale = 1
        case "k": scale = 1024
        case "m": scale = 1024 * 1024
        case "g": scale = 1024 * 1024 * 1024
        case "t": scale = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        let bytes = value * scale
        guard bytes < Double(Int.max / 2) else { return nil }
        return Int(bytes)
    }

    /// `1 GiB`, `1.2 GiB`, `640 MiB`, `12 KiB`, `900 bytes`.
    public static func describe(_ bytes: Int) -> String { describe(Double(bytes)) }

    static func describe(_ bytes: Double) -> String {
        let units: [(Double, String)] = [(Double(1 << 40), "TiB"), (Double(1 << 30), "GiB"), (Double(1 << 20), "MiB"), (1024, "KiB")]
        for (size, name) in units where bytes >= size {
            let value = bytes / size
            let rounded = value >= 100 ? value.rounded() : (value * 10).rounded() / 10
            let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
            return text + " " + name
        }
        return "\(Int(max(bytes, 0))) bytes"
    }
}
