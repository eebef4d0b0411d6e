import Testing
@testable import JSON

/// Parsing is linear in the input (the reader once copied a container on every append), a
/// lone surrogate escape decodes to U+FFFD instead of failing, and a long parse can be stopped.
@Suite struct JSONLinearityAndSurrogateTests {
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func aMillionElementArrayParsesQuickly() throws {
        let n = 1_000_000
        var text = "["
        text.reserveCapacity(8 * n)
        for i in 0..<n { if i > 0 { text += "," }; text += String(i % 1000) + ".5" }
        text += "]"
        let clock = ContinuousClock()
        let start = clock.now
        let value = try JSONValue.parse(text)
        let elapsed = Self.seconds(clock.now - start)
        let items = try #require(value.arrayValue)
        #expect(items.count == n)
        #expect(items[0] == .number(0.5) && items[999] == .number(999.5) && items[n - 1] == .number(Double((n - 1) % 1000) + 0.5))
        // Loose: quadratic parsing took minutes at this size; speed itself is measured in `make bench`.
        #expect(elapsed < 10, "took \(elapsed) s")
    }

    @Test func manyKeysParseQuicklyAndInOrder() throws {
        let n = 300_000
        var text = "{"
        for i in 0..<n { if i > 0 { text += "," }; text += "\"k\(i)\":[\(i),{\"v\":\(i)}]" }
        text += "}"
        let clock = ContinuousClock()
        let start = clock.now
        let value = try JSONValue.parse(text)
        let elapsed = Self.seconds(clock.now - start)
        let pairs = try #require(value.objectValue)
        #expect(pairs.count == n)
        #expect(pairs[0].key == "k0" && pairs[n - 1].key == "k\(n - 1)")
        #expect(pairs[12345].value == [12345, ["v": 12345]])
        #expect(elapsed < 10, "took \(elapsed) s")
    }

    @Test func nestedContainersStillCloseInTheRightPlace() throws {
        let v = try JSONValue.parse(#"[[1,[2,[]]],{"a":{"b":[3,{}]},"c":4},5]"#)
        #expect(v == [[1, [2, .array([])]], ["a": ["b": [3, .object([])]], "c": 4], 5])
    }

    @Test(arguments: [
        (#""\ud800""#, "\u{FFFD}"),                 // a lone high surrogate
        (#""a\udc00b""#, "a\u{FFFD}b"),             // a lone low surrogate
        (#""\ud800x""#, "\u{FFFD}x"),               // high, then a plain character
        (#""\ud83d\u0041""#, "\u{FFFD}A"),          // high, then an escape that is not a low surrogate
        (#""\ud800\ud83d\ude00""#, "\u{FFFD}😀"),   // high, then a proper pair
        (#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),   // low then high: both alone
        (#""\ud800\n""#, "\u{FFFD}\n"),             // high, then a short escape
    ])
    func loneSurrogatesDecodeToTheReplacementCharacter(_ text: String, _ expected: String) throws {
        #expect(try JSONValue.parse(text) == .string(expected))
    }

    @Test func aRequestWithALoneSurrogateStillParses() throws {
        let v = try JSONValue.parse(#"{"content":{"code":"print \"\ud800\""},"header":{"msg_type":"execute_request"}}"#)
        #expect(v["content"]?["code"]?.stringValue == "print \"\u{FFFD}\"")
        #expect(v["header"]?["msg_type"]?.stringValue == "execute_request")
    }

    @Test func aLongParseStopsWhenAsked() {
        let text = Array(("[" + String(repeating: "1,", count: 400_000) + "1]").utf8)
        var asked = 0
        do {
            _ = try JSONParser().parse(text, shouldStop: { asked += 1; return asked >= 2 })
            Issue.record("should have stopped")
        } catch {
            #expect(error.reason == .stopped)
            #expect(asked == 2)
        }
        // Never asked to stop: the same text parses.
        #expect((try? JSONParser().parse(text, shouldStop: { false }))?.arrayValue?.count == 400_001)
    }

    /// The exact fast path for decimals agrees bit for bit with strtod (Swift's `Double(String)`),
    /// on shortest representations, short decimals, exponents at the edge of the fast path and beyond.
    @Test func numbersAgreeWithStrtodBitForBit() throws {
        var g = SplitMix(seed: 7)
        var texts: [String] = ["0.1", "-0.0", "0.0", "1e22", "1e23", "9007199254740993", "9007199254740992.0",
                               "123456789012345678", "1234567890123456789", "-9223372036854775808", "0.30000000000000004",
                               "4.9e-324", "1.7976931348623157e308", "1e-22", "123e-20", "0.000001", "1E+2", "1e999"]
        for _ in 0..<20_000 {
            let d = Double(bitPattern: g.next() >> 2 | 0x3000_0000_0000_0000) * (g.next() % 2 == 0 ? 1 : -1)
            texts.append(d.description)                         // shortest, often 17 digits
            texts.append(String(Double(g.next() % 1_000_000) / 1000)) // short decimals
            let mantissa = g.next() % 10_000_000_000_000_000
            let e = Int(g.next() % 61) - 30
            texts.append("\(mantissa)e\(e)")
            texts.append("\(mantissa % 100_000).\(mantissa % 1000)E\(e)")
        }
        for text in texts {
            let parsed = try JSONValue.parse(text)
            let expected = try #require(Double(text), "\(text)")
            let value = try #require(parsed.doubleValue)
            #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs strtod \(expected)")
            if case .integer = parsed { #expect(!text.contains(".") && !text.lowercased().contains("e")) }
        }
    }
}
