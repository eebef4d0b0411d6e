import Backprop
import Foundation
import Testing

/// The optimisers, weight decay, l2 and init formulas against PyTorch CPU float64
/// (Tests/fixtures/gen_optim_fixtures.py → Fixtures/optim_cases.json), to 1e-9 relative.
@Suite struct OptimizerFixtureTests {
    static func list(_ key: String) -> [[String: Any]] {
        ((try? Fixtures.load("optim_cases.json")) ?? [:])[key] as? [[String: Any]] ?? []
    }

    /// The engine's optimiser and η for a fixture's `optimizer` object.
    static func optimizer(_ spec: [String: Any]) throws -> (Optimizer, Double) {
        func number(_ key: String) throws -> Double {
            guard let n = spec[key] as? NSNumber else { throw FixtureError.malformed("optimizer.\(key)") }
            return n.doubleValue
        }
        func flag(_ key: String) -> Bool { (spec[key] as? NSNumber)?.boolValue ?? false }
        let rule: UpdateRule
        switch spec["rule"] as? String {
        case "sgd": rule = .sgd
        case "momentum", "nesterov":
            rule = .momentum(beta: try number("beta"), dampening: try number("dampening"), nesterov: flag("nesterov"))
        case "rmsprop":
            rule = .rmsprop(alpha: try number("alpha"), eps: try number("eps"), momentum: try number("momentum"),
                            centered: flag("centered"))
        case "adam":
            rule = .adam(beta1: try number("beta1"), beta2: try number("beta2"), eps: try number("eps"), amsgrad: flag("amsgrad"))
        default: throw FixtureError.malformed("optimizer.rule")
        }
        return (Optimizer(rule, weightDecay: try number("weight_decay")), try number("lr"))
    }

    static func expectArray(_ got: [Double]?, _ want: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let want else { return }
        let expected = try doubles(want)
        guard let got else {
            Issue.record("\(what): missing", sourceLocation: sourceLocation)
            return
        }
        #expect(got.count == expected.count, "\(what): \(got.count) values, want \(expected.count)", sourceLocation: sourceLocation)
        for (k, (g, w)) in zip(got, expected).enumerated() where !close(g, w) {
            Issue.record("\(what)[\(k + 1)]: \(g) vs torch \(w)", sourceLocation: sourceLocation)
            return
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.list("rules").count >= 200)
        #expect(Self.list("networks").count >= 20)
        #expect(!Self.list("init").isEmpty)
    }

    /// Every rule case: the parameters and the shown state after each step.
    @Test func updateRulesMatchTorch() throws {
        var compared = 0
        for c in Self.list("rules") {
            let name = c["name"] as? String ?? "?"
            guard let spec = c["optimizer"] as? [String: Any], let steps = c["steps"] as? [[String: Any]],
                  let grads = c["gradients"] as? [Any] else { throw FixtureError.malformed(name) }
            let (optimizer, eta) = try Self.optimizer(spec)
            var theta = try doubles(c["theta0"])
            var state = OptimizerState(optimizer, count: theta.count)
            for (k, want) in steps.enumerated() {
                let d = try state.step(parameters: theta, gradients: try doubles(grads[k]), eta: eta)
                let at = "\(name) step \(k + 1)"
                #expect(d.t == k + 1 && state.steps == k + 1, "\(at): t")
                try Self.expectArray(d.new, want["params"], "\(at) params")
                try Self.expectArray(d.update, want["update"], "\(at) update")
                try Self.expectArray(d.velocity, want["velocity"], "\(at) velocity")
                try Self.expectArray(d.m, want["m"], "\(at) m")
                try Self.expectArray(d.v, want["v"], "\(at) v")
                try Self.expectArray(d.mHat, want["m_hat"], "\(at) m̂")
                try Self.expectArray(d.vHat, want["v_hat"], "\(at) v̂")
                try Self.expectArray(d.gradientMean, want["grad_mean"], "\(at) grad mean")
                if let bc1 = want["bias_correction1"] as? Double, let bc2 = want["bias_correction2"] as? Double {
                    #expect(close(d.biasCorrection1 ?? .nan, bc1) && close(d.biasCorrection2 ?? .nan, bc2), "\(at): bias corrections")
                }
                theta = d.new
                compared += 1
            }
        }
        #expect(compared >= 600)
    }

    static func weights(_ want: [String: Any], of net: Network) throws -> (Matrix, Matrix) {
        // Flattened torch parameters and the engine's, in parameterIDs order.
        guard let ws = want["W"] as? [Any], let bs = want["b"] as? [Any] else { throw FixtureError.malformed("W/b") }
        var flat: [Double] = []
        for l in 0..<ws.count {
            flat += try matrix(ws[l]).storage
            flat += try doubles(bs[l])
        }
        return (Matrix(row: net.flatParameters), Matrix(row: flat))
    }

