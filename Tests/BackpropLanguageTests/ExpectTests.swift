import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// `expect`: success is one ✓ display (never the cell's result), failure an ExpectationError
/// naming both values. The numbers are the numpy reference's (worked_example.json).
@Suite struct ExpectTests {
    static func fixture() throws -> JSONValue { try LanguageFixtures.workedExample("squared_error") }

    static func session() throws -> Session {
        let session = Session()
        let program = try #require(try LanguageFixtures.load("worked_example.json")["program"]?.stringValue)
        run(session, program + "\nloss squared_error")
        return session
    }

    /// `value` written with `digits` significant digits, as a learner copies it from a table.
    static func written(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)g", value) }

    @Test func aCorrectGradientPassesWithOneCheckLineAndNoResult() throws {
        let g = try #require(try Self.fixture().at("dL/dw131", "gradient")?.doubleValue)
        let text = Self.written(g, 5)  // 0.0031594
        let r = run(try Self.session(), "expect dL/dw131 = \(text)")
        #expect(r.result == nil, "an execute_result's text would be read by nbgrader as a score")
        #expect(r.bundles.count == 1)
        let line = try #require(r.bundles.first?["text/plain"]?.stringValue)
        #expect(line.hasPrefix("✓ ∂L/∂w₁₃₁ = \(text)"), "\(line)")
        #expect(!line.contains("\n"))
        #expect(r.object(kind: "expect")?["passed"] == true)
    }

    @Test func aWrongValueIsAnExpectationErrorNamingBothValues() throws {
        let g = try #require(try Self.fixture().at("dL/dw131", "gradient")?.doubleValue)
        let wrong = Self.written(g / 2, 5)
        let r = runExpectingError(try Self.session(), "expect dL/dw131 = \(wrong)")
        let error = try #require(r.error)
        #expect(error.ename == "ExpectationError")
        #expect(error.message.contains(wrong), "\(error.message)")
        // The actual value, with two digits more than the expected one was written with.
        #expect(error.message.contains(Self.written(g, 7)), "the actual value: \(error.message)")
    }

    @Test func theDefaultToleranceIsTheWrittenPrecision() throws {
        let session = try Self.session()
        let g = try #require(try Self.fixture().at("dL/dw131", "gradient")?.doubleValue)
        // Rounded to d decimals it is within half a unit of the last digit and passes; one unit
        // further in the last digit it is more than half a unit away and fails.
        for d in [3, 5, 7] {
            let unit = pow(10, -Double(d))
            run(session, "expect dL/dw131 = \(String(format: "%.\(d)f", g))")
            for neighbour in [g + unit, g - unit] {
                let r = runExpectingError(session, "expect dL/dw131 = \(String(format: "%.\(d)f", neighbour))")
                #expect(r.error?.ename == "ExpectationError", "\(d) decimals")
                #expect(r.error?.message.contains(d == 7 ? "±5e-08" : "±") == true, "\(r.error?.message ?? "")")
            }
        }
        // A whole number is exact: b1 is 0, w211 is 0.5 (not 1).
        run(session, "expect b11 = 0")
        #expect(runExpectingError(session, "expect w211 = 1").error?.ename == "ExpectationError")
    }

    @Test func absoluteAndRelativeTolerances() throws {
        let session = try Self.session()
        let loss = try #require(try Self.fixture().at("forward", "loss")?.doubleValue)
        let off = String(format: "%.10f", loss * 1.001)
        #expect(runExpectingError(session, "expect loss = \(off)").error?.ename == "ExpectationError")
        run(session, "expect loss = \(off) rtol 2e-3")
        #expect(runExpectingError(session, "expect loss = \(off) rtol 5e-4").error?.ename == "ExpectationError")
        run(session, "expect loss = \(off) tol \(loss * 0.002)")
        #expect(runExpectingError(session, "expect loss = \(off) tol \(loss * 0.0005)").error?.ename == "ExpectationError")
    }

