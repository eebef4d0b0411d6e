import JSON
import Testing
@testable import BackpropLanguage

/// Completion, inspection and is-complete through `Session`, with the session's own names.
@Suite struct SessionServicesTests {
    @Test func definedNamesFollowTheSession() {
        let s = Session()
        #expect(s.definedNames.isEmpty)
        run(s, workedExampleSetup)
        let names = s.definedNames
        for name in ["x", "y", "W1", "b2", "a2", "h1", "yhat", "loss", "w212", "w131", "b13", "dL/dW1", "dL/dw212", "dL/db13"] {
            #expect(names.contains(name), "\(name) is not defined")
        }
        #expect(!names.contains("dL/dloss"))
        #expect(!names.contains("W3"))
    }

    @Test func completionOffersDefinedGradients() {
        let s = Session()
        let code = "show dL/dw2"
        #expect(s.complete(code, cursor: code.unicodeScalars.count).matches.isEmpty, "nothing defined yet")
        run(s, workedExampleSetup)
        let result = s.complete(code, cursor: code.unicodeScalars.count)
        #expect(result.matches.contains("dL/dw212"))
        #expect(result.matches.allSatisfy { $0.hasPrefix("dL/dw2") })
        #expect(result.start == 5 && result.end == 11)
        #expect(s.complete("show W", cursor: 6).matches.contains("W2"))
        #expect(s.complete("for", cursor: 3).matches == ["forward"])
        #expect(s.complete("net 4 -> 4 sig", cursor: 14).matches == ["sigmoid"])
    }

    @Test func inspectAStatementGivesItsHelp() throws {
        let s = Session()
        let bundle = try #require(s.inspect("forward", cursor: 3))
        let text = try #require(bundle[MIME.plain]?.stringValue)
        #expect(text.contains("forward"))
        #expect(text.contains("pass"), "\(text)")
        #expect(bundle[MIME.json]?["kind"]?.stringValue == "help")
    }

    @Test func inspectANameGivesItsValueAndShape() throws {
        let s = Session()
        #expect(s.inspect("show W1", cursor: 6)?[MIME.json]?["available"]?.boolValue == false)
        run(s, workedExampleSetup)
        let bundle = try #require(s.inspect("show W1", cursor: 6))
        #expect(bundle[MIME.json]?["name"]?.stringValue == "W1")
        #expect(bundle[MIME.json]?["value"]?.matrixValue?.first == [0.1, 0.3, 0.8, -0.4])
        let text = try #require(bundle[MIME.plain]?.stringValue)
        #expect(text.contains("4×4") || text.split(separator: "\n").count == 4, "\(text)")
        expectSpec(s.inspect("show dL/dw212", cursor: 9)?[MIME.json]?["value"]?.doubleValue, "-0.130377", "inspect dL/dw212")
        let b1 = try #require(s.inspect("b1", cursor: 2)?[MIME.plain]?.stringValue)
        #expect(b1.contains("4 values"), "\(b1)")
    }

    @Test func isCompleteAtTheSessionLevel() {
        let s = Session()
        #expect(s.isComplete("forward") == .complete)
        #expect(s.isComplete("W1 = [0.1 0.3") != .complete)
        if case .incomplete = s.isComplete("W1 = [0.1 0.3\n") {} else { Issue.record("an open bracket is incomplete") }
        #expect(s.isComplete("W1 = [0.1 0.3]]") == .invalid)
        #expect(s.isComplete("net 4 -> 4 sigmoid ->") != .complete)
    }
}
