/// Settings of a training run ("iterate over data till satisfied").
public struct TrainingOptions: Sendable, Equatable {
    public var epochs: Int
    public var eta: Double
    /// Examples per mini-batch; nil means the whole data set (full-batch gradient descent).
    public var batchSize: Int?
    /// Shuffles examples each epoch when mini-batches are used.
    public var seed: UInt64
    /// Stop once the epoch's loss is below this.
    public var targetLoss: Double?
    /// The update rule and weight decay (plain SGD by default).
    public var optimizer: Optimizer
    /// λ of an l2 term (λ/2)·Σθ² in the loss (see `Network.l2Penalty`); the training losses
    /// reported include it, the held-out ones do not.
    public var l2: Double
    /// Every this many epochs the progress report carries the network (a live picture of it);
    /// nil: never.
    public var snapshotEvery: Int? = nil

    public init(epochs: Int = 100, eta: Double = Network.defaultEta, batchSize: Int? = nil, seed: UInt64 = Initialization.defaultSeed,
                targetLoss: Double? = nil, optimizer: Optimizer = .sgd, l2: Double = 0) {
        self.epochs = epochs
        self.eta = eta
        self.batchSize = batchSize
        self.seed = seed
        self.targetLoss = targetLoss
        self.optimizer = optimizer
        self.l2 = l2
    }

    /// The epochs one run accepts (a later run goes on from where this one stopped).
    public static let epochRange = 1...100_000_000

    public func validate() throws(BackpropError) {
        guard TrainingOptions.epochRange.contains(epochs) else { 
            throw BackpropError.invalidArgument("epochs must be between 1 and \(TrainingOptions.epochRange.upperBound), not \(epochs)")
        }
        try Network.validate(eta: eta)
        if let b = batchSize, b < 1 { throw BackpropError.invalidArgument("batch must be at least 1, not \(b)") }
        if let t = targetLoss, !(t.isFinite) { throw BackpropError.invalidArgument("the target loss must be finite, not \(t)") }
        try optimizer.validate()
        try Network.validate(l2: l2)
    }
}

/// Why training stopped.
public enum StopReason: String, Sendable {
    case epochs, target, interrupted
    /// The loss turned NaN or infinite; the network is left as it was before that step.
    case diverged
}

/// Progress reported after each epoch.
public struct TrainingProgress: Sendable {
    public let epoch: Int
    public let epochs: Int
    public let loss: Double
    /// The fraction classified right in the epoch's forward passes (before each update, like
    /// `loss`), when the targets are classes.
    public var accuracy: Double? = nil
    /// The held-out data's loss and accuracy with the parameters at the end of the epoch.
    public var heldOutLoss: Double? = nil
    public var heldOutAccuracy: Double? = nil
    /// The parameters at the end of the epoch, every `TrainingOptions.snapshotEvery` epochs.
    public var network: Network? = nil
}

/// The outcome of a training run.
public struct TrainingResult: Sendable {
    public let epochsRun: Int
    /// Gradient steps applied (an interrupt can stop an epoch part-way; its steps are kept).
    public let stepsRun: Int
    /// The loss of each finished epoch (the mean of its mini-batch losses, before each update);
    /// empty when the run was asked not to record them (`recordLosses: false`).
    public let losses: [Double]
    /// The loss of the last finished epoch.
    public let lastEpochLoss: Double?
    /// The loss on all the data after the last finished step.
    public let finalLoss: Double
    /// The fraction of examples classified right, when the targets are classes.
    public let accuracy: Double?
    public let stopped: StopReason
    /// Where the divergence appeared, when `stopped == .diverged`.
    public let divergence: String?
    /// Per finished epoch (recorded like `losses`): the training accuracy, and the held-out loss
    /// and accuracy (empty without held-out data or when they are not classes).
    public var accuracies: [Double] = []
    public var heldOutLosses: [Double] = []
    public var heldOutAccuracies: [Double] = []
    /// The held-out loss and accuracy after the last finished step.
    public var finalHeldOutLoss: Double? = nil
    public var finalHeldOutAccuracy: Double? = nil
    /// The optimiser's state after the last successful step, to continue with in a later run.
    public var optimizerState: OptimizerState? = nil

    public init(epochsRun: Int, stepsRun: Int, losses: [Double], lastEpochLoss: Double?, finalLoss: Double,
                accuracy: Double?, stopped: StopReason, divergence: String?) {
        self.epochsRun = epochsRun
        self.stepsRun = stepsRun
        self.losses = losses
        self.lastEpochLoss = lastEpochLoss
        self.finalLoss = finalLoss
        self.accuracy = accuracy
        self.stopped = stopped
        self.divergence = divergence
    }
}

extension Network {
    /// Trains on (x, y) with gradient descent. `progress` is called after every epoch;
    /// `shouldStop` is polled between steps, and an interrupted run keeps the parameters of
    /// its last finished step. With `recordLosses: false` the losses reach only `progress`,
    /// so memory does not grow with the epochs.
    public mutating func train(x: Matrix, y: Matrix, options: TrainingOptions, recordLosses: Bool = true,
                               progress: (TrainingProgress) -> Void = { _ in },
                               shouldStop: () -> Bool = { false }) throws(BackpropError) -> TrainingResult {
        var state: OptimizerState? = nil
        return try train(x: x, y: y, options: options, heldOut: nil, state: &state, recordLosses: recordLosses,
                         progress: progress, shouldStop: shouldStop)
    }

