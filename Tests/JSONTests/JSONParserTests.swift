import Testing
@testable import JSON

@Suite struct JSONParserTests {
    @Test func scalars() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse(" true ") == .bool(true))
        #expect(try JSONValue.parse("false") == .bool(false))
        #expect(try JSONValue.parse("\"hi\"") == .string("hi"))
        #expect(try JSONValue.parse("0") == .integer(0))
        #expect(try JSONValue.parse("-12") == .integer(-12))
        #expect(try JSONValue.parse("1.5e3") == .number(1500))
        #expect(try JSONValue.parse("-0.25") == .number(-0.25))
    }

    @Test func integersKeepTheirKind() throws {
        guard case .integer(Int.max) = try JSONValue.parse("9223372036854775807") else {
            Issue.record("Int.max should stay an integer"); return
        }
        guard case .integer(Int.min) = try JSONValue.parse("-9223372036854775808") else {
            Issue.record("Int.min should stay an integer"); return
        }
        guard case let .number(d) = try JSONValue.parse("9223372036854775808") else {
            Issue.record("overflowing integer should become a number"); return
        }
        #expect(d == 9223372036854775808.0)
        guard case .number = try JSONValue.parse("1.0") else {
            Issue.record("1.0 has a fraction: number"); return
        }
    }

    @Test func containersKeepKeyOrder() throws {
        let v = try JSONValue.parse(#"{"b": 1, "a": [1, 2, {"c": null}], "e": {}, "f": []}"#)
        guard case let .object(pairs) = v else { Issue.record("not an object"); return }
        #expect(pairs.map(\.key) == ["b", "a", "e", "f"])
        #expect(v["a"] == [1, 2, ["c": nil]])
        #expect(v["e"] == .object([]))
        #expect(v["f"] == .array([]))
    }

    @Test func escapes() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse("\"héllo 😀\"") == .string("héllo 😀"))
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "01", "-", "1.", ".5",
        "1e", "+1", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\\u12\"",
        "\"\\ud83d\\uZZZZ\"", "\"a\u{01}b\"", "[1] 2", "NaN", "Infinity", "// c\n1", "[1 2]", "'a'",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xFF]] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
        }
    }

    @Test func depthLimitIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONValue.parse(deep)
            Issue.record("should have thrown")
        } catch {
            #expect(error.reason == .tooDeep(limit: 512))
        }
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONValue.parse(ok)
        let objects = String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(objects) }
    }

    @Test func roundTripsThroughTheWriter() throws {
        let v: JSONValue = ["s": "line\n\"q\" é 😀 \u{01}", "n": 0.1, "i": -7, "a": [true, false, nil], "o": ["x": []]]
        #expect(try JSONValue.parse(v.serialized()) == v)
    }

    @Test func neverCrashesOnMutatedInput() {
        let seed = Array(#"{"header":{"msg_id":"a\u00e9","n":[1,2.5e-3,-0,true,null]},"s":"\ud83d\ude00"}"#.utf8)
        var generator = SplitMix(seed: 42)
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let i = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: i)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            _ = try? JSONValue.parse(bytes)
        }
    }
}

/// A tiny deterministic generator so the mutation test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