    /// Network cases through `Network.step(x:y:eta:l2:state:)`: the loss (with the l2 term)
    /// before each step and every parameter after it.
    @Test func networkStepsMatchTorch() throws {
        for c in Self.list("networks") {
            let name = c["name"] as? String ?? "?"
            guard let spec = c["optimizer"] as? [String: Any], let steps = c["steps"] as? [[String: Any]],
                  let l2 = c["l2"] as? Double else { throw FixtureError.malformed(name) }
            let (optimizer, eta) = try Self.optimizer(spec)
            var net = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            var state = OptimizerState(optimizer, count: net.parameterCount)
            for (k, want) in steps.enumerated() {
                let r = try net.step(x: x, y: y, eta: eta, l2: l2, state: &state)
                let at = "\(name) step \(k + 1)"
                #expect(close(r.lossBefore, want["loss_before"] as? Double ?? .nan), "\(at): loss \(r.lossBefore)")
                #expect(close(r.dataLossBefore, want["data_loss_before"] as? Double ?? .nan), "\(at): data loss")
                let (got, expected) = try Self.weights(want, of: net)
                expectClose(got, expected, "\(at) parameters")
            }
        }
    }

    /// The same cases through the trainer (`train`, full batch): the epoch losses and the
    /// final parameters.
    @Test func trainerMatchesTorch() throws {
        for c in Self.list("networks") {
            let name = c["name"] as? String ?? "?"
            guard let spec = c["optimizer"] as? [String: Any], let steps = c["steps"] as? [[String: Any]],
                  let l2 = c["l2"] as? Double, let last = steps.last else { throw FixtureError.malformed(name) }
            let (optimizer, eta) = try Self.optimizer(spec)
            var net = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            let options = TrainingOptions(epochs: steps.count, eta: eta, optimizer: optimizer, l2: l2)
            let result = try net.train(x: x, y: y, options: options)
            #expect(result.stopped == .epochs)
            for (k, want) in steps.enumerated() where k < result.losses.count {
                #expect(close(result.losses[k], want["loss_before"] as? Double ?? .nan), "\(name) epoch \(k + 1): loss")
            }
            let (got, expected) = try Self.weights(last, of: net)
            expectClose(got, expected, "\(name) parameters after training")
            #expect(close(result.finalLoss, c["final_loss"] as? Double ?? .nan), "\(name): final loss")
            #expect(result.optimizerState?.steps == steps.count)
        }
    }

    /// The spread statistics at the starting parameters against torch's.
    @Test func layerSpreadMatchesTorch() throws {
        for c in Self.list("networks") {
            let name = c["name"] as? String ?? "?"
            guard let spread = c["spread"] as? [[String: Any]] else { throw FixtureError.malformed(name) }
            let net = try network(from: c)
            let got = try net.spread(x: try matrix(c["x"]), y: try matrix(c["y"]))
            #expect(got.count == spread.count)
            for (s, want) in zip(got, spread) {
                func num(_ key: String) -> Double { want[key] as? Double ?? .nan }
                let at = "\(name) layer \(s.layer)"
                // A mean can cancel to rounding noise: compare it on the scale of the spread.
                func mean(_ g: Double, _ w: Double, _ std: Double) -> Bool { Swift.abs(g - w) <= 1e-9 * (Swift.abs(w) + std) + 1e-15 }
                #expect(mean(s.preActivations.mean, num("a_mean"), num("a_std")) && close(s.preActivations.std, num("a_std")), "\(at): a")
                #expect(mean(s.activations.mean, num("h_mean"), num("h_std")) && close(s.activations.std, num("h_std")), "\(at): h")
                #expect(mean(s.gradientA.mean, num("da_mean"), num("da_std")) && close(s.gradientA.std, num("da_std"), rel: 1e-8), "\(at): ∂L/∂a")
                #expect(close(s.gradientWNorm, num("dW_norm")) && close(s.gradientBNorm, num("db_norm")), "\(at): norms")
            }
        }
    }

    /// torch.nn.init's std and bounds for each scheme.
    @Test func initFormulasMatchTorch() throws {
        for c in Self.list("init") {
            guard let fanIn = c["fan_in"] as? Int, let fanOut = c["fan_out"] as? Int else { throw FixtureError.malformed("init") }
            func num(_ key: String) -> Double { c[key] as? Double ?? .nan }
            func std(_ d: Initialization.Draw) -> Double { if case let .normal(s) = d { return s }; return .nan }
            func bound(_ d: Initialization.Draw) -> Double {
                if case let .uniform(low, high) = d, low == -high { return high }
                return .nan
            }
            let at = "fan_in \(fanIn), fan_out \(fanOut)"
            #expect(close(std(Initialization.xavier(seed: 1).draw(fanIn: fanIn, fanOut: fanOut)), num("xavier_normal_std"), rel: 1e-14), "\(at)")
            #expect(close(bound(Initialization.xavierUniform(seed: 1).draw(fanIn: fanIn, fanOut: fanOut)), num("xavier_uniform_bound"), rel: 1e-14), "\(at)")
            #expect(close(std(Initialization.he(seed: 1).draw(fanIn: fanIn, fanOut: fanOut)), num("kaiming_normal_std"), rel: 1e-14), "\(at)")
            #expect(close(bound(Initialization.heUniform(seed: 1).draw(fanIn: fanIn, fanOut: fanOut)), num("kaiming_uniform_bound"), rel: 1e-14), "\(at)")
        }
    }
}
