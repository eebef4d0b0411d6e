import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// A teacher's `expect NAME = VALUE` also checks the student's `answer NAME = …`, held to the
/// teacher's tolerance; a wrong answer fails the expect with expect's own message. The numbers
/// are the numpy reference's (worked_example.json).
@Suite struct ExpectAnswerTests {
    static func gradient() throws -> Double {
        try #require(try LanguageFixtures.workedExample("squared_error").at("dL/dw131", "gradient")?.doubleValue)
    }

    static func session() throws -> Session {
        let session = Session()
        let program = try #require(try LanguageFixtures.load("worked_example.json")["program"]?.stringValue)
        run(session, program + "\nloss squared_error")
        return session
    }

    static func written(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    @Test func aRightAnswerPassesTheTeachersExpect() throws {
        let g = try Self.gradient()
        let session = try Self.session()
        run(session, "answer dL/dw131 = \(Self.written(g, 7))")
        let r = run(session, "answer dL/dw131 required\nexpect dL/dw131 = \(Self.written(g, 7))")
        #expect(r.object(kind: "expect")?["passed"] == true)
        #expect(r.object(kind: "answer_checked")?["passed"] == true)
        #expect(r.result == nil)
    }

    @Test func theHalvedGradientFailsWithBothNumbers() throws {
        let g = try Self.gradient()
        let session = try Self.session()
        let halved = Self.written(g / 2, 7)  // the notes' one path per output
        run(session, "answer dL/dw131 = \(halved)")
        let r = runExpectingError(session, "expect dL/dw131 = \(Self.written(g, 7))")
        let error = try #require(r.error)
        #expect(error.ename == "ExpectationError")
        #expect(error.message.hasPrefix("your answer ∂L/∂w₁₃₁ = \(halved) fails `expect dL/dw131 = \(Self.written(g, 7))`"),
                "\(error.message)")
        #expect(error.message.contains(String(format: "%.9f", g).prefix(10)), "the kernel's value: \(error.message)")
        // expect's diagnosis of the student's number: the notes' mistake.
        #expect(error.message.contains("paths 1 + 3 only"), "\(error.message)")
        #expect(error.message.contains("the paths through ŷ₂ are missing"), "\(error.message)")
        #expect(error.traceback.first?.hasPrefix("ExpectationError: your answer") == true)
        #expect(error.line == 1 && error.column == 8)
    }

    @Test func theAnswerIsHeldToTheTeachersPrecisionOrTolerance() throws {
        let g = try Self.gradient()
        let session = try Self.session()
        // 4 significant digits are not the 7 decimals the test is written with ...
        run(session, "answer dL/dw131 = \(Self.written(g, 6))")
        let strict = runExpectingError(session, "expect dL/dw131 = \(Self.written(g, 7))")
        #expect(strict.error?.ename == "ExpectationError", "\(strict.error?.message ?? "passed")")
        #expect(strict.error?.message.contains("±5e-08") == true, "\(strict.error?.message ?? "")")
        // ... but pass a test with tol 1e-5, or one written with fewer digits.
        run(session, "expect dL/dw131 = \(Self.written(g, 7)) tol 1e-5")
        run(session, "expect dL/dw131 = \(Self.written(g, 5))")
    }

    @Test func withoutAnAnswerExpectChecksOnlyTheKernel() throws {
        let g = try Self.gradient()
        let session = try Self.session()
        let r = run(session, "expect dL/dw131 = \(Self.written(g, 7))")
        #expect(r.object(kind: "answer_checked") == nil)
        // An answer for another name is not this test's business.
        run(session, "answer w131 = 5")
        run(session, "expect dL/dw131 = \(Self.written(g, 7))")
        // Bounds and shapes do not check answers.
        run(session, "answer loss = 7")
        run(session, "expect loss < 1\nexpect shape W1 = 4×4")
    }

    @Test func aMissingAnswerFailsTheTestCell() throws {
        let g = try Self.gradient()
        let r = runExpectingError(try Self.session(), "answer dL/dw131 required\nexpect dL/dw131 = \(Self.written(g, 7))")
        #expect(r.error?.ename == "ExpectationError")
        #expect(r.error?.message.contains("no answer for ∂L/∂w₁₃₁") == true, "\(r.error?.message ?? "")")
    }
}
