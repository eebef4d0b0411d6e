/// Serialisation of `JSONValue` to compact JSON text.
///
/// Written by hand rather than through Foundation: no `\/` escaping, no bridging
/// surprises, full round-trip precision for doubles (Swift's shortest representation),
/// and no intermediate objects on the kernel's hot path.
extension JSONValue {
    /// Compact JSON text (no insignificant white space).
    public func serialized() -> String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out)
        return out
    }

    /// Compact JSON as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] { Array(serialized().utf8) }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(d): JSONValue.writeNumber(d, to: &out)
        case let .string(s): JSONValue.writeString(s, to: &out)
        case let .raw(text): out += text
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(pair.key, to: &out)
                out += ":"
                pair.value.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeNumber(_ d: Double, to out: inout String) {
        guard d.isFinite else { out += "null"; return }
        if d == d.rounded(), abs(d) < 1e15 {
            // Integral values print without a fraction, as Python's json does for ints;
            // keeps "eta": 1 readable. -0.0 prints as 0.
            out += String(Int(d))
        } else {
            out += d.description
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out += "\""
    }
}
