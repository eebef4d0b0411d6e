import Backprop
import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// `freeze` / `unfreeze` and `loss half_squared_error`: Matt Mazur's 2-2-2 example reproduced
/// to 9 digits (and more) through the language, against the numpy reference's textbook.json.
@Suite struct FreezeStatementTests {
    static func fixture() throws -> JSONValue { try LanguageFixtures.load("textbook.json") }

    static func mazurSession() throws -> Session {
        let session = Session()
        let program = try #require(try fixture()["program"]?.stringValue)
        run(session, program)
        return session
    }

    func value(_ session: Session, _ name: String) -> JSONValue? {
        run(session, "show \(name)").object(kind: "value")?["value"]
    }

    @Test func mazursExampleWithFrozenBiases() throws {
        let f = try Self.fixture()
        let session = try Self.mazurSession()
        expectClose(value(session, "loss")?.doubleValue, try #require(f["loss"]?.doubleValue), rel: 1e-12, "E")
        expectClose(value(session, "dL/dw211")?.doubleValue, try #require(f.at("dW", 1, 0, 0)?.doubleValue), rel: 1e-12, "∂E/∂w5")
        expectClose(value(session, "dL/dw111")?.doubleValue, try #require(f.at("dW", 0, 0, 0)?.doubleValue), rel: 1e-12, "∂E/∂w1")
        let frozen = run(session, "freeze biases")
        #expect(frozen.resultText?.contains("b₁, b₂") == true, "\(frozen.resultText ?? "")")
        #expect(frozen.object(kind: "freeze")?["count"]?.intValue == 4)
        let step = run(session, "step eta \(try #require(f["eta"]?.doubleValue))").object(kind: "step")
        expectClose(step?["loss_after"]?.doubleValue, try #require(f["loss_after"]?.doubleValue), rel: 1e-12, "E after one step")
        for (l, name) in [(0, "W1"), (1, "W2")] {
            let got = try #require(value(session, name)?.matrixValue)
            let want = try #require(f.at("W_after", l)?.matrixValue)
            for i in 0..<2 { for j in 0..<2 { expectClose(got[i][j], want[i][j], rel: 1e-12, "\(name)[\(i + 1),\(j + 1)]") } }
        }
        #expect(value(session, "b1")?.numbers == [0.35, 0.35])
        #expect(value(session, "b2")?.numbers == [0.60, 0.60])
        // Unfrozen, the next step moves the biases again.
        run(session, "unfreeze\nstep eta 0.5")
        #expect(value(session, "b1")?.numbers != [0.35, 0.35])
    }

    @Test func trainLeavesFrozenParametersAlone() throws {
        let session = try Self.mazurSession()
        let w1 = value(session, "W1")
        run(session, "freeze W1 b21\ntrain epochs 20 eta 0.5")
        #expect(value(session, "W1") == w1)
        #expect(value(session, "b21")?.doubleValue == 0.60)
        #expect(value(session, "b22")?.doubleValue != 0.60)
    }

    @Test func targetsListingAndErrors() throws {
        let session = try Self.mazurSession()
        #expect(run(session, "freeze").resultText?.contains("nothing is frozen") == true)
        #expect(run(session, "freeze w[2,1,2], b11").object(kind: "freeze")?["frozen"] == ["b11", "w212"])  // network order
        #expect(run(session, "unfreeze w212").object(kind: "freeze")?["frozen"] == ["b11"])
        #expect(run(session, "freeze all").object(kind: "freeze")?["count"]?.intValue == 12)
        #expect(run(session, "unfreeze weights").object(kind: "freeze")?["frozen"] == ["b1", "b2"])
        let outOfRange = runExpectingError(session, "freeze w311")
        #expect(outOfRange.error?.ename == "IndexError" && outOfRange.error?.column == 8)
        // A failing freeze changes nothing.
        #expect(run(session, "freeze").object(kind: "freeze")?["frozen"] == ["b1", "b2"])
        let notAParameter = runExpectingError(session, "freeze x")
        #expect(notAParameter.error?.ename == "SyntaxError")
        #expect(notAParameter.error?.message.contains("freeze takes parameters") == true)
        #expect(runExpectingError(Session(), "freeze b1").error?.ename == "StateError")
        // A new net starts with nothing frozen.
        run(session, "net 2 -> 2 sigmoid -> 2 sigmoid")
        #expect(run(session, "freeze").object(kind: "freeze")?["count"]?.intValue == 0)
    }
}
