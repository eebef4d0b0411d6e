import Backprop

extension StatementDeclaration {
    static let trainEpochs = OptionSpec("epochs", .integer(TrainingOptions.epochRange), default: .integer(TrainingOptions().epochs),
                                        help: "passes over the data",
                                        aboveRangeNote: "a later train goes on from where this one stops")
    static let trainEta = OptionSpec("eta", .number(Network.etaBounds), default: .number(TrainingOptions().eta),
                                     help: "the learning rate")
    static let trainBatch = OptionSpec("batch", .integer(1...Int(Int32.max)), help: "examples per step (default: all of them)")
    static let trainSeed = OptionSpec("seed", .integer(0...Int(Int32.max)), default: .integer(Int(TrainingOptions().seed)),
                                      help: "shuffles the mini-batches repeatably")
    static let trainUntil = OptionSpec("until", .custom(syntax: "loss < N", parse: { parser throws(SyntaxError) in
        guard parser.current.kind == .identifier, parser.current.text == "loss" else {
            throw parser.error("expected 'loss' after 'until', found \(parser.current.quoted)", expected: "until loss < 0.001")
        }
        parser.advance()
        _ = try parser.expect(.less, "'<'")
        let target = try parser.parseNumber("the target loss")
        guard target.value.isFinite else {
            throw SyntaxError("the target loss must be finite", at: target.location, expected: "a number such as 0.001")
        }
        return .number(target.value)
    }, completions: ["loss"]), help: "stops once an epoch's loss is below N")
    static let trainHistory = OptionSpec("history", .text, help: "writes every epoch's loss to a CSV file (epoch,loss)")

    static let trainScale = OptionSpec("scale", .choice(CurveScale.allCases.map(\.rawValue)),
                                       help: "fixes the curve's loss axis (otherwise log when the losses span more than two decades), so two runs compare")

    static let trainAs = OptionSpec("as", .custom(syntax: "NAME", parse: { parser throws(SyntaxError) in
        try parser.parseRunName()
    }, completions: []), help: "keeps the run (its loss curve and settings) for compare")
    static let trainBoundary = OptionSpec("boundary", .custom(syntax: "[every N]", parse: { parser throws(SyntaxError) in
        try parser.parseBoundaryEvery()
    }, completions: ["every"]), help: "draws the decision boundary after training, or every N epochs while it trains (2 inputs)")

    static let trainOptions = [trainEpochs, trainEta, trainBatch, trainSeed, trainUntil, trainHistory, trainScale, trainAs, trainBoundary]

    /// `train [epochs N] [eta N] [batch N] [seed N] [until loss < N] [history "FILE.csv"] [scale linear|log]`.
    static let train = StatementDeclaration(
        "train", options: trainOptions,
        syntax: ["train [epochs N] [eta N] [batch N] [seed N] [until loss < N] [history \"FILE.csv\"] [scale linear|log] [as NAME] [boundary [every N]]"],
        summary: "Repeats forward, backward and step (with the optimizer, weight_decay and l2 set) over the data (the training part after split, reporting the held-out loss and accuracy of every epoch), in mini-batches when batch is given, until the epochs (at most 100000000) are done or the loss falls below the target. Frozen parameters stay as they are. Shows progress while it runs, then a loss curve and a summary. Beyond 1000 epochs the curve is downsampled (each span's first, lowest and highest loss, and the last epoch), so the output stays small; history writes every epoch's loss to a CSV file (epoch,loss); scale fixes the curve's loss axis, so two runs compare; as NAME keeps the run for compare; boundary draws the decision boundary after training (boundary every N: live, every N epochs). With held-out data (split) the curve draws the held-out loss too. An interrupt stops it after the current step and keeps the parameters of that step.",
        example: "train epochs 1000 eta 0.1 until loss < 0.001", display: .progress,
        parse: { parser throws(SyntaxError) in
            let o = try parser.parseOptions(trainOptions, for: "train")
            var statement = TrainStatement()
            statement.epochs = o.integer(trainEpochs)
            statement.eta = o.number(trainEta)
            statement.batch = o.integer(trainBatch)
            statement.seed = o.integer(trainSeed)
            statement.untilLossBelow = o.number(trainUntil)
            statement.history = o.text(trainHistory)
            if let scale = o.text(trainScale), let value = CurveScale(rawValue: scale.value) {
                statement.scale = Located(value, at: scale.location)
            }
            if let name = o.text(trainAs) { statement.runName = name }
            if let every = o.integer(trainBoundary) { statement.boundaryEvery = every }
            return .train(statement)
        },
        run: { interpreter, kind in
            guard case let .train(statement) = kind else { throw mismatch("train") }
            return try interpreter.train(statement)
        })
}
