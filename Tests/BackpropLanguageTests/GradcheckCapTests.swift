import JSON
import Testing
@testable import BackpropLanguage

/// `gradcheck`'s machine-readable part is bounded whatever the network's size, and still
/// carries the verdict and counts over every entry, failures first.
struct GradcheckCapTests {
    @Test func aTwentyThousandParameterCheckSendsABoundedBundle() throws {
        let s = Session()
        let x = "[" + (1...100).map { String(Double($0 % 9) / 9 - 0.4) }.joined(separator: " ") + "]"
        // 100·190 + 190 + 190·5 + 5 = 20 145 parameters
        run(s, "net 100 -> 190 tanh -> 5 softmax\nloss cross_entropy\nx = \(x)\ny = [0 0 1 0 0]")
        let ran = run(s, "gradcheck")
        let bundle = try #require(ran.outputs.last.flatMap { if case let .result(b) = $0 { b } else { nil } })
        let json = try #require(bundle[MIME.json])
        let bytes = json.serializedBytes().count
        print("gradcheck of 20 145 parameters: \(bytes) bytes of JSON")
        #expect(bytes < 256 * 1024, "gradcheck JSON is \(bytes) bytes")
        #expect(bundle.serializedBytes().count < 512 * 1024)
        #expect(json["passed"]?.boolValue == true)
        #expect(json["truncated"]?.boolValue == true)
        #expect(json["entries_count"]?.intValue == 20_145)
        #expect(json["failed_count"]?.intValue == 0)
        let entries = try #require(json["entries"]?.arrayValue)
        #expect(entries.count == GradcheckCap.limit)
        #expect(json["entries_kept"]?.intValue == GradcheckCap.limit)
        #expect(json["truncated_note"]?.stringValue?.contains("19145 more entries (all pass)") == true)
        // the largest relative errors are the ones kept, and the maximum still covers all
        let errors = entries.compactMap { $0["relative_error"]?.doubleValue }
        #expect(errors == errors.sorted(by: >))
        let max = try #require(json["max_relative_error"]?.doubleValue)
        #expect(errors.allSatisfy { $0 <= max || $0 < 1e-3 })
    }

    /// A bundle as the renderer builds it: `count` passing entries and one failing at `failedAt`.
    static func bundle(count: Int, failedAt: Int) -> JSONValue {
        let entries: [JSONValue] = (0..<count).map { k in
            ["name": .string("w\(k)"), "analytic": 1, "numeric": 1,
             "relative_error": .number(k == failedAt ? 0.5 : Double(k) * 1e-12), "passed": .bool(k != failedAt)]
        }
        return [MIME.plain: "table", MIME.json: ["kind": "gradcheck", "passed": false, "entries": .array(entries)]]
    }

    @Test func aFailedEntryIsAlwaysKeptFirst() throws {
        let capped = GradcheckCap.capped(Self.bundle(count: 5000, failedAt: 17), limit: 10)
        let json = try #require(capped[MIME.json])
        let entries = try #require(json["entries"]?.arrayValue)
        #expect(entries.count == 10)
        #expect(entries.first?["name"]?.stringValue == "w17")
        #expect(entries.first?["passed"]?.boolValue == false)
        #expect(entries.dropFirst().first?["name"]?.stringValue == "w4999")  // then the largest error
        #expect(json["failed_count"]?.intValue == 1)
        #expect(json["entries_count"]?.intValue == 5000)
        #expect(json["passed"]?.boolValue == false)
        #expect(json["truncated_note"]?.stringValue?.contains("4990 more entries (all pass)") == true)
        #expect(capped[MIME.plain]?.stringValue == "table")
    }

    @Test func aSmallCheckIsLeftWhole() {
        let b = Self.bundle(count: 30, failedAt: 3)
        #expect(GradcheckCap.capped(b, limit: 1000) == b)
    }
}
