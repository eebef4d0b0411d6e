import Backprop
import JSON
import Rendering

/// optimizer, weight_decay, l2, split, spread, and the optimiser's step.
extension Interpreter {
    /// PyTorch's default learning rate for a rule, where it is not the language's 1.
    static func defaultEta(_ rule: OptimizerName) -> Double? {
        switch rule {
        case .rmsprop: 0.01
        case .adam: 0.001
        default: nil
        }
    }

    mutating func setOptimizer(_ statement: DeclaredStatement) throws -> [JSONValue] {
        guard let word = statement.words.first else {
            return [OptimizerRenderer.current(state.training, format: format)]
        }
        guard let name = OptimizerName(rawValue: word.value) else {
            throw StatementFailure(.valueError, "unknown optimizer \(word.value)", at: word.location)
        }
        let o = statement.options
        typealias D = StatementDeclaration
        func number(_ spec: OptionSpec) -> Double { o.number(spec)?.value ?? spec.numberDefault ?? 0 }
        let rule: UpdateRule
        switch name {
        case .sgd: rule = .sgd
        case .momentum:
            rule = .momentum(beta: number(D.optimizerBeta), dampening: number(D.optimizerDampening), nesterov: false)
        case .nesterov:
            rule = .momentum(beta: number(D.optimizerBeta), dampening: 0, nesterov: true)
        case .rmsprop:
            rule = .rmsprop(alpha: number(D.optimizerAlpha), eps: number(D.optimizerEps), momentum: number(D.optimizerMomentum),
                            centered: o.flag(D.optimizerCentered))
        case .adam:
            var betas = (0.9, 0.999)
            if let text = o.text(D.optimizerBetas) {
                let parts = text.value.split(separator: " ").compactMap { Double($0) }
                if parts.count == 2 { betas = (parts[0], parts[1]) }
            }
            rule = .adam(beta1: betas.0, beta2: betas.1, eps: number(D.optimizerEps), amsgrad: o.flag(D.optimizerAmsgrad))
        }
        let optimizer = Optimizer(rule, weightDecay: state.training.optimizer.weightDecay)
        let place = o[D.optimizerBeta.name]?.location ?? word.location
        try engine(at: place, length: word.value.count) { () throws(BackpropError) in try optimizer.validate() }
        state.training.optimizer = optimizer
        state.training.eta = o.number(D.optimizerEta)?.value ?? Interpreter.defaultEta(name)
        state.training.state = nil
        return [OptimizerRenderer.current(state.training, format: format, changed: true)]
    }

    mutating func setRegularization(_ statement: DeclaredStatement) throws -> [JSONValue] {
        let lambda = statement.options.number(StatementDeclaration.regularizationFactor)?.value ?? 0
        if statement.keyword == "l2" {
            state.training.l2 = lambda
        } else {
            state.training.optimizer.weightDecay = lambda
            state.training.state = nil
        }
        return []
    }

    mutating func setSplit(_ statement: DeclaredStatement) throws -> [JSONValue] {
        if statement.words.first?.value == "off" {
            state.training.split = nil
            return [RichOutput(plain: "split off: train uses all the examples",
                               json: ["kind": "split", "fraction": .null]).bundle]
        }
        let fraction = statement.options.number(StatementDeclaration.splitFraction)?.value ?? 0.8
        let seed = UInt64(max(statement.options.integer(StatementDeclaration.splitSeed)?.value ?? Int(Initialization.defaultSeed), 0))
        state.training.split = (fraction, seed)
        var json: [(key: String, value: JSONValue)] = [("kind", "split"), ("fraction", .number(fraction)), ("seed", .integer(Int(seed)))]
        var text = "split \(NumberText.short(fraction)) seed \(seed): train on \(NumberText.short(fraction * 100)) % of the examples, hold out the rest"
        if let x = state.x, let y = state.y, x.rows == y.rows, let parts = try? heldOutSplit(x: x, y: y) {
            text = "split \(NumberText.short(fraction)) seed \(seed): \(parts.train.count) examples to train on, \(parts.heldOut.count) held out"
            json.append(("train", .integer(parts.train.count)))
            json.append(("held_out", .integer(parts.heldOut.count)))
        }
        return [RichOutput(plain: text, json: .object(json)).bundle]
    }

    /// The session's split of (x, y), if `split` is on.
    func heldOutSplit(x: Matrix, y: Matrix) throws -> DataSplit? {
        guard let split = state.training.split else { return nil }
        let data = try Dataset(x: x, y: y)
        return try data.split(fraction: split.fraction, seed: split.seed)
    }

    mutating func spread() throws -> [JSONValue] {
        let (network, x, y) = try requireExample()
        let layers = try network.spread(x: x, y: y)
        return [SpreadRenderer.bundle(layers, examples: x.rows, format: format)]
    }

    /// `step` with an optimiser other than plain SGD, or an l2 term: the rule's state per
    /// parameter, then the update.
    mutating func optimizerStep(_ statement: StepStatement) throws -> [JSONValue] {
        var (network, x, y) = try requireExample()
        let eta = statement.eta?.value ?? state.training.eta ?? Network.defaultEta
        var optimizerState = state.training.state(for: network)
        let l2 = state.training.l2
        let result: OptimizerStepResult
        do {
            result = try network.step(x: x, y: y, eta: eta, l2: l2, state: &optimizerState)
        } catch {
            if case .invalidArgument = error, let place = statement.eta?.location {
                throw LanguageError.engine(error, at: place, in: source)
            }
            throw error
        }
        state.network = network
        state.training.state = optimizerState
        parametersChanged()
        return [OptimizerStepRenderer.bundle(result, format: format)]
    }

    /// A new network or new parameters: the optimiser starts afresh.
    mutating func resetOptimizerState() { state.training.state = nil }
}
