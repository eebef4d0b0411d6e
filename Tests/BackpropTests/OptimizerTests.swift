import Backprop
import Testing

/// Properties of the optimisers, weight decay, l2 and held-out reporting that the torch
/// fixtures do not cover: refusals, consistency of the trainer with `step`, continuation.
@Suite struct OptimizerTests {
    func smallNet(_ seed: UInt64 = 3) throws -> (Network, Matrix, Matrix) {
        var net = try Network(sizes: [2, 3, 1], activations: [.tanh, .sigmoid], loss: .binaryCrossEntropy)
        try net.initialize(.xavier(seed: seed))
        let data = try PlaygroundData.xor.generate(count: 40, noise: 0, seed: seed)
        return (net, data.x, data.y)
    }

    @Test func badHyperParametersAreRefusedAndChangeNothing() throws {
        let (net, x, y) = try smallNet()
        for bad in [Optimizer(.momentum(1.5)), Optimizer(.adam(beta1: 0.9, beta2: 1, eps: 1e-8, amsgrad: false)),
                    Optimizer(.rmsprop(alpha: 0.9, eps: 0, momentum: 0, centered: false)),
                    Optimizer(.sgd, weightDecay: -1), Optimizer(.sgd, weightDecay: .nan),
                    Optimizer(.momentum(beta: 0.9, dampening: 0.5, nesterov: true))] {
            #expect(throws: BackpropError.self) { try bad.validate() }
            var copy = net
            var state = OptimizerState(bad, count: net.parameterCount)
            #expect(throws: BackpropError.self) { _ = try copy.step(x: x, y: y, eta: 0.1, state: &state) }
            #expect(copy == net && state.steps == 0)
            #expect(throws: BackpropError.self) {
                _ = try copy.train(x: x, y: y, options: TrainingOptions(epochs: 2, eta: 0.1, optimizer: bad))
            }
            #expect(copy == net)
        }
        var copy = net
        var state = OptimizerState(.sgd, count: net.parameterCount + 1)
        #expect(throws: BackpropError.self) { _ = try copy.step(x: x, y: y, eta: 0.1, state: &state) }
        state = OptimizerState(.sgd, count: net.parameterCount)
        #expect(throws: BackpropError.self) { _ = try copy.step(x: x, y: y, eta: 0.1, l2: -1, state: &state) }
        #expect(throws: BackpropError.self) { _ = try copy.step(x: x, y: y, eta: 0.1, l2: .infinity, state: &state) }
        #expect(copy == net)
    }

    @Test func aDivergingStepLeavesStateAndParameters() throws {
        var state = OptimizerState(Optimizer(.adam), count: 2)
        _ = try state.step(parameters: [1, 2], gradients: [0.5, -0.5], eta: 0.1)
        let before = state
        #expect(throws: BackpropError.self) { _ = try state.step(parameters: [1, 2], gradients: [.nan, 1], eta: 0.1) }
        #expect(throws: BackpropError.self) { _ = try state.step(parameters: [1, 2], gradients: [1e300, 1e300], eta: 1e300) }
        #expect(state == before)
    }

    /// A step of the trainer that diverges keeps its parameters and its optimiser state.
    @Test func aDivergingTrainerStepKeepsStateAndParameters() throws {
        let (net, x, y) = try smallNet()
        let trainer = try Trainer(network: net, batch: x.rows, optimizer: Optimizer(.adam))
        try trainer.step(x: x, y: y, eta: 0.1)
        let state = trainer.optimizerState, params = trainer.network
        #expect(state.steps == 1)
        // η/(1 − β₁²) overflows: θ′ is infinite.
        #expect(throws: BackpropError.self) { try trainer.step(x: x, y: y, eta: .greatestFiniteMagnitude) }
        #expect(trainer.optimizerState == state && trainer.network == params)
        try trainer.step(x: x, y: y, eta: 0.1)
        #expect(trainer.optimizerState.steps == 2)
    }

    /// The trainer's hot loop and the displayed step are the same arithmetic.
    @Test(arguments: [Optimizer(.momentum(0.9)), Optimizer(.nesterov(0.8), weightDecay: 0.01), Optimizer(.rmsprop),
                      Optimizer(.rmsprop(alpha: 0.9, eps: 1e-6, momentum: 0.5, centered: true)), Optimizer(.adam, weightDecay: 0.1),
                      Optimizer(.adam(beta1: 0.8, beta2: 0.99, eps: 1e-8, amsgrad: true))])
    func trainerAgreesWithStep(_ optimizer: Optimizer) throws {
        var (a, x, y) = try smallNet()
        var b = a
        var state = OptimizerState(optimizer, count: a.parameterCount)
        for _ in 0..<7 { _ = try a.step(x: x, y: y, eta: 0.05, l2: 0.01, state: &state) }
        let r = try b.train(x: x, y: y, options: TrainingOptions(epochs: 7, eta: 0.05, optimizer: optimizer, l2: 0.01))
        expectClose(Matrix(row: b.flatParameters), Matrix(row: a.flatParameters), rel: 1e-12, "parameters")
        #expect(r.optimizerState?.steps == 7)
        if let s = r.optimizerState {
            expectClose(Matrix(row: s.m + s.v + s.velocity), Matrix(row: state.m + state.v + state.velocity), rel: 1e-12, "state")
        }
    }

    /// Two runs that carry the state over equal one run of the same length (full batch).
    @Test func trainingContinuesFromItsState() throws {
        var (a, x, y) = try smallNet()
        var b = a
        let options = TrainingOptions(epochs: 6, eta: 0.05, optimizer: Optimizer(.adam))
        _ = try a.train(x: x, y: y, options: options)
        var state: OptimizerState? = nil
        var half = options
        half.epochs = 3
        _ = try b.train(x: x, y: y, options: half, heldOut: nil, state: &state)
        #expect(state?.steps == 3)
        _ = try b.train(x: x, y: y, options: half, heldOut: nil, state: &state)
        #expect(state?.steps == 6)
        expectClose(Matrix(row: b.flatParameters), Matrix(row: a.flatParameters), rel: 1e-13, "parameters")
    }

    /// In PyTorch's convention weight decay λ and an l2 term (λ/2)·Σθ² give the same parameters;
    /// only the reported loss differs, by the term.
    @Test(arguments: [UpdateRule.sgd, .momentum(0.9), .adam])
    func weightDecayAndL2Coincide(_ rule: UpdateRule) throws {
        var (a, x, y) = try smallNet()
        var b = a
        let lambda = 0.05
        let ra = try a.train(x: x, y: y, options: TrainingOptions(epochs: 5, eta: 0.1, optimizer: Optimizer(rule, weightDecay: lambda)))
        let rb = try b.train(x: x, y: y, options: TrainingOptions(epochs: 5, eta: 0.1, optimizer: Optimizer(rule), l2: lambda))
        expectClose(Matrix(row: a.flatParameters), Matrix(row: b.flatParameters), rel: 1e-12, "parameters")
        #expect(close(rb.finalLoss, ra.finalLoss + b.l2Penalty(lambda), rel: 1e-12))
        // Weight decay shrinks the weights compared with no decay.
        var c = try smallNet().0
        _ = try c.train(x: x, y: y, options: TrainingOptions(epochs: 5, eta: 0.1, optimizer: Optimizer(rule)))
        #expect(a.l2Penalty(1) < c.l2Penalty(1))
    }

    @Test func l2GradientIsTheDerivativeOfThePenalty() throws {
        let (net, x, y) = try smallNet()
        let lambda = 0.3
        let g = try net.gradients(x: x, y: y).1.addingL2(lambda, of: net).flat
        let theta = net.flatParameters
        // Central differences of L + (λ/2)Σθ².
        for k in [0, 3, theta.count - 1] {
            var plus = net, minus = net
            let h = 1e-6
            var tp = theta, tm = theta
            tp[k] += h; tm[k] -= h
            try plus.setFlatParameters(tp); try minus.setFlatParameters(tm)
            let lp = try plus.forward(x, targets: y).loss! + plus.l2Penalty(lambda)
            let lm = try minus.forward(x, targets: y).loss! + minus.l2Penalty(lambda)
            #expect(Swift.abs((lp - lm) / (2 * h) - g[k]) < 1e-7)
        }
    }

    /// Held-out loss and accuracy per epoch equal a separate forward pass with the parameters
    /// of that epoch's end.
    @Test func heldOutReportingMatchesForward() throws {
        let data = try PlaygroundData.circle.generate(count: 60, noise: 0.05, seed: 4)
        let split = try data.split(fraction: 0.75, seed: 1)
        var net = try Network(sizes: [2, 4, 1], activations: [.tanh, .sigmoid], loss: .binaryCrossEntropy)
        try net.initialize(.he(seed: 2))
        let start = net
        var reports: [TrainingProgress] = []
        var state: OptimizerState? = nil
        let options = TrainingOptions(epochs: 4, eta: 0.05, batchSize: 16, seed: 5, optimizer: Optimizer(.adam))
        let result = try net.train(x: split.train.x, y: split.train.y, options: options, heldOut: split.heldOut,
                                   state: &state, progress: { reports.append($0) })
        #expect(reports.count == 4 && result.heldOutLosses.count == 4 && result.heldOutAccuracies.count == 4)
        #expect(result.accuracies.count == 4)
        // Replay epoch by epoch (same seed → same shuffles, continuing the state).
        for epoch in 1...4 {
            var o = options
            o.epochs = epoch
            var fresh = start
            _ = try fresh.train(x: split.train.x, y: split.train.y, options: o)
            let f = try fresh.forward(split.heldOut.x, targets: split.heldOut.y)
            #expect(close(reports[epoch - 1].heldOutLoss ?? .nan, f.loss ?? .nan, rel: 1e-12))
            #expect(reports[epoch - 1].heldOutAccuracy == Network.accuracy(yhat: f.yhat, y: split.heldOut.y))
        }
        let f = try net.forward(split.heldOut.x, targets: split.heldOut.y)
        #expect(close(result.finalHeldOutLoss ?? .nan, f.loss ?? .nan, rel: 1e-12))
    }

    /// Plain SGD through the new `step` is the original `step`, bit for bit, and the trainer
    /// (whose products sum in another order) agrees with it to rounding.
    @Test func defaultOptimizerIsTheOriginalSGD() throws {
        var (a, x, y) = try smallNet()
        var b = a, c = a
        let ra = try a.train(x: x, y: y, options: TrainingOptions(epochs: 5, eta: 0.3))
        var state = OptimizerState(.sgd, count: b.parameterCount)
        var losses: [Double] = []
        for _ in 0..<5 { losses.append(try b.step(x: x, y: y, eta: 0.3, state: &state).lossBefore) }
        for _ in 0..<5 { _ = try c.step(x: x, y: y, eta: 0.3) }
        #expect(c == b && state.steps == 5)
        expectClose(Matrix(row: a.flatParameters), Matrix(row: b.flatParameters), rel: 1e-12, "parameters")
        expectClose(Matrix(row: ra.losses), Matrix(row: losses), rel: 1e-12, "losses")
        #expect(ra.optimizerState?.steps == 5)
    }
}
