import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// Hostile numbers: exploding and vanishing gradients, log(0) in the losses, softmax of
/// a = 1000, NaN and ∞ typed in. Each cell gives stable, finite values or a clear error
/// that names what went wrong (and changes nothing) — never a table of silent NaNs.
///
/// No infinity is allowed, not even ∂L/∂ŷ where ŷ rounds to exactly 0 or 1: it is computed
/// from the pre-activations, and where its true value is beyond the float64 range it is left
/// out with a note (the loss and every gradient below it come from the logits).
@Suite struct NumericalHostilityTests {
    /// Non-finite numbers in the machine-readable objects, by path.
    static func nonFinite(_ value: JSONValue, path: String = "") -> [String] {
        switch value {
        case let .number(d): return d.isFinite ? [] : [path]
        case let .array(a): return a.enumerated().flatMap { nonFinite($1, path: path + "[\($0)]") }
        case let .object(o):
            return o.flatMap { nonFinite($0.value, path: path + "." + $0.key) }
        default: return []
        }
    }

    static func expectNoSilentNaN(_ ran: Ran, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for object in ran.objects {
            #expect(nonFinite(object).isEmpty, "non-finite values at \(nonFinite(object))", sourceLocation: sourceLocation)
        }
        for bundle in ran.bundles {
            let text = bundle[MIME.plain]?.stringValue ?? ""
            #expect(!text.lowercased().contains("nan"), "NaN in the text:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    /// The cell fails with a clear numerical/value error, and the session is unchanged.
    static func expectCleanFailure(_ s: Session, _ cell: String, mentioning words: [String] = [],
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let before = s.execute("show").outputs.last?.machineReadable
        let ran = runExpectingError(s, cell)
        guard let error = ran.error else {
            Issue.record("expected an error from:\n\(cell)", sourceLocation: sourceLocation)
            return
        }
        #expect(["NumericalError", "ValueError", "SyntaxError"].contains(error.ename), "\(error)", sourceLocation: sourceLocation)
        for word in words {
            #expect(error.message.contains(word), "'\(word)' not in: \(error.message)", sourceLocation: sourceLocation)
        }
        expectNoSilentNaN(ran, sourceLocation: sourceLocation)
        let after = s.execute("show").outputs.last?.machineReadable
        #expect(before == after, "the failing cell changed the session", sourceLocation: sourceLocation)
    }

    @Test func softmaxOfAThousandIsStable() throws {
        let s = Session()
        run(s, "net 2 -> 2 softmax\nW1 = [1000 0; 0 1000]\nb1 = 0")
        // Equal logits of 1000: exactly one half each.
        var ran = run(s, "x = [1 1]\ny = [1 0]\nforward\nbackward")
        Self.expectNoSilentNaN(ran)
        let yhat = try #require(ran.object(kind: "forward")?["yhat"]?.matrixValue)
        #expect(yhat == [[0.5, 0.5]])
        // Logits 1000 and 0: ŷ = (1, e^-1000 = 0).
        ran = run(s, "x = [1 0]\nforward\nbackward")
        Self.expectNoSilentNaN(ran)
        #expect(try #require(ran.object(kind: "forward")?["yhat"]?.matrixValue) == [[1, 0]])
        // With cross-entropy the loss of the wrong class is the logit gap, exactly (log-sum-exp).
        ran = run(s, "loss cross_entropy\ny = [0 1]\nforward\nbackward")
        Self.expectNoSilentNaN(ran)
        expectClose(ran.object(kind: "forward")?["loss"]?.doubleValue, 1000, "cross-entropy of softmax(1000, 0) against class 2")
        let gradient = try #require(ran.object(kind: "backward")?.at("grads", "dL/da1")?.matrixValue)
        #expect(gradient == [[1, -1]], "the fused ŷ − y stays exact")
    }

    @Test func logOfZeroInTheLosses() throws {
        let s = Session()
        // Sigmoid saturated at exactly 1 against y = 0: log(1 − ŷ) = log 0, computed from a instead.
        run(s, "net 1 -> 1 sigmoid\nloss binary_cross_entropy\nW1 = 1000\nb1 = 0\nx = [1]\ny = [0]")
        let ran = run(s, "forward\nbackward\nstep eta 0.001")
        Self.expectNoSilentNaN(ran)
        expectClose(ran.object(kind: "forward")?["loss"]?.doubleValue, 1000, "binary cross-entropy of sigmoid(1000) against 0")
        // A linear output is not a probability: cross-entropy of ŷ = 0 is a clear error.
        let t = Session()
        run(t, "net 2 -> 2 linear\nloss cross_entropy\nW1 = [1 0; 0 1]\nb1 = 0\ny = [1 0]\nx = [0 0]")
        Self.expectCleanFailure(t, "forward", mentioning: ["loss"])
        Self.expectCleanFailure(t, "backward", mentioning: ["loss"])
        // Regression: gradcheck printed a table of NaNs here, and explain (below) paths of ±∞.
        Self.expectCleanFailure(t, "gradcheck", mentioning: ["loss"])
        Self.expectCleanFailure(t, "explain dL/dw111", mentioning: ["loss"])
        run(t, "x = [-1 0]")
        Self.expectCleanFailure(t, "backward")
        // In chain, log(0) and friends name the step that is not finite.
        for cell in ["chain log(x) at x = 0", "chain 0*log(x) at x = 0", "chain x/y at x = 1, y = 0",
                     "chain x^y at x = -1, y = 0.5", "chain exp(x) at x = 1000", "chain sqrt(x) at x = -1"] {
            Self.expectCleanFailure(s, cell, mentioning: ["not finite"])
        }
    }

    @Test func explodingGradients() throws {
        // 40 linear layers with weight 100: values and gradients of 1e80 are finite and shown.
        let deep = "net 1 " + String(repeating: "-> 1 ", count: 40)
        let s = Session()
        run(s, deep + "\n" + (1...40).map { "W\($0) = 100\nb\($0 < 10 ? "\($0)" : "[\($0)]") = 0" }.joined(separator: "\n"))
        var ran = run(s, "x = [1]\ny = [0]\nforward\nshow dL/dw111")
        Self.expectNoSilentNaN(ran)
        let gradient = try #require(ran.resultJSON?["value"]?.doubleValue ?? ran.objects.last.flatMap { Self.firstNumber($0) })
        #expect(gradient.isFinite && abs(gradient) > 1e150)
        // 200 layers of 100 overflow: a clear error naming where, nothing changed.
        let t = Session()
        run(t, "net 1 " + String(repeating: "-> 1 ", count: 200) + "\ninit normal std 100 seed 1\nx = [1]\ny = [0]")
        Self.expectCleanFailure(t, "forward", mentioning: ["non-finite"])
        Self.expectCleanFailure(t, "backward")
        Self.expectCleanFailure(t, "explain dL/dw111")
        // A step or training with a huge learning rate diverges: an error, parameters kept.
        let u = Session()
        run(u, "net 2 -> 2 tanh -> 1\nx = [1 1; 0 1]\ny = [1; 0]")
        Self.expectCleanFailure(u, "step eta = 1e308\nstep eta = 1e308")
        Self.expectCleanFailure(u, "train epochs 200 eta 1e10", mentioning: ["diverged"])
        ran = run(u, "forward")
        Self.expectNoSilentNaN(ran)
    }

    static func firstNumber(_ value: JSONValue) -> Double? {
        switch value {
        case let .number(d): return d
        case let .integer(i): return Double(i)
        case let .array(a): return a.lazy.compactMap(firstNumber).first
        case let .object(o): return o.lazy.compactMap { firstNumber($0.value) }.first
        default: return nil
        }
    }

    @Test func vanishingGradients() throws {
        // 30 sigmoid layers: the gradient of the first weight is tiny but finite, and the
        // chain-rule explanation agrees with the backward pass.
        let s = Session()
        run(s, "net 2 " + String(repeating: "-> 2 sigmoid ", count: 30) + "\ninit xavier seed 3\nx = [1 -1]\ny = [1 0]")
        let ran = run(s, "forward\nbackward\nexplain dL/dw111 limit 5\ngradcheck")
        Self.expectNoSilentNaN(ran)
        let explain = try #require(ran.object(kind: "explain"))
        let g = try #require(Self.firstNumber(explain["gradient"] ?? explain["backward"] ?? .null) ?? Self.firstNumber(explain))
        #expect(g.isFinite)
        // Saturated tanh units (huge weights): gradients are exactly 0, not NaN.
        let t = Session()
        run(t, "net 2 -> 3 tanh -> 1 sigmoid\nW1 = 1e6\nx = [1 1]\ny = [1]")
        Self.expectNoSilentNaN(run(t, "forward\nbackward\nexplain dL/dw111\ngradcheck\nstep"))
    }

    @Test func nanAndInfinityTypedInAreRejected() {
        let s = Session()
        run(s, "net 2 -> 2 sigmoid -> 1\nx = [1 1]\ny = [1]")
        for cell in ["x = [nan 1]", "x = [1 inf]", "x = [1e309 1]", "y = [nan]", "y = [-inf]", "W1 = nan",
                     "W1 = [1 nan; 0 0]", "b1 = inf", "w111 = -inf", "w[2,1,1] = nan", "b[1,2] = 1e999",
                     "step eta nan", "step eta 1e999", "train epochs 3 eta inf", "gradcheck eps nan",
                     "chain x at x = nan", "chain x*2 at x = 1e400", "init normal std nan", "init normal inf"] {
            Self.expectCleanFailure(s, cell)
        }
        Self.expectNoSilentNaN(run(s, "forward\nbackward"))
    }

    /// Every output activation with every loss at logits of ±30 … ±1000: each statement gives
    /// finite values or a clean NumericalError, never a table holding ∞ or NaN.
    @Test func saturatedOutputsNeverPrintInfinity() {
        let pairs = [("sigmoid", "binary_cross_entropy"), ("sigmoid", "cross_entropy"), ("softmax", "cross_entropy"),
                     ("softmax", "binary_cross_entropy"), ("sigmoid", "squared_error"), ("softmax", "mse"),
                     ("tanh", "squared_error"), ("linear", "mse")]
        for (act, loss) in pairs {
            for logit in [30.0, 40.0, 700.0, 1000.0, -40.0, -1000.0] {
                for target in ["[0 1]", "[1 0]", "[0.25 0.75]"] {
                    let s = Session()
                    run(s, "net 1 -> 2 \(act) -> 2 \(act)\nloss \(loss)\nW1 = [1; -1]\nb1 = 0\nW2 = [\(logit) 0; 0 1]\nb2 = 0\nx = [1]\ny = \(target)")
                    for cell in ["forward", "backward", "explain dL/dw111", "explain dL/dw211", "gradcheck", "show dL/dyhat", "step eta 0.001"] {
                        let ran = runExpectingError(s, cell)
                        if let error = ran.error {
                            #expect(error.ename == "NumericalError", "\(act) \(loss) \(logit) \(target) \(cell): \(error)")
                        }
                        Self.expectNoSilentNaN(ran)
                        let text = ran.bundles.compactMap { $0[MIME.plain]?.stringValue }.joined()
                        #expect(!text.contains("∞"), "\(act) \(loss) \(logit) \(target) \(cell):\n\(text)")
                        // The paths (fused at the output or not) sum to the backward gradient.
                        if let e = ran.object(kind: "explain"), let g = e["gradient"]?.doubleValue {
                            let size = (e["paths"]?.arrayValue ?? []).compactMap { $0["product"]?.doubleValue }.map(Swift.abs).reduce(0, +)
                            expectClose(e["path_sum"]?.doubleValue, g, rel: 1e-9, abs: max(1e-15 * size, 1e-300), "\(act) \(loss) \(logit) \(target) \(cell) sum")
                        }
                    }
                }
            }
        }
    }

    @Test func extremeButFiniteValuesStayFinite() {
        let s = Session()
        run(s, "net 2 -> 2 sigmoid -> 2 softmax\nloss cross_entropy\nx = [1e300 -1e300]\ny = [1 0]")
        // sigmoid(±1e300) is exactly 1 and 0: nothing overflows after the first layer.
        let ran = runExpectingError(s, "forward\nbackward")
        if ran.error == nil { Self.expectNoSilentNaN(ran) } else {
            #expect(ran.error?.ename == "NumericalError", "\(String(describing: ran.error))")
        }
        // Subnormal inputs.
        let t = Session()
        run(t, "net 2 -> 2 tanh -> 1 sigmoid\nloss binary_cross_entropy\nx = [1e-320 -4.9e-324]\ny = [1]")
        Self.expectNoSilentNaN(run(t, "forward\nbackward\ngradcheck\nexplain dL/dw111"))
    }
}
