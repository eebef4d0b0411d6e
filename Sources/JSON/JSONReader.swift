/// The parser's cursor over the input bytes (see `JSONParser`).
///
/// Containers being filled live on an explicit stack (`open`), so deep input costs heap,
/// not call stack, and the depth limit is a plain comparison.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// A container still being parsed.
    enum Open {
        case array([JSONValue])
        case object([(key: String, value: JSONValue)], key: String)
    }

    func fail(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-white-space byte, not consumed.
    mutating func peek() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw fail(.unexpectedEnd) }
        return bytes[index]
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail(.trailingData) }
        return value
    }

    /// Parses one value, containers included, iteratively.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var stack: [Open] = []
        while true {
            // 1. Read a value start: either a scalar (complete) or a container opener.
            var value: JSONValue
            let b = try peek()
            switch b {
            case UInt8(ascii: "["):
                index += 1
                if try peek() == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    guard stack.count < maxDepth else { throw fail(.tooDeep(limit: maxDepth)) }
                    stack.append(.array([]))
                    continue
                }
            case UInt8(ascii: "{"):
                index += 1
                if try peek() == UInt8(ascii: "}") {
                    index += 1
                    value = .object([])
                } else {
                    guard stack.count < maxDepth else { throw fail(.tooDeep(limit: maxDepth)) }
                    let key = try parseKey()
                    stack.append(.object([], key: key))
                    continue
                }
            default:
                value = try parseScalar()
            }

            // 2. Attach the finished value to its container; close containers that end.
            while true {
                guard let top = stack.popLast() else { return value }
                switch top {
                case var .array(items):
                    items.append(value)
                    let next = try peek()
                    index += 1
                    if next == UInt8(ascii: ",") {
                        stack.append(.array(items))
                    } else if next == UInt8(ascii: "]") {
                        value = .array(items)
                        continue
                    } else {
                        index -= 1
                        throw fail(.unexpectedByte(next))
                    }
                case .object(var pairs, let key):
                    pairs.append((key: key, value: value))
                    let next = try peek()
                    index += 1
                    if next == UInt8(ascii: ",") {
                        let nextKey = try parseKey()
                        stack.append(.object(pairs, key: nextKey))
                    } else if next == UInt8(ascii: "}") {
                        value = .object(pairs)
                        continue
                    } else {
                        index -= 1
                        throw fail(.unexpectedByte(next))
                    }
                }
                break
            }
        }
    }

    /// `"key" :` inside an object.
    mutating func parseKey() throws(JSONParseError) -> String {
        let b = try peek()
        guard b == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(b)) }
        let key = try parseString()
        let colon = try peek()
        guard colon == UInt8(ascii: ":") else { throw fail(.unexpectedByte(colon)) }
        index += 1
        return key
    }

    mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        let b = try peek()
        switch b {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail(.unexpectedByte(b))
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else {
            index = bytes.count
            throw fail(.unexpectedEnd)
        }
        let start = word.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] {
            index += i
            throw fail(.unexpectedByte(bytes[index]))
        }
        index += count
    }
}