    @Test func anyValueNameAndWholeMatrices() throws {
        let session = try Self.session()
        let f = try Self.fixture()
        let yhat1 = try #require(f.at("forward", "yhat", 0, 0)?.doubleValue)
        let h13 = try #require(f.at("forward", "h", 0, 0, 2)?.doubleValue)
        let a21 = try #require(f.at("forward", "a", 1, 0, 0)?.doubleValue)
        run(session, "expect ŷ1 = \(Self.written(yhat1, 6))\nexpect yhat1 = \(Self.written(yhat1, 6))")
        run(session, "expect h13 = \(Self.written(h13, 8))\nexpect a21 = \(Self.written(a21, 8))")
        run(session, "expect w131 = -0.3\nexpect x = [2 5 3 3]\nexpect y = [[1, 0]]")
        // A 1×1 value takes a plain number; a vector or matrix does not.
        let one = Session()
        run(one, "net 1 -> 1\nx = [2]\ny = [3]\nexpect x = 2\nexpect y = [3]")
        #expect(runExpectingError(session, "expect x = 2").error?.message.contains("1×4, not one number") == true)
        let dW2 = try #require(f.at("grads", "dW", 1)?.matrixValue)
        let literal = "[" + dW2.map { $0.map { Self.written($0, 6) }.joined(separator: " ") }.joined(separator: "; ") + "]"
        run(session, "expect dL/dW2 = \(literal)")
        let W2 = "[[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]"
        run(session, "expect W2 = \(W2)")
        let wrong = runExpectingError(session, "expect W2 = [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, -0.3, -0.5]]")
        #expect(wrong.error?.ename == "ExpectationError")
        #expect(wrong.error?.message.contains("[2,3]") == true, "\(wrong.error?.message ?? "")")
        let shape = runExpectingError(session, "expect W2 = [0.5 0.8]")
        #expect(shape.error?.ename == "ExpectationError")
        #expect(shape.error?.message.contains("2×4") == true)
    }

    @Test func shapesAndBounds() throws {
        let session = try Self.session()
        run(session, "expect shape W1 = 4×4\nexpect shape W1 = 4x4\nexpect shape W2 = 2 x 4\nexpect shape b1 = 4")
        #expect(runExpectingError(session, "expect shape W2 = 4×2").error?.ename == "ExpectationError")
        let loss = try #require(try Self.fixture().at("forward", "loss")?.doubleValue)
        run(session, "expect loss < \(loss * 1.01)\nexpect loss <= \(loss * 1.01)\nexpect loss > \(loss * 0.99)\nexpect loss >= \(loss * 0.99)")
        let r = runExpectingError(session, "expect loss < \(loss * 0.99)")
        #expect(r.error?.ename == "ExpectationError")
        #expect(r.error?.message.contains("not < ") == true, "\(r.error?.message ?? "")")
        // After training, the loss is below a bound.
        run(session, "train epochs 200 eta 1\nexpect loss < 0.01")
    }

    @Test func badExpectationsAreSyntaxOrStateErrorsAndChangeNothing() throws {
        let session = Session()
        #expect(runExpectingError(session, "expect loss = 1").error?.ename == "StateError")
        for bad in ["expect", "expect loss", "expect loss 1", "expect loss < 0.1 tol 1", "expect loss = nan",
                    "expect loss = 1 tol -1", "expect shape W1", "expect shape W1 = 4×", "expect W1 = [1 2; 3]"] {
            #expect(runExpectingError(session, bad).error?.ename == "SyntaxError", "\(bad)")
        }
    }

    // MARK: - Diagnoses (numbers from Tests/fixtures/gen_diagnosis_fixtures.py)

    static func diagnosisCase(_ prefix: String) throws -> JSONValue {
        let cases = try #require(try LanguageFixtures.load("diagnosis.json")["cases"]?.arrayValue)
        return try #require(cases.first { $0["name"]?.stringValue?.hasPrefix(prefix) == true })
    }

