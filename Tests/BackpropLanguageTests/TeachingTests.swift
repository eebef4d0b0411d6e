import JSON
import Rendering
import Testing
@testable import BackpropLanguage

/// Names pasted from the output (`∂L/∂w₂₁₂`, `ŷ`, `a₂₁`) read as their ASCII spelling, in cells,
/// completion and inspection.
@Suite struct PastedNameTests {
    static let mazur = "net 2 -> 2 sigmoid -> 2 sigmoid\nx = [0.05 0.10]\ny = [0.01 0.99]"

    /// The JSON value `show` gives for a name.
    static func shown(_ session: Session, _ name: String) -> JSONValue? {
        run(session, "show \(name)").resultJSON?["value"]
    }

    @Test(arguments: [("∂L/∂w₂₁₂", "dL/dw212"), ("w₂₁₂", "w212"), ("ŷ", "yhat"), ("a₂₁", "a21"), ("h₁₂", "h12"),
                      ("∂L/∂ŷ₁", "dL/dyhat1"), ("W₁", "W1"), ("∂L/∂b₂₁", "dL/db21")])
    func pastedNameShowsTheSameValue(_ pair: (String, String)) throws {
        let session = Session()
        run(session, Self.mazur)
        let pasted = try #require(Self.shown(session, pair.0))
        #expect(pasted == Self.shown(session, pair.1))
    }

    @Test func pastedNameCanBeAssignedAndExplained() throws {
        let session = Session()
        run(session, Self.mazur)
        run(session, "w₂₁₂ = 0.45")
        #expect(Self.shown(session, "w212")?.doubleValue == 0.45)
        let explained = run(session, "explain ∂L/∂w₁₂₁").resultJSON
        #expect(explained?["target"]?.stringValue == "dL/dw121")
    }

    @Test func completionOfAPastedPrefix() {
        let session = Session()
        run(session, Self.mazur)
        let code = "show ∂L/∂w₂₁"
        let result = session.complete(code, cursor: code.unicodeScalars.count)
        #expect(result.matches.contains("dL/dw211") && result.matches.contains("dL/dw212"), "\(result.matches)")
        #expect(result.start == 5 && result.end == code.unicodeScalars.count)
    }

    @Test func inspectionOfAPastedName() throws {
        let session = Session()
        run(session, Self.mazur)
        let code = "show w₂₁₂"
        let reply = try #require(session.inspect(code, cursor: code.unicodeScalars.count))
        let text = try #require(reply[MIME.plain]?.stringValue)
        #expect(text.contains("a number"), "\(text)")
    }
}

/// Setups that run but make no sense: a warning on standard error, and the cell still runs.
@Suite struct SetupWarningTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var setup: String
        var cell: String
        /// Words of the warning; empty: no warning at all.
        var words: [String]
        var testDescription: String { cell.replacing("\n", with: " ⏎ ") }
    }

    static let cases: [Case] = [
        Case(setup: "", cell: "net 2 -> 1 softmax", words: ["softmax of 1 unit", "always 1", "gradient", "1 sigmoid"]),
        Case(setup: "", cell: "loss binary_cross_entropy\nnet 2 -> 3 softmax", words: ["binary_cross_entropy on a softmax", "loss cross_entropy"]),
        Case(setup: "", cell: "net 2 -> 3 sigmoid\nloss binary_cross_entropy", words: ["3 outputs", "3 softmax"]),
        Case(setup: "net 2 -> 3 softmax\nloss cross_entropy", cell: "y = [1 1 0]", words: ["sum to 1", "row 1 of y sums to 2"]),
        Case(setup: "net 2 -> 3 softmax\nx = [1 2; 3 4]", cell: "loss cross_entropy\ny = [0 1 0; 0.5 0.2 0.2]", words: ["row 2 of y sums to 0.9"]),
        Case(setup: "net 2 -> 2 relu -> 1\nW1 = [-1 -1; 1 1]\nb1 = [-5 0]\nx = [1 2; 3 4]\ny = [1; 0]", cell: "backward",
             words: ["relu unit h11 is dead", "gradients are 0"]),
        Case(setup: "net 2 -> 2\nx = [1 2]\ny = [1 0]", cell: "net 3 -> 1", words: ["x has 2 columns but the network takes 3 inputs"]),
        Case(setup: "net 2 -> 2\nx = [1 2]\ny = [1 0]", cell: "net 2 -> 3", words: ["y has 2 columns but the network has 3 outputs"]),
        // Sensible setups stay quiet, including a loss written before the net it is for.
        Case(setup: "net 4 -> 3 softmax", cell: "loss binary_cross_entropy\nnet 3 -> 1 sigmoid", words: []),
        Case(setup: "", cell: "loss cross_entropy\nnet 2 -> 3 softmax\ny = [0 1 0]", words: []),
        Case(setup: "net 2 -> 2 relu -> 1\nx = [1 2; -3 4]\ny = [1; 0]", cell: "W1 = [1 0; 0 1]\nbackward", words: []),
    ]

    @Test(arguments: cases)
    func warns(_ c: Case) {
        let session = Session()
        if !c.setup.isEmpty { run(session, c.setup) }
        let ran = run(session, c.cell)
        let stderr = ran.stream(.stderr)
        if c.words.isEmpty {
            #expect(stderr.isEmpty, "unexpected warning: \(stderr)")
        } else {
            #expect(stderr.hasPrefix("warning: "), "\(stderr)")
            for word in c.words { #expect(stderr.contains(word), "missing '\(word)' in: \(stderr)") }
        }
    }

    /// The warning is said once, by the cell that caused it, not by every later cell.
    @Test func saidOnce() {
        let session = Session()
        let first = run(session, "net 2 -> 1 softmax")
        #expect(first.stream(.stderr).contains("softmax of 1 unit"))
        run(session, "x = [1 2]")
        let later = run(session, "forward")
        #expect(later.stream(.stderr).isEmpty, "\(later.stream(.stderr))")
    }

    /// A cell with a mismatch still runs to its end: the statements after the warning take effect.
    @Test func theCellStillRuns() {
        let session = Session()
        run(session, "net 2 -> 2\nx = [1 2]")
        let ran = run(session, "net 3 -> 1\nx = [1 2 3]\nforward")
        #expect(ran.stream(.stderr).contains("x has 2 columns"))
        #expect(ran.object(kind: "forward") != nil)
    }
}

/// "nothing in the cell ran" lists the lines of statements.
@Suite struct NothingRanTests {
    @Test(arguments: [("forwrad", "nothing in the cell ran"),
                      ("net 2 -> 2\nx = [1 2]\nforwrad", "nothing in the cell ran (lines 1–3 did not run)"),
                      ("a\n\nb\nc\n# note\ne", "nothing in the cell ran (lines 1, 3–4 and 6 did not run)")])
    func note(_ pair: (String, String)) {
        #expect(NothingRan.note(in: pair.0) == pair.1)
    }

    @Test func aSyntaxErrorSaysSoAndRunsNothing() throws {
        let session = Session()
        let error = try #require(runExpectingError(session, "net 2 -> 2\nx = [1 2]\nshow w5").error)
        #expect(error.message.hasSuffix("nothing in the cell ran (lines 1–3 did not run)"), "\(error.message)")
        #expect(session.definedNames.isEmpty)
    }
}
