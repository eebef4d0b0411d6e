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

    /// A container still being parsed. Its elements are appended in place
    /// (`stack[top].items.append`), never by popping and re-pushing the container: that
    /// copied the whole array on every element and made parsing quadratic.
    struct Open {
        let isObject: Bool
        var items: [JSONValue] = []
        var pairs: [(key: String, value: JSONValue)] = []
        /// The key whose value is being parsed (objects only).
        var key = ""
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

    mutating func parseDocument(shouldStop: () -> Bool) throws(JSONParseError) -> JSONValue {
        let value = try parseValue(shouldStop: shouldStop)
        skipWhitespace()
        guard index == bytes.count else { throw fail(.trailingData) }
        return value
    }

    /// Parses one value, containers included, iteratively, in time linear in the input.
    /// `shouldStop` is asked every 65 536 values, so a long parse answers an interrupt.
    mutating func parseValue(shouldStop: () -> Bool) throws(JSONParseError) -> JSONValue {
        var stack: [Open] = []
        var count = 0
        while true {
            count &+= 1
            if count & 0xFFFF == 0, shouldStop() { throw fail(.stopped) }
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
                    stack.append(Open(isObject: false))
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
                    stack.append(Open(isObject: true, key: key))
                    continue
                }
            default:
                value = try parseScalar()
            }

            // 2. Attach the finished value to its container; close containers that end.
            while true {
                let top = stack.count - 1
                guard top >= 0 else { return value }
                let next = try peek()
                index += 1
                if stack[top].isObject {
                    stack[top].pairs.append((key: stack[top].key, value: value))
                    if next == UInt8(ascii: ",") {
                        stack[top].key = try parseKey()
                    } else if next == UInt8(ascii: "}") {
                        value = .object(stack.removeLast().pairs)
                        continue
                    } else {
                        index -= 1
                        throw fail(.unexpectedByte(next))
                    }
                } else {
                    stack[top].items.append(value)
                    if next == UInt8(ascii: "]") {
                        value = .array(stack.removeLast().items)
                        continue
                    } else if next != UInt8(ascii: ",") {
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
