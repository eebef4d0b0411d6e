import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// A cell with an `expect` is scored by a grader from its outputs (nbgrader: an error or any
/// stderr is zero, an execute_result's text/plain is read as the score), so it sends no
/// execute_result and no stderr; other cells are unchanged.
@Suite struct CheckingCellTests {
    static func session() throws -> Session {
        let session = Session()
        let program = try #require(try LanguageFixtures.load("worked_example.json")["program"]?.stringValue)
        run(session, program + "\nloss squared_error")
        return session
    }

    static func loss() throws -> Double {
        try #require(try LanguageFixtures.workedExample("squared_error").at("forward", "loss")?.doubleValue)
    }

    func hasStderr(_ r: Ran) -> Bool {
        r.outputs.contains { if case .stream(.stderr, _) = $0 { return true } else { return false } }
    }

    @Test func aTableAfterAnExpectIsADisplayNotTheResult() throws {
        let session = try Self.session()
        let check = "expect loss = \(String(format: "%.7f", try Self.loss()))"
        let r = run(session, "\(check)\nforward")
        #expect(r.result == nil, "nbgrader would read the forward table as a score")
        #expect(r.object(kind: "forward") != nil && r.object(kind: "expect")?["passed"] == true)
        // The expect may come last or first; without one, forward is the result as before.
        #expect(run(session, "forward\n\(check)").result == nil)
        #expect(run(session, "forward").resultJSON?["kind"]?.stringValue == "forward")
    }

    @Test func warningsInACheckingCellAreDisplayedNotOnStderr() throws {
        // A 1-unit softmax warns at the end of the cell that defines it.
        let plain = Session()
        let warned = run(plain, "net 2 -> 1 softmax")
        #expect(hasStderr(warned))
        let checking = Session()
        let r = run(checking, "net 2 -> 1 softmax\nexpect shape W1 = 1×2")
        #expect(!hasStderr(r), "a stderr output makes nbgrader score the cell zero")
        let note = r.objects.first { $0["kind"]?.stringValue == "warning" }
        #expect(note?["text"]?.stringValue?.contains("softmax of 1 unit") == true, "\(r.objects)")
        // `warn` too: in a test only the expects decide.
        let w = run(checking, "warn \"careful\"\nexpect shape W1 = 1×2")
        #expect(!hasStderr(w))
        #expect(w.objects.contains { $0["text"]?.stringValue == "careful" })
    }

    @Test func aFailedExpectIsStillAnError() throws {
        let r = runExpectingError(try Self.session(), "forward\nexpect loss = 0.5")
        #expect(r.error?.ename == "ExpectationError")
        #expect(r.result == nil)
    }
}
