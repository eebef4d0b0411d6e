import JSON
import Testing
@testable import BackpropLanguage

/// `answer NAME = NUMBER` records a student's number as written; `answer NAME required` fails
/// until one is recorded. (The expect that checks the number: ExpectAnswerTests.)
@Suite struct AnswerTests {
    @Test func recordsTheNumberAsWritten() throws {
        let session = Session()
        let ran = run(session, "answer dL/dw131 = -0.0015797")
        let object = try #require(ran.object(kind: "answer"))
        #expect(object["name"]?.stringValue == "dL/dw131")
        #expect(object["value"]?.stringValue == "-0.0015797")
        #expect(session.state.answers[.gradient(.weight(layer: 1, row: 3, column: 1))]
                == RecordedAnswer(value: -0.0015797, written: "-0.0015797"))
        // It is a display, and checks nothing: no network is needed.
        #expect(ran.error == nil)
        #expect(ran.bundles.first?[MIME.plain]?.stringValue?.contains("∂L/∂w₁₃₁ = -0.0015797") == true)
    }

    @Test func requiredFailsUntilAnswered() throws {
        let session = Session()
        let missing = runExpectingError(session, "answer w131 required")
        let error = try #require(missing.error)
        #expect(error.message.contains("no answer for w₁₃₁"), "\(error.message)")
        #expect(error.message.contains("answer w131 = …"), "\(error.message)")
        run(session, "answer w131 = 0.5")
        let given = run(session, "answer w131 required")
        #expect(given.object(kind: "answer_given")?["value"]?.stringValue == "0.5")
        // Another name is still missing; a later answer replaces the earlier one.
        #expect(runExpectingError(session, "answer w132 required").error != nil)
        run(session, "answer w131 = 0.25")
        #expect(session.state.answers[.weight(layer: 1, row: 3, column: 1)]?.value == 0.25)
    }

    @Test func badAnswersAreSyntaxErrorsThatChangeNothing() {
        let session = Session()
        for cell in ["answer W1 = 3", "answer dL/dW1 = 3", "answer w131", "answer w131 = ", "answer w131 = nan",
                     "answer w131 = inf", "answer w131 = [1 2]", "answer w131 nope", "answer = 3", "answer x = 1"] {
            let ran = runExpectingError(session, cell)
            #expect(ran.error?.ename == "SyntaxError", "\(cell): \(ran.error.map(\.description) ?? "no error")")
        }
        #expect(session.state.answers.isEmpty)
    }
}
