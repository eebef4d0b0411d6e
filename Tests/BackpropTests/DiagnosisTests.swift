import Backprop
import Foundation
import Testing

/// The engine's diagnoses of wrong answers, against diagnosis.json: the numpy reference
/// (Tests/fixtures/gen_diagnosis_fixtures.py) computes each mistake's value its own way
/// (literal path enumeration, a full-Jacobian backward pass cut to its diagonal, the batch's
/// sum from examples run one at a time, the other losses), and the engine must name it.
@Suite struct DiagnosisTests {
    struct Case {
        let name: String
        let network: Network
        let x: Matrix, y: Matrix
        let parameter: ParameterID
        let correct: Double
        let mistakes: [[String: Any]]
    }

    static func cases() throws -> [Case] {
        guard let cases = try Fixtures.load("diagnosis.json")["cases"] as? [[String: Any]] else {
            throw FixtureError.malformed("diagnosis")
        }
        return try cases.map { c in
            guard let net = c["network"] as? [String: Any], let p = c["parameter"] as? [String: Any],
                  let kind = p["kind"] as? String, let l = p["layer"] as? Int, let i = p["i"] as? Int,
                  let correct = c["correct"] as? Double, let mistakes = c["mistakes"] as? [[String: Any]] else {
                throw FixtureError.malformed("diagnosis case")
            }
            let parameter: ParameterID = kind == "w" ? .weight(layer: l, row: i, column: (p["j"] as? Int) ?? 0) : .bias(layer: l, unit: i)
            return Case(name: c["name"] as? String ?? "", network: try network(from: net), x: try matrix(net["x"]),
                        y: try matrix(net["y"]), parameter: parameter, correct: correct, mistakes: mistakes)
        }
    }

    /// A teacher's comparison: the reference value to 1e-9 relative.
    static let tolerance = Tolerance(relative: 1e-9)

    func diagnose(_ c: Case, _ given: Double, target: DiagnosedValue? = nil) throws -> [Mistake] {
        try c.network.diagnose(target ?? .gradient(c.parameter), given: given, tolerance: Self.tolerance, x: c.x, y: c.y).map(\.mistake)
    }

    func mistakes(_ kind: String) throws -> [(Case, [String: Any], Double)] {
        try Self.cases().flatMap { c in
            c.mistakes.filter { $0["kind"] as? String == kind }.compactMap { m in (m["given"] as? Double).map { (c, m, $0) } }
        }
    }

    @Test func theCorrectValueHasNoDiagnosisAndAnUnrelatedOneNone() throws {
        for c in try Self.cases() {
            #expect(try diagnose(c, c.correct).isEmpty, "\(c.name)")
            #expect(try diagnose(c, c.correct * 1.37 + 0.0123).isEmpty, "\(c.name)")
            #expect(close(try c.network.value(of: .gradient(c.parameter), x: c.x, y: c.y), c.correct, rel: 1e-12))
        }
    }

    @Test func missingPaths() throws {
        let found = try mistakes("missing_paths")
        #expect(found.count == 10)
        for (c, m, given) in found {
            let node = try #require(m["missing_through"] as? String)
            let total = try #require(m["path_count"] as? Int)
            let kept = try #require(m["kept"] as? Int)
            let diagnoses = try c.network.diagnose(.gradient(c.parameter), given: given, tolerance: Self.tolerance, x: c.x, y: c.y)
            let missing = diagnoses.compactMap { d -> (Diagnosis, [Int], Int, PathNode?)? in
                guard case let .missingPaths(k, n, through, _) = d.mistake else { return nil }
                return (d, k, n, through)
            }
            let (d, keptPaths, count, through) = try #require(missing.first, "\(c.name): \(node) missing not found: \(diagnoses)")
            #expect(count == total)
            #expect(close(d.value, given, rel: 1e-9))
            #expect(keptPaths.count == kept, "\(c.name) \(node)")
            // The worked example's two halves are equal: ŷ₂'s paths missing is the first reading.
            if c.name.hasPrefix("worked example") {
                #expect(through?.description == "ŷ2", "\(c.name): \(String(describing: through))")
            } else {
                #expect(through?.description == node, "\(c.name): \(String(describing: through)) for \(node)")
            }
            // The kept paths are those that avoid the node, as explain numbers them.
            let paths = try c.network.explain(c.parameter, x: c.x, y: c.y, limit: count).paths
            let sum = keptPaths.reduce(0.0) { $0 + paths[$1 - 1].product }
            #expect(close(sum, given, rel: 1e-9))
        }
    }

    @Test func theNotesMistakeInTheWorkedExampleIsPathsOneAndThree() throws {
        let c = try #require(try Self.cases().first { $0.name == "worked example, dL/dw131" })
        let given = try #require(c.mistakes.first { $0["kind"] as? String == "missing_paths" }?["given"] as? Double)
        let first = try diagnose(c, given).first
        #expect(first == .missingPaths(kept: [1, 3], count: 4, missingThrough: .output(2), missingExample: nil))
    }

