import Crypto

/// HMAC-SHA256 signatures over the four signed frames (header, parent_header,
/// metadata, content, in that order, exactly as sent or received).
///
/// The key is the UTF-8 bytes of the connection file's "key"; an empty key disables
/// signing (the signature frame is empty and is not checked), as the spec says.
public struct MessageSigner: Sendable {
    private let key: SymmetricKey?

    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
    }

    public var isSigning: Bool { key != nil }

    /// Lower-case hex signature of `parts`; empty when signing is off.
    public func signature(_ parts: [[UInt8]]) -> [UInt8] {
        guard let key else { return [] }
        var mac = HMAC<SHA256>(key: key)
        for part in parts { mac.update(data: part) }
        return Self.hex(Array(mac.finalize()))
    }

    /// True when `signature` (hex, as received) matches `parts`; compared in constant time.
    public func isValid(signature: [UInt8], for parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = self.signature(parts)
        guard signature.count == expected.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<expected.count {
            // Accept upper-case hex digits too (fold A-F to a-f before comparing).
            var c = signature[i]
            if c >= 0x41 && c <= 0x46 { c |= 0x20 }
            diff |= c ^ expected[i]
        }
        return diff == 0
    }

    static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return out
    }
}