    /// Trains like `train(x:y:options:…)`, evaluating `heldOut` after every epoch, and continuing
    /// from `state` when it fits `options.optimizer` and this network (a fresh state otherwise);
    /// `state` ends as the optimiser's state after the last successful step.
    public mutating func train(x: Matrix, y: Matrix, options: TrainingOptions, heldOut: Dataset?,
                               state: inout OptimizerState?, recordLosses: Bool = true,
                               progress: (TrainingProgress) -> Void = { _ in },
                               shouldStop: () -> Bool = { false }) throws(BackpropError) -> TrainingResult {
        try options.validate()
        try validate(x: x, y: y)
        if let heldOut { try validate(x: heldOut.x, y: heldOut.y) }
        let m = x.rows
        let batch = min(options.batchSize ?? m, m)
        var rng = SeededGenerator(seed: options.seed)
        let trainer = try Trainer(network: self, batch: batch, optimizer: options.optimizer, l2: options.l2, state: state)
        let classes = Trainer.areClasses(y)
        trainer.countsCorrect = classes
        var accuracies: [Double] = [], heldOutLosses: [Double] = [], heldOutAccuracies: [Double] = []
        var losses: [Double] = []
        var stopped = StopReason.epochs
        var divergence: String? = nil
        var epoch = 0
        var steps = 0
        var lastLoss: Double? = nil
        var order = Array(0..<m)
        training: while epoch < options.epochs {
            if batch < m { order = rng.permutation(m) }
            var total = 0.0
            var right = 0
            var start = 0
            while start < m {
                if shouldStop() { stopped = .interrupted; break training }
                let end = min(start + batch, m)
                do {
                    let loss = batch < m
                        ? try trainer.step(x: x, y: y, rows: order[start..<end], eta: options.eta)
                        : try trainer.step(x: x, y: y, eta: options.eta)
                    total += loss * Double(end - start)
                    right += trainer.lastCorrect
                    steps += 1
                } catch let BackpropError.nonFinite(place) {
                    stopped = .diverged
                    divergence = "\(place), epoch \(epoch + 1)"
                    break training
                }
                start = end
            }
            epoch += 1
            let epochLoss = total / Double(m)
            var report = TrainingProgress(epoch: epoch, epochs: options.epochs, loss: epochLoss)
            if classes { report.accuracy = Double(right) / Double(m) }
            if let heldOut {
                let (loss, correct) = try trainer.evaluate(x: heldOut.x, y: heldOut.y)
                report.heldOutLoss = loss
                report.heldOutAccuracy = correct.map { Double($0) / Double(heldOut.x.rows) }
            }
            if let every = options.snapshotEvery, every > 0, epoch % every == 0 { report.network = trainer.network }
            if recordLosses {
                losses.append(epochLoss)
                if let a = report.accuracy { accuracies.append(a) }
                if let l = report.heldOutLoss { heldOutLosses.append(l) }
                if let a = report.heldOutAccuracy { heldOutAccuracies.append(a) }
            }
            lastLoss = epochLoss
            progress(report)
            if let target = options.targetLoss, epochLoss < target { stopped = .target; break }
        }
        self = trainer.network
        let final = try forward(x, targets: y)
        // A diverging epoch is not counted: `epoch` was not advanced for it.
        var result = TrainingResult(epochsRun: epoch, stepsRun: steps, losses: losses, lastEpochLoss: lastLoss,
                                    finalLoss: (final.loss ?? .nan) + l2Penalty(options.l2),
                                    accuracy: Network.accuracy(yhat: final.yhat, y: y), stopped: stopped,
                                    divergence: divergence)
        result.accuracies = accuracies
        result.heldOutLosses = heldOutLosses
        result.heldOutAccuracies = heldOutAccuracies
        if let heldOut {
            let (loss, correct) = try trainer.evaluate(x: heldOut.x, y: heldOut.y)
            result.finalHeldOutLoss = loss
            result.finalHeldOutAccuracy = correct.map { Double($0) / Double(heldOut.x.rows) }
        }
        let finalState = trainer.optimizerState
        result.optimizerState = finalState
        state = finalState
        return result
    }

    /// Accuracy when the targets are classes: one-hot rows (argmax agrees) or a single 0/1
    /// output (ŷ ≥ 0.5 agrees); nil for other targets.
    public static func accuracy(yhat: Matrix, y: Matrix) -> Double? {
        guard y.rows > 0, y.shape == yhat.shape else { return nil }
        guard y.storage.allSatisfy({ $0 == 0 || $0 == 1 }) else { return nil }
        var right = 0
        if y.cols == 1 {
            for r in 0..<y.rows where (yhat[r, 0] >= 0.5) == (y[r, 0] == 1) { right += 1 }
        } else {
            for r in 0..<y.rows {
                let row = y.row(r)
                guard row.reduce(0, +) == 1 else { return nil }
                let predicted = yhat.row(r)
                let p = predicted.indices.max(by: { predicted[$0] < predicted[$1] }) ?? 0
                if row[p] == 1 { right += 1 }
            }
        }
        return Double(right) / Double(y.rows)
    }
}