    @Test func diagonalSoftmax() throws {
        let found = try mistakes("diagonal_softmax")
        #expect(found.count == 3)
        for (c, _, given) in found {
            #expect(try diagnose(c, given).contains(.diagonalSoftmax), "\(c.name)")
        }
        // With three outputs it is not a half, nor a sum of the paths avoiding one output: it
        // is the diagonal, and the paths it keeps are those through ŷ_k and a_2k with equal k.
        let (c, _, given) = try #require(found.first { $0.0.name.hasPrefix("3-3-3") })
        let all = try diagnose(c, given)
        #expect(all.first == .diagonalSoftmax && all.count == 2, "\(all)")
        guard case let .missingPaths(kept, count, nil, nil)? = all.last else { Issue.record("\(all)"); return }
        let paths = try c.network.explain(c.parameter, x: c.x, y: c.y, limit: count).paths
        let diagonal = paths.indices.filter { k in
            let nodes = paths[k].factors.map(\.denominator)
            guard case let .output(o)? = nodes.first, case let .preActivation(2, q)? = nodes.dropFirst().first else { return false }
            return o == q
        }.map { $0 + 1 }
        #expect(kept == diagonal && kept.count == 3)
    }

    @Test func anotherLoss() throws {
        for (c, m, given) in try mistakes("loss") {
            let loss = try #require(Loss(rawValue: m["loss"] as? String ?? ""))
            #expect(try diagnose(c, given).contains(.otherLoss(loss)), "\(c.name): \(loss)")
        }
        for (c, m, given) in try mistakes("loss_value") {
            let loss = try #require(Loss(rawValue: m["loss"] as? String ?? ""))
            #expect(try diagnose(c, given, target: .loss).contains(.otherLoss(loss)), "\(c.name): the loss under \(loss)")
        }
    }

    @Test func swappedIndicesAndAnotherLayer() throws {
        for kind in ["swapped", "layer"] {
            for (c, m, given) in try mistakes(kind) where given != 0 {
                let name = try #require(m["name"] as? String)
                let digits = name.dropFirst().compactMap(\.wholeNumberValue)
                let p = ParameterID.weight(layer: digits[0], row: digits[1], column: digits[2])
                #expect(try diagnose(c, given).contains(kind == "swapped" ? .swappedIndices(p) : .otherLayer(p)), "\(c.name): \(name)")
            }
        }
    }

    @Test func factorsAndSign() throws {
        for (c, m, given) in try mistakes("factor") {
            let expected: Mistake
            switch m["factor"] as? String {
            case "m": expected = .batchSum(m: c.x.rows)
            case "2": expected = .twice
            default: expected = .half
            }
            #expect(try diagnose(c, given).contains(expected), "\(c.name): \(expected)")
        }
        for (c, _, given) in try mistakes("sign") {
            #expect(try diagnose(c, given).contains(.sign), "\(c.name)")
        }
        // The batch's 1/m: the sum over the examples (5 of them) is found, not a half or a sign.
        let (c, _, given) = try #require(try mistakes("factor").first { $0.1["factor"] as? String == "m" })
        #expect(try diagnose(c, given) == [.batchSum(m: 5)])
    }

    /// dL/dh13 and dL/da21 of the worked example with the paths through one output missing.
    @Test func missingPathsToAUnit() throws {
        guard let units = try Fixtures.load("diagnosis.json")["units"] as? [[String: Any]],
              let worked = units.first, let list = worked["units"] as? [[String: Any]] else { throw FixtureError.malformed("units") }
        let c = try #require(try Self.cases().first { $0.name == "worked example, dL/dw131" })
        var checked = 0
        for u in list {
            guard let name = u["unit"] as? String, let missing = u["missing_through"] as? [String: Double] else { continue }
            let digits = name.dropFirst().compactMap(\.wholeNumberValue)
            let unit: UnitTarget = name.hasPrefix("a") ? .preActivation(layer: digits[0], unit: digits[1]) : .activation(layer: digits[0], unit: digits[1])
            for (_, given) in missing where abs(given) > 1e-12 {
                let found = try c.network.diagnose(.unitGradient(unit), given: given, tolerance: Self.tolerance, x: c.x, y: c.y)
                guard case let .missingPaths(_, _, through, _)? = found.first?.mistake else {
                    Issue.record("\(name): \(found)"); continue
                }
                // Both halves are equal in the worked example: the first reading is ŷ₂'s paths missing.
                #expect(through == .output(2), "\(name)")
                #expect(found.contains { $0.mistake == .half })
                checked += 1
            }
        }
        #expect(checked == 6)
    }

    @Test func writtenPrecisionTolerances() {
        #expect(Tolerance.halfUnit(ofWritten: "0.0031594") == 0.5e-7)
        #expect(Tolerance.halfUnit(ofWritten: "-1.5e-3") == 0.5 / 1e4)
        #expect(Tolerance.halfUnit(ofWritten: "2.0") == 0.05)
        #expect(Tolerance.halfUnit(ofWritten: "3e2") == 50)
        #expect(Tolerance.halfUnit(ofWritten: "2") == 0)
        #expect(Tolerance.halfUnit(ofWritten: "nan") == nil)
        let t = Tolerance(absolute: 5e-8)
        #expect(t.accepts(0.00315935676, 0.0031594) && !t.accepts(0.0031595, 0.0031594))
        #expect(!t.accepts(.nan, 0) && !t.accepts(.infinity, .infinity))
        #expect(Tolerance(relative: 1e-3).accepts(1000.9, 1000) && !Tolerance(relative: 1e-3).accepts(1001.1, 1000))
    }
}
