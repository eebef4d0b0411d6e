/// A strict RFC 8259 JSON parser producing `JSONValue`.
///
/// Built for input from the network: it never traps, rejects invalid UTF-8 and
/// anything RFC 8259 does not allow (trailing commas, comments, leading zeros, control
/// characters in strings, trailing garbage), and parses nested containers with an
/// explicit stack so depth is bounded by `maxDepth` rather than by the thread's stack
/// size. Time is linear in the input. A lone surrogate escape (`"\ud800"`) is valid
/// RFC 8259 syntax that no Swift string can hold: it decodes to U+FFFD (the Unicode
/// standard's replacement for ill-formed UTF-16), so the message is still served. Integers that fit in `Int` become `.integer`; others, and
/// numbers with a fraction or exponent, become `.number`.
public struct JSONParser: Sendable {
    /// Deepest allowed nesting of arrays and objects.
    public var maxDepth: Int

    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON text (surrounding white space allowed).
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try parse(bytes, shouldStop: { false })
    }

    /// Parses one JSON text, asking `shouldStop` now and then (every 65 536 values); when
    /// it answers true the parse ends with `.stopped`.
    public func parse(_ bytes: [UInt8], shouldStop: () -> Bool) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            var reader = JSONReader(bytes: buffer, maxDepth: maxDepth)
            return try reader.parseDocument(shouldStop: shouldStop)
        }
    }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

extension JSONValue {
    /// Parses JSON text with the default depth limit.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(bytes)
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(text)
    }
}

/// Why a JSON text was rejected, and the byte offset where that became clear.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case invalidUTF8
        case invalidEscape
        case invalidUnicodeEscape
        case controlCharacterInString
        case invalidNumber
        case tooDeep(limit: Int)
        case trailingData
        /// The caller's `shouldStop` asked the parse to end.
        case stopped
    }

    public let reason: Reason
    public let offset: Int

    public var description: String {
        let what: String
        switch reason {
        case .unexpectedEnd: what = "unexpected end of input"
        case let .unexpectedByte(b): what = "unexpected byte 0x\(String(b, radix: 16))"
        case .invalidUTF8: what = "invalid UTF-8"
        case .invalidEscape: what = "invalid escape sequence"
        case .invalidUnicodeEscape: what = "invalid \\u escape"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .invalidNumber: what = "invalid number"
        case let .tooDeep(limit): what = "nesting deeper than \(limit) levels"
        case .trailingData: what = "data after the JSON value"
        case .stopped: what = "parse stopped on request"
        }
        return "JSON \(what) at byte \(offset)"
    }
}