    /// Runs `expect TARGET = given` (written to 6 significant digits) on the case's network and
    /// returns the error's message and traceback.
    func failing(_ c: JSONValue, _ kind: String, _ extra: String? = nil, name: String? = nil) throws -> (String, String) {
        let mistake = try #require(c["mistakes"]?.arrayValue?.first {
            $0["kind"]?.stringValue == kind && (extra == nil || $0["factor"]?.stringValue == extra || $0["name"]?.stringValue == extra)
        })
        let given = try #require(mistake["given"]?.doubleValue)
        let session = Session()
        run(session, try #require(c["program"]?.stringValue))
        let target = try name ?? #require(c["target"]?.stringValue)
        let r = runExpectingError(session, "expect \(target) = \(Self.written(given, 6))")
        let error = try #require(r.error)
        #expect(error.ename == "ExpectationError")
        return (error.message, error.traceback.joined(separator: "\n"))
    }

    @Test func theNotesMistakeIsWordedAsMissingPaths() throws {
        let (message, traceback) = try failing(try Self.diagnosisCase("worked example, dL/dw131"), "missing_paths")
        #expect(message.contains("0.00157968 is paths 1 + 3 only (of 4): the paths through ŷ₂ are missing"), "\(message)")
        // The same number is also the diagonal softmax, half_squared_error or mse, and half.
        #expect(traceback.contains("diagonal of softmax's Jacobian"), "\(traceback)")
        #expect(traceback.contains("loss half_squared_error or mse; this session's loss is squared_error"), "\(traceback)")
        #expect(traceback.contains("squared_error is Σ(y − ŷ)² with no ½"), "\(traceback)")
    }

    @Test func eachDiagnosisIsWorded() throws {
        let batch = try Self.diagnosisCase("batch of 5")
        #expect(try failing(batch, "factor", "m").0.contains("it is 5 times the value: the sum over the batch"))
        #expect(try failing(batch, "sign").0.contains("it has the wrong sign"))
        #expect(try failing(batch, "missing_paths").0.contains("(of 15): the paths through ŷ₁ are missing"))
        #expect(try failing(batch, "layer", "w212").0.contains("it is ∂L/∂w₂₁₂, the same position in layer 2"))
        let softmax = try Self.diagnosisCase("3-3-3")
        #expect(try failing(softmax, "diagonal_softmax").0.contains("only the diagonal of softmax's Jacobian"))
        #expect(try failing(softmax, "swapped", "w112").0.contains("it is ∂L/∂w₁₁₂, the weight with row and column swapped"))
        let (loss, _) = try failing(softmax, "loss_value", name: "loss")
        #expect(loss.contains("it is the value under loss"), "\(loss)")
        // A unit's gradient too (one example): dL/dh13 with ŷ₂'s paths missing.
        let units = try #require(try LanguageFixtures.load("diagnosis.json")["units"]?.arrayValue?.first)
        let h13 = try #require(units["units"]?.arrayValue?.first { $0["unit"]?.stringValue == "h13" })
        let half = try #require(h13.at("missing_through", "ŷ1")?.doubleValue)
        let worked = Session()
        run(worked, try #require(units["program"]?.stringValue))
        let unit = runExpectingError(worked, "expect dL/dh13 = \(Self.written(half, 6))")
        #expect(unit.error?.message.contains("is paths 1 + 3 only (of 4): the paths through ŷ₂ are missing") == true,
                "\(unit.error?.message ?? "")")
        // A number no mistake explains gets no diagnosis.
        let session = Session()
        run(session, try #require(softmax["program"]?.stringValue))
        let r = runExpectingError(session, "expect dL/dw121 = 0.123456")
        #expect(r.error?.message.hasSuffix("but it is " + Self.written(try #require(softmax["correct"]?.doubleValue), 8)) == true,
                "\(r.error?.message ?? "")")
    }
}
