import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// `explain dL/dh13`, `explain dL/da21`: the paths to any unit, against the numpy reference's
/// literal enumeration (diagnosis.json "units", Tests/fixtures/gen_diagnosis_fixtures.py):
/// the same number of paths, the same products, and per example a sum equal to the backward pass.
@Suite struct ExplainUnitTests {
    @Test func pathsToUnitsMatchTheReference() throws {
        let cases = try #require(try LanguageFixtures.load("diagnosis.json")["units"]?.arrayValue)
        #expect(cases.count == 2)
        for c in cases {
            let session = Session()
            run(session, try #require(c["program"]?.stringValue))
            for unit in try #require(c["units"]?.arrayValue) {
                let name = try #require(unit["unit"]?.stringValue)
                let e = try #require(run(session, "explain dL/d\(name) limit 10000").object(kind: "explain"), "\(name)")
                #expect(e["target"]?.stringValue == "dL/d\(name)")
                #expect(e["path_count"]?.intValue == unit["path_count"]?.intValue, "\(c["name"]?.stringValue ?? "") \(name)")
                #expect(e["complete"] == true)
                let products = try #require(e["paths"]?.arrayValue).compactMap { $0["product"]?.doubleValue }.sorted()
                let want = try #require(unit["products"]?.arrayValue).compactMap { $0.doubleValue }
                #expect(products.count == want.count)
                for (p, w) in zip(products, want) { expectClose(p, w, rel: 1e-9, abs: 1e-15, "\(name) path product") }
                let gradients = try #require(unit["gradients"]?.arrayValue).compactMap { $0.doubleValue }
                let sums = try #require(e["path_sums"]?.arrayValue).compactMap { $0.doubleValue }
                let backward = try #require(e["gradients"]?.arrayValue).compactMap { $0.doubleValue }
                #expect(sums.count == gradients.count && backward.count == gradients.count)
                for k in gradients.indices {
                    expectClose(sums[k], gradients[k], rel: 1e-9, abs: 1e-15, "\(name) sum of example \(k + 1)")
                    expectClose(backward[k], gradients[k], rel: 1e-9, abs: 1e-15, "\(name) backward of example \(k + 1)")
                }
            }
        }
    }

    @Test func theNotesDerivationOfDLdh13ReadsAsFourPaths() throws {
        let session = Session()
        run(session, workedExampleSetup)
        let r = run(session, "explain dL/dh13")
        let text = try #require(r.resultText)
        #expect(text.contains("∂L/∂h₁₃ by the chain rule: 4 paths (all listed)"), "\(text)")
        #expect(text.contains("∂a₂₂/∂h₁₃") && text.contains("= backward pass ✓"))
        #expect(run(session, "explain dL/dŷ1").object(kind: "explain")?["path_count"]?.intValue == 1)
        let limited = run(session, "explain dL/da13 limit 2").object(kind: "explain")
        #expect(limited?["listed"]?.intValue == 2 && limited?["complete"] == false)
        #expect(runExpectingError(session, "explain dL/dh13 factored").error?.ename == "ValueError")
        #expect(runExpectingError(session, "explain dL/dh35").error?.ename == "IndexError")
        #expect(runExpectingError(session, "explain dL/da").error?.ename == "SyntaxError")
    }
}
