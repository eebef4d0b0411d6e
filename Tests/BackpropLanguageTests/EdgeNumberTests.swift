import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// Issue 10 §4 through the language, against the mpmath reference (edge_cases.json): a table
/// holds a finite, correct value or the cell is a NumericalError naming the quantity; never
/// null, ∞ or NaN.
@Suite struct EdgeNumberTests {
    static let root: JSONValue = (try? LanguageFixtures.load("edge_cases.json")) ?? .null
    static var networks: [JSONValue] { root["networks"]?.arrayValue ?? [] }

    /// The cell that sets a fixture network up.
    static func setup(_ c: JSONValue) -> String {
        let sizes = (c["sizes"]?.arrayValue ?? []).compactMap(\.intValue)
        let acts = (c["activations"]?.arrayValue ?? []).compactMap(\.stringValue)
        var lines = ["net \(sizes.first ?? 1) " + zip(sizes.dropFirst(), acts).map { "-> \($0) \($1)" }.joined(separator: " ")]
        lines.append("loss " + (c["loss"]?.stringValue ?? ""))
        func literal(_ rows: [[Double]]) -> String {
            "[" + rows.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "; ") + "]"
        }
        for (l, w) in (c["W"]?.arrayValue ?? []).enumerated() { lines.append("W\(l + 1) = " + literal(w.matrixValue ?? [])) }
        for (l, b) in (c["b"]?.arrayValue ?? []).enumerated() { lines.append("b\(l + 1) = " + literal([b.numbers ?? []])) }
        lines.append("x = " + literal(c["x"]?.matrixValue ?? []))
        lines.append("y = " + literal(c["y"]?.matrixValue ?? []))
        return lines.joined(separator: "\n")
    }

    static func overflows(_ c: JSONValue) -> Bool {
        (c.at("grads", "dyhat")?.arrayValue ?? []).contains { row in (row.arrayValue ?? []).contains { $0.stringValue != nil } }
    }

    @Test func fixturesAreThere() {
        #expect(Self.networks.count >= 15)
        #expect((Self.root.at("chain", "errors")?.arrayValue?.count ?? 0) >= 7)
    }

    @Test func saturatedOutputsGiveFiniteCorrectTables() throws {
        for c in Self.networks where c["error"] == nil {
            let name = c["name"]?.stringValue ?? "?"
            let s = Session()
            run(s, Self.setup(c))
            let ran = run(s, "forward\nbackward\nexplain dL/dw111 limit 50\ngradcheck")
            NumericalHostilityTests.expectNoSilentNaN(ran)
            let depth = c["sizes"]?.arrayValue?.count ?? 2
            let backward = try #require(ran.object(kind: "backward"), "\(name)")
            expectMatrixClose(backward.at("grads", "dL/da\(depth - 1)"), c.at("grads", "da", depth - 2), abs: 0, "\(name) dL/da")
            expectMatrixClose(backward.at("grads", "dL/dW1"), c.at("grads", "dW", 0), abs: 0, "\(name) dL/dW1")
            let explain = try #require(ran.object(kind: "explain"), "\(name)")
            let want = c.at("grads", "dW", 0, 0, 0)?.doubleValue ?? .nan
            expectClose(explain["gradient"]?.doubleValue, want, abs: 0, "\(name) explain gradient")
            // The sum of the paths is a sum of products: it may round where the backward pass is exact.
            let magnitude = (explain["paths"]?.arrayValue ?? []).compactMap { $0["product"]?.doubleValue }.map(Swift.abs).reduce(0, +)
            expectClose(explain["path_sum"]?.doubleValue, want, rel: 1e-9, abs: 1e-15 * magnitude, "\(name) sum of the paths")
            let text = ran.bundles.compactMap { $0[MIME.plain]?.stringValue }.joined(separator: "\n")
            if Self.overflows(c) {
                // ∂L/∂ŷ is beyond float64: not in the table; explain starts at the fused ∂L/∂a.
                #expect(backward.at("grads", "dL/dyhat") == nil, "\(name): dL/dyhat must be left out")
                #expect(text.contains("beyond the float64 range"), "\(name): a note says why:\n\(text)")
                let first = explain.at("paths", 0, "factors", 0, "name")?.stringValue ?? ""
                #expect(first.hasPrefix("∂L/∂a"), "\(name): the paths start at the fused factor, not \(first)")
            } else {
                expectMatrixClose(backward.at("grads", "dL/dyhat"), c.at("grads", "dyhat"), abs: 0, "\(name) dL/dyhat")
            }
            #expect(!text.contains("∞") && !text.contains("inf"), "\(name): ∞ in the text:\n\(text)")
        }
    }

    /// `show dL/dyhat` where it is beyond float64 is an error naming it.
    @Test func showingAnOverflowingOutputGradientIsAnError() {
        for c in Self.networks where Self.overflows(c) {
            let s = Session()
            run(s, Self.setup(c))
            let ran = runExpectingError(s, "show dL/dyhat")
            #expect(ran.error?.ename == "NumericalError", "\(c["name"]?.stringValue ?? "?"): \(String(describing: ran.error))")
            #expect(ran.error?.message.contains("∂L/∂ŷ") == true, "\(String(describing: ran.error))")
        }
    }

    @Test func overflowingGradientsAreErrorsNamingThem() throws {
        var checked = 0
        for c in Self.networks {
            guard let quantity = c["error"]?.stringValue else { continue }
            let name = c["name"]?.stringValue ?? "?"
            // dL/dW1 is written ∂L/∂W1 in messages.
            let shown = quantity.replacingOccurrences(of: "dL/d", with: "∂L/∂")
            let s = Session()
            run(s, Self.setup(c))
            for cell in ["backward", "show " + quantity, "explain dL/dw111", "gradcheck", "step"] {
                let ran = runExpectingError(s, cell)
                #expect(ran.error?.ename == "NumericalError", "\(name) \(cell): \(String(describing: ran.error))")
                #expect(ran.error?.message.contains(shown) == true, "\(name) \(cell) must name \(shown): \(String(describing: ran.error))")
                NumericalHostilityTests.expectNoSilentNaN(ran)
            }
            checked += 1
        }
        #expect(checked >= 2)
    }

    @Test func chainAtTheEdgeOfItsDomain() throws {
        for c in Self.root.at("chain", "values")?.arrayValue ?? [] {
            let statement = try #require(c["statement"]?.stringValue)
            let ran = run(Session(), statement)
            NumericalHostilityTests.expectNoSilentNaN(ran)
            let json = try #require(ran.resultJSON, "\(statement)")
            expectClose(json["value"]?.doubleValue, c["value"]?.doubleValue ?? .nan, abs: 0, "\(statement) value")
            for (v, d) in c["derivatives"]?.objectValue ?? [] {
                expectClose(json.at("derivatives", v)?.doubleValue, d.doubleValue ?? .nan, abs: 0, "\(statement) d/d\(v)")
                // The numerical check is a finite number or left out with a reason, never NaN.
                if let numeric = json.at("numeric", v) {
                    #expect(numeric.doubleValue?.isFinite == true, "\(statement): numeric check \(numeric)")
                }
            }
        }
    }

    @Test func chainOutOfItsDomainIsAnErrorAtTheCulprit() throws {
        for c in Self.root.at("chain", "errors")?.arrayValue ?? [] {
            let statement = try #require(c["statement"]?.stringValue)
            let ran = runExpectingError(Session(), statement)
            let error = try #require(ran.error, "\(statement) must fail")
            #expect(error.ename == "NumericalError", "\(statement): \(error)")
            #expect(error.column == c["column"]?.intValue, "\(statement): blames column \(error.column), want \(c["column"]?.intValue ?? 0)")
            let blames = c["blames"]?.stringValue ?? "?"
            #expect(error.message.contains(blames), "\(statement): \(error.message) does not name \(blames)")
        }
    }

    /// The footer says which entries the maximum leaves out.
    @Test func gradcheckSaysWhatTheMaximumLeavesOut() throws {
        let s = Session()
        run(s, "net 2 -> 2 relu -> 1 sigmoid\nloss binary_cross_entropy\nW1 = [1 0.5; 0.25 2]\nW2 = [0.75 -1.5]\nx = [1 0]\ny = [1]")
        let ran = run(s, "gradcheck")
        let text = try #require(ran.resultText)
        #expect(text.contains("left out"), "\(text)")
        let json = try #require(ran.resultJSON)
        #expect(json["left_out"]?.intValue == 2, "the two weights of x2 = 0 have gradient 0: \(json)")
    }
}
