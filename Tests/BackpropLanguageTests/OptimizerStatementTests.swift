import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// `optimizer`, `weight_decay`, `l2`, `split`, `spread` and `data circle…` driven as a learner
/// types them, checked against PyTorch CPU float64 (Tests/fixtures/gen_optim_fixtures.py →
/// Fixtures/optim_cases.json, the same cases the engine is checked on), to 1e-9 relative.
@Suite struct OptimizerStatementTests {
    static func networks() throws -> [JSONValue] {
        try #require(LanguageFixtures.load("optim_cases.json")["networks"]?.arrayValue)
    }

    /// A number as the language reads it back exactly (Swift's shortest round-trip form).
    static func literal(_ v: Double) -> String { "\(v)" }

    static func matrixLiteral(_ rows: [[Double]]) -> String {
        "[" + rows.map { $0.map(literal).joined(separator: " ") }.joined(separator: "; ") + "]"
    }

    /// The `optimizer` line for a fixture's torch.optim hyper-parameters.
    static func optimizerLine(_ spec: JSONValue) throws -> String {
        func n(_ key: String) throws -> String { literal(try #require(spec[key]?.doubleValue, "optimizer.\(key)")) }
        let flag = { (key: String) in spec[key]?.boolValue == true }
        let rule = try #require(spec["rule"]?.stringValue)
        let eta = "eta \(try n("lr"))"
        switch rule {
        case "sgd": return "optimizer sgd \(eta)"
        case "momentum": return "optimizer momentum \(try n("beta")) dampening \(try n("dampening")) \(eta)"
        case "nesterov": return "optimizer nesterov \(try n("beta")) \(eta)"
        case "rmsprop":
            return "optimizer rmsprop alpha \(try n("alpha")) eps \(try n("eps")) momentum \(try n("momentum"))"
                + (flag("centered") ? " centered" : "") + " \(eta)"
        default:
            return "optimizer adam betas \(try n("beta1")) \(try n("beta2")) eps \(try n("eps"))"
                + (flag("amsgrad") ? " amsgrad" : "") + " \(eta)"
        }
    }

    /// The cell that sets a network case up: loss, net, parameters, data, optimiser, decay, l2.
    static func setup(_ c: JSONValue) throws -> String {
        let sizeValues = try #require(c["sizes"]?.arrayValue), actValues = try #require(c["activations"]?.arrayValue)
        let sizes = sizeValues.compactMap { $0.intValue }, acts = actValues.compactMap { $0.stringValue }
        var lines = ["loss \(try #require(c["loss"]?.stringValue))"]
        lines.append("net \(sizes[0]) " + zip(sizes.dropFirst(), acts).map { "-> \($0) \($1)" }.joined(separator: " "))
        let Ws = try #require(c["W"]?.arrayValue), bs = try #require(c["b"]?.arrayValue)
        for (l, (W, b)) in zip(Ws, bs).enumerated() {
            lines.append("W\(l + 1) = \(matrixLiteral(try #require(W.matrixValue)))")
            lines.append("b\(l + 1) = \(matrixLiteral([try #require(b.numbers)]))")
        }
        lines.append("x = \(matrixLiteral(try #require(c["x"]?.matrixValue)))")
        lines.append("y = \(matrixLiteral(try #require(c["y"]?.matrixValue)))")
        let spec = try #require(c["optimizer"])
        lines.append(try optimizerLine(spec))
        lines.append("weight_decay \(literal(try #require(spec["weight_decay"]?.doubleValue)))")
        lines.append("l2 \(literal(try #require(c["l2"]?.doubleValue)))")
        return lines.joined(separator: "\n")
    }

    /// Parameters in step's order (W1 row by row, b1, W2, …) from a fixture record.
    static func flat(_ record: JSONValue) throws -> [Double] {
        let Ws = try #require(record["W"]?.arrayValue), bs = try #require(record["b"]?.arrayValue)
        var out: [Double] = []
        for (W, b) in zip(Ws, bs) {
            out += try #require(W.matrixValue).flatMap { $0 }
            out += try #require(b.numbers)
        }
        return out
    }

    @Test func everyStepOfEveryRuleMatchesTorchOptim() throws {
        let cases = try Self.networks()
        #expect(cases.count >= 20)
        var rules = Set<String>(), firstSteps = 0, checkedBuffers = 0
        for c in cases {
            let name = c["name"]?.stringValue ?? "?"
            let session = Session()
            run(session, try Self.setup(c))
            rules.insert(c["optimizer"]?["rule"]?.stringValue ?? "")
            for (k, record) in try #require(c["steps"]?.arrayValue).enumerated() {
                let ran = run(session, "step")
                let step = try #require(ran.object(kind: "step"), "\(name): no step output")
                // Plain SGD without decay or l2 keeps the original step table (no t).
                if step["optimizer"] != nil { #expect(step["t"]?.intValue == k + 1, "\(name): t") }
                expectClose(step["loss_before"]?.doubleValue, try #require(record["loss_before"]?.doubleValue), "\(name) step \(k + 1) loss before")
                let got = try #require(step["changes"]?.arrayValue).compactMap { $0["new"]?.doubleValue }
                let want = try Self.flat(record)
                #expect(got.count == want.count, "\(name): parameter count")
                for (i, (g, w)) in zip(got, want).enumerated() where !isClose(g, w, abs: 1e-14) {
                    Issue.record("\(name) step \(k + 1) parameter \(i + 1): \(g) vs torch \(w)")
                    break
                }
                // The state the table shows, against torch's `optimizer.state` after the step.
                let changes = try #require(step["changes"]?.arrayValue)
                let torchState = record["state"]
                // (RMSprop's s and Adam's v are both the column v; only the rule's own buffers are in the fixture.)
                for (shown, key) in [("velocity", "momentum_buffer"), ("m", "exp_avg"), ("v", "exp_avg_sq"), ("v", "square_avg"),
                                     ("m_hat", "m_hat"), ("v_hat", "v_hat")] {
                    guard let want = torchState?[key]?.numbers else { continue }
                    let got = changes.map { $0[shown]?.doubleValue ?? .nan }
                    #expect(got.count == want.count, "\(name): \(shown) count")
                    for (i, (g, w)) in zip(got, want).enumerated() where !isClose(g, w, abs: 1e-300) {
                        Issue.record("\(name) step \(k + 1) \(shown)[\(i + 1)]: \(g) vs torch's \(key) \(w)")
                        break
                    }
                    checkedBuffers += 1
                }
                if let bc1 = torchState?["bias_correction1"]?.doubleValue {
                    expectClose(step["bias_correction1"]?.doubleValue, bc1, "\(name): 1 − β₁ᵗ")
                    expectClose(step["bias_correction2"]?.doubleValue, try #require(torchState?["bias_correction2"]?.doubleValue), "\(name): 1 − β₂ᵗ")
                }
                if k == 0 { firstSteps += 1 }
            }
        }
        #expect(rules == ["sgd", "momentum", "nesterov", "rmsprop", "adam"])
        #expect(firstSteps == cases.count)
        #expect(checkedBuffers >= 50)
    }

    @Test func adamsFirstStepShowsTheBiasCorrection() throws {
        let c = try #require(try Self.networks().first { $0["optimizer"]?["rule"]?.stringValue == "adam" })
        let session = Session()
        run(session, try Self.setup(c))
        let step = try #require(run(session, "step").object(kind: "step"))
        let beta1 = try #require(c["optimizer"]?["beta1"]?.doubleValue), beta2 = try #require(c["optimizer"]?["beta2"]?.doubleValue)
        expectClose(step["bias_correction1"]?.doubleValue, 1 - beta1, "1 − β₁")
        expectClose(step["bias_correction2"]?.doubleValue, 1 - beta2, "1 − β₂")
        // At t = 1, m̂ = g and v̂ = g² (g = the gradient the rule used).
        for change in try #require(step["changes"]?.arrayValue) {
            let g = try #require(change["used"]?.doubleValue)
            expectClose(change["m_hat"]?.doubleValue, g, rel: 1e-12, "m̂")
            expectClose(change["v_hat"]?.doubleValue, g * g, rel: 1e-12, abs: 1e-300, "v̂")
        }
        let text = try #require(run(session, "step").resultText)
        #expect(text.contains("1 − β₁ᵗ") && text.contains("m̂") && text.contains("v̂"))
    }

    @Test func theSpreadAtTheStartMatchesTorch() throws {
        for c in try Self.networks() {
            let name = c["name"]?.stringValue ?? "?"
            let session = Session()
            run(session, try Self.setup(c) + "\nl2 0")
            let layers = try #require(run(session, "spread").object(kind: "spread")?["layers"]?.arrayValue)
            let want = try #require(c["spread"]?.arrayValue)
            #expect(layers.count == want.count)
            for (got, w) in zip(layers, want) {
                for (path, key) in [(["a", "mean"], "a_mean"), (["a", "std"], "a_std"), (["h", "mean"], "h_mean"),
                                    (["h", "std"], "h_std"), (["da", "std"], "da_std"), (["dW_norm"], "dW_norm"),
                                    (["db_norm"], "db_norm")] {
                    let value = path.count == 2 ? got[path[0]]?[path[1]]?.doubleValue : got[path[0]]?.doubleValue
                    expectClose(value, try #require(w[key]?.doubleValue), rel: 1e-9, abs: 1e-13, "\(name) \(key)")
                }
            }
        }
    }

    @Test func weightDecayAndL2GiveTheSameStepButShowDifferentLosses() throws {
        let base = "loss squared_error\nnet 2 -> 3 sigmoid -> 1 linear\nx = [0.5 -1; 1 2]\ny = [1; 0]\noptimizer momentum 0.9 eta 0.1"
        let decay = Session(), l2 = Session()
        run(decay, base + "\nweight_decay 0.1")
        run(l2, base + "\nl2 0.1")
        let lossDecay = try #require(run(decay, "backward").object(kind: "backward"))
        let lossL2 = try #require(run(l2, "backward").object(kind: "backward"))
        let penalty = try #require(lossL2["l2_penalty"]?.doubleValue)
        #expect(penalty > 0 && lossDecay["l2_penalty"] == nil)
        expectClose(lossL2["loss"]?.doubleValue, (lossDecay["loss"]?.doubleValue ?? .nan) + penalty, "L + (λ/2)·Σθ²")
        // backward's gradients include λθ with l2 only.
        let w1 = try #require(run(l2, "show W1").resultJSON?["value"]?.matrixValue)
        let gDecay = try #require(lossDecay["grads"]?["dL/dW1"]?.matrixValue), gL2 = try #require(lossL2["grads"]?["dL/dW1"]?.matrixValue)
        for i in w1.indices { for j in w1[i].indices { expectClose(gL2[i][j], gDecay[i][j] + 0.1 * w1[i][j], rel: 1e-12, "∂L/∂W1 + λW1") } }
        for _ in 0..<3 {
            let a = try #require(run(decay, "step").object(kind: "step")?["changes"]?.arrayValue)
            let b = try #require(run(l2, "step").object(kind: "step")?["changes"]?.arrayValue)
            for (x, y) in zip(a, b) { expectClose(x["new"]?.doubleValue, y["new"]?.doubleValue ?? .nan, rel: 1e-12, "same step") }
        }
    }

    @Test func theStateStartsAfreshWhenTheNetworkOrTheOptimizerChanges() throws {
        let session = Session()
        run(session, "net 2 -> 2 sigmoid -> 1 sigmoid\nloss binary_cross_entropy\nx = [1 2]\ny = [1]\noptimizer adam")
        run(session, "step\nstep")
        #expect(run(session, "optimizer").object(kind: "optimizer")?["steps"]?.intValue == 2)
        #expect(run(session, "step").object(kind: "step")?["t"]?.intValue == 3)
        run(session, "init he seed 3")
        #expect(run(session, "step").object(kind: "step")?["t"]?.intValue == 1)
        run(session, "optimizer adam")
        #expect(run(session, "step").object(kind: "step")?["t"]?.intValue == 1)
        run(session, "weight_decay 0.01")
        #expect(run(session, "step").object(kind: "step")?["t"]?.intValue == 1)
        // The default eta of adam is PyTorch's lr, 0.001.
        #expect(run(session, "step").object(kind: "step")?["eta"]?.doubleValue == 0.001)
        #expect(run(session, "step eta 0.5").object(kind: "step")?["eta"]?.doubleValue == 0.5)
    }

    @Test func badHyperParametersAreClearErrorsThatChangeNothing() throws {
        let session = Session()
        run(session, "net 2 -> 2 sigmoid -> 1 sigmoid\nx = [1 2]\ny = [1]\noptimizer momentum 0.5 eta 0.1\nsplit 0.5 seed 2")
        let before = try #require(run(session, "show").resultJSON)
        for (cell, words) in [
            ("optimizer adam betas 0.9 1.5", "beta2 must be below 1"),
            ("optimizer momentum 1.5", "beta must be below 1"),
            ("optimizer rmsprop eps 0", "eps must be"),
            ("optimizer rmsprop alpha -0.1", "alpha must be"),
            ("optimizer nesterov 0", "nesterov needs a momentum > 0"),
            ("optimizer adam eta 0", "eta must be"),
            ("optimizer adagrad", "unknown optimizer 'adagrad'"),
            ("optimizer sgd dampening 0.1", "unknown option 'dampening'"),
            ("weight_decay -1", "weight_decay must be"),
            ("weight_decay", "missing the factor"),
            ("l2 nan", "l2 must be"),
            ("l2 inf", "l2 must be"),
            ("split 1.5", "must be"),
            ("split 0", "must be"),
            ("split", "missing the training fraction"),
            ("data circle 1", "at least 2"),
            ("data spiral 10 noise 2", "noise must be"),
            ("init uniform low 1 high 0", "low ≤ high"),
            ("init he std 0.1", "unknown option 'std'"),
        ] {
            let ran = runExpectingError(session, cell)
            let error = try #require(ran.error, "\(cell) should fail")
            #expect(error.description.contains(words), "\(cell): \(error.description)")
        }
        #expect(run(session, "optimizer").object(kind: "optimizer")?["rule"]?.stringValue == "momentum")
        #expect(run(session, "show").resultJSON == before)
        #expect(run(session, "step").object(kind: "step")?["eta"]?.doubleValue == 0.1)
    }

    @Test func trainReportsHeldOutLossAndAccuracyPerEpochWithBoundedOutput() throws {
        let session = Session()
        run(session, "data circle 100 noise 0.1 seed 3\nsplit 0.8 seed 1\nnet 2 -> 4 tanh -> 1 sigmoid\nloss binary_cross_entropy\noptimizer adam eta 0.05")
        let train = try #require(run(session, "train epochs 30").object(kind: "train"))
        #expect(train["held_out"]?.intValue == 20)
        #expect(train["optimizer"]?.stringValue == "adam")
        let losses = try #require(train["held_out_losses"]?.numbers), epochs = try #require(train["held_out_losses_epochs"]?.arrayValue)
        #expect(losses.count == 30 && epochs.count == 30 && losses.allSatisfy(\.isFinite))
        let accuracies = try #require(train["held_out_accuracies"]?.numbers)
        #expect(accuracies.count == 30 && accuracies.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(try #require(train["accuracies"]?.numbers).count == 30)
        #expect(train["final_held_out_loss"]?.doubleValue?.isFinite == true)
        // The optimiser's state goes on into the next run; the output stays bounded.
        let long = try #require(run(session, "train epochs 3000").object(kind: "train"))
        #expect(try #require(long["held_out_losses"]?.numbers).count <= TrainRenderer.curvePoints)
        #expect(try #require(long["accuracies"]?.numbers).count <= TrainRenderer.curvePoints)
        #expect(run(session, "optimizer").object(kind: "optimizer")?["steps"]?.intValue == 3030)
        run(session, "split off")
        #expect(run(session, "train epochs 2").object(kind: "train")?["held_out"] == nil)
    }

    @Test func playgroundSetsAreDeterministicAndLabelledByTheirRule() throws {
        let session = Session()
        run(session, "data circle 200 seed 3")
        let x = try #require(run(session, "show x").resultJSON?["value"]?.matrixValue)
        let y = try #require(run(session, "show y").resultJSON?["value"]?.matrixValue)
        #expect(x.count == 200 && y.count == 200)
        // Without noise a point is positive exactly when it lies within radius 2.5.
        for (p, t) in zip(x, y) { #expect(((p[0] * p[0] + p[1] * p[1]).squareRoot() < 2.5) == (t[0] == 1)) }
        run(session, "data xor 50 seed 9")
        let xor = try #require(run(session, "show x").resultJSON?["value"]?.matrixValue)
        let xorY = try #require(run(session, "show y").resultJSON?["value"]?.matrixValue)
        for (p, t) in zip(xor, xorY) { #expect((p[0] * p[1] >= 0) == (t[0] == 1)) }
        let again = Session()
        run(again, "data xor count 50 seed 9")
        #expect(run(again, "show x").resultJSON?["value"]?.matrixValue == xor)
        for set in ["gaussian", "spiral"] {
            #expect(run(session, "data \(set) 30 noise 0.2 seed 1").object(kind: "data")?["rows"]?.intValue == 30)
        }
    }

    @Test func initSchemesFollowTorchsFormulas() throws {
        let session = Session()
        run(session, "net 400 -> 300 relu -> 1 linear")
        for (scheme, want) in [("he", (2.0 / 400).squareRoot()), ("xavier", (2.0 / 700).squareRoot()),
                               ("he_uniform", (6.0 / 400).squareRoot() / 3.0.squareRoot()),
                               ("xavier_uniform", (6.0 / 700).squareRoot() / 3.0.squareRoot())] {
            run(session, "init \(scheme) seed 5")
            let w = try #require(run(session, "show W1").resultJSON?["value"]?.matrixValue).flatMap { $0 }
            let mean = w.reduce(0, +) / Double(w.count)
            let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
            #expect(abs(std / want - 1) < 0.02, "\(scheme): std \(std), torch's formula \(want)")
        }
        run(session, "init uniform low -0.5 high 0.25 seed 1")
        let u = try #require(run(session, "show W1").resultJSON?["value"]?.matrixValue).flatMap { $0 }
        #expect(u.allSatisfy { $0 >= -0.5 && $0 < 0.25 })
    }
}

/// Frozen parameters under an optimiser: `step` and `train` leave them as they are and agree.
@Suite struct OptimizerFreezeTests {
    @Test func frozenParametersStayUnderEveryRuleAndStepAgreesWithTrain() throws {
        let setup = "net 2 -> 3 tanh -> 1 sigmoid\nloss binary_cross_entropy\nx = [0.5 -1; 1 2; -1 0.3]\ny = [1; 0; 1]\nfreeze b1 w211"
        for rule in ["momentum 0.9", "nesterov 0.5", "rmsprop", "adam amsgrad", "sgd"] {
            let stepped = Session(), trained = Session()
            for s in [stepped, trained] { run(s, setup + "\noptimizer \(rule) eta 0.1\nweight_decay 0.05") }
            let before = try #require(run(stepped, "show b1").resultJSON?["value"])
            let w211 = try #require(run(stepped, "show w211").resultJSON?["value"])
            for _ in 0..<3 { run(stepped, "step") }
            run(trained, "train epochs 3")
            #expect(run(stepped, "show b1").resultJSON?["value"] == before, "\(rule): b1 moved")
            #expect(run(stepped, "show w211").resultJSON?["value"] == w211, "\(rule): w211 moved")
            let a = try #require(run(stepped, "show W1").resultJSON?["value"]?.matrixValue)
            let b = try #require(run(trained, "show W1").resultJSON?["value"]?.matrixValue)
            for (ra, rb) in zip(a, b) { for (p, q) in zip(ra, rb) { expectClose(p, q, rel: 1e-12, "\(rule): step and train") } }
            #expect(run(trained, "show b1").resultJSON?["value"] == before)
        }
    }
}
