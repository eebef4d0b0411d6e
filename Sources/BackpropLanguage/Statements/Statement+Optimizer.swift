import Backprop

/// The update rules `optimizer` names, with their options (torch.optim's hyper-parameters and
/// defaults; the learning rate is `eta`, as in step and train).
enum OptimizerName: String, CaseIterable, Sendable {
    case sgd, momentum, nesterov, rmsprop, adam
}

extension StatementDeclaration {
    static let unitInterval = Bounds(lower: 0, includesLower: true, upper: 1, includesUpper: false)
    static let optimizerEta = OptionSpec("eta", .number(Network.etaBounds),
                                         help: "the learning rate step and train use when given none (PyTorch's lr; default 0.01 for rmsprop, 0.001 for adam, else 1)")
    static let optimizerBeta = OptionSpec("beta", .number(unitInterval), default: .number(0.9),
                                          help: "momentum's β (PyTorch's momentum; may also follow momentum or nesterov directly)")
    static let optimizerDampening = OptionSpec("dampening", .number(Bounds(lower: 0, includesLower: true, upper: 1, includesUpper: true)),
                                               default: .number(0), help: "v ← β·v + (1 − dampening)·g")
    static let optimizerAlpha = OptionSpec("alpha", .number(unitInterval), default: .number(0.99),
                                           help: "RMSprop's smoothing constant of the squared gradients")
    static let optimizerEps = OptionSpec("eps", .number(Bounds.positive), default: .number(1e-8),
                                         help: "added to the square root in the denominator")
    static let optimizerMomentum = OptionSpec("momentum", .number(unitInterval), default: .number(0),
                                              help: "RMSprop's momentum")
    static let optimizerCentered = OptionSpec("centered", .flag, help: "RMSprop divides by the variance of g, not its second moment")
    static let optimizerBetas = OptionSpec("betas", .custom(syntax: "B1 B2", parse: { parser throws(SyntaxError) in
        var pair: [Double] = []
        for what in ["beta1", "beta2"] {
            let token = parser.current
            let v = try parser.parseNumber(what)
            guard unitInterval.contains(v.value) else {
                throw SyntaxError("\(what) must be \(unitInterval.isAbove(v.value) ? "below 1" : "finite and not negative")",
                                  at: token.location, length: max(1, parser.current.location.offset - token.location.offset),
                                  expected: unitInterval.description)
            }
            pair.append(v.value)
        }
        return .text("\(pair[0]) \(pair[1])")
    }, completions: []), help: "Adam's β₁ and β₂ (default 0.9 0.999)")
    static let optimizerAmsgrad = OptionSpec("amsgrad", .flag, help: "Adam divides by the running maximum of v̂")

    static let optimizerOptions = [optimizerEta, optimizerBeta, optimizerDampening, optimizerAlpha, optimizerEps,
                                   optimizerMomentum, optimizerCentered, optimizerBetas, optimizerAmsgrad]

    /// The options of one rule.
    static func optimizerOptions(_ rule: OptimizerName) -> [OptionSpec] {
        switch rule {
        case .sgd: [optimizerEta]
        case .momentum: [optimizerBeta, optimizerDampening, optimizerEta]
        case .nesterov: [optimizerBeta, optimizerEta]
        case .rmsprop: [optimizerAlpha, optimizerEps, optimizerMomentum, optimizerCentered, optimizerEta]
        case .adam: [optimizerBetas, optimizerEps, optimizerAmsgrad, optimizerEta]
        }
    }

    /// `optimizer adam betas 0.9 0.999 eps 1e-8 eta 0.001`, `optimizer momentum 0.9`, `optimizer`.
    static let optimizer = StatementDeclaration(
        "optimizer", options: optimizerOptions,
        syntax: ["optimizer", "optimizer sgd [eta N]", "optimizer momentum [BETA] [dampening N] [eta N]",
                 "optimizer nesterov [BETA] [eta N]",
                 "optimizer rmsprop [alpha N] [eps N] [momentum N] [centered] [eta N]",
                 "optimizer adam [betas B1 B2] [eps N] [amsgrad] [eta N]"],
        summary: "Chooses the update rule step and train use, with torch.optim's conventions and defaults, so every step can be checked against PyTorch: momentum keeps v ← β·v + g (no (1 − β) factor) and steps θ ← θ − η·v; nesterov steps along g + β·v; rmsprop divides by √s + ε (ε outside the root); adam divides m̂ = m/(1 − β₁ᵗ) by √v̂ + ε with v̂ = v/(1 − β₂ᵗ). eta sets the learning rate step and train use when given none. The optimiser's state (velocity, m, v, t) starts at zero and is kept between steps and runs; a new optimizer, weight_decay, net or init starts it afresh. Alone, shows the optimiser and its state.",
        example: "optimizer adam betas 0.9 0.999 eps 1e-8 eta 0.001", display: .table,
        complete: { context in
            let words = context.words
            guard words.count > 1, let rule = OptimizerName(rawValue: words[1]) else {
                return words.count == 1 ? OptimizerName.allCases.map(\.rawValue) : []
            }
            return context.unusedOptions(optimizerOptions(rule))
        },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseOptimizer()) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("optimizer") }
            return try interpreter.setOptimizer(statement)
        })
}

extension Parser {
    /// `optimizer RULE [BETA] options…`, or `optimizer` alone.
    mutating func parseOptimizer() throws(SyntaxError) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: "optimizer")
        guard !atEnd else { return statement }
        let names = OptimizerName.allCases.map(\.rawValue)
        let word = current
        guard word.kind == .identifier, let rule = OptimizerName(rawValue: word.text) else {
            throw error(word.kind == .identifier ? "unknown optimizer '\(word.text)'" : "expected an optimizer, found \(word.quoted)",
                        at: word, expected: "an optimizer (\(Vocabulary.list(names)))",
                        suggestion: Suggestions.nearest(to: word.text, in: names))
        }
        advance()
        statement.words.append(Located(word.text, at: word.location))
        var beta: Located<OptionValue>? = nil
        if rule == .momentum || rule == .nesterov, [.number, .minus, .plus].contains(current.kind) {
            beta = try parseValue(of: StatementDeclaration.optimizerBeta, what: "beta")
        }
        var options = try parseOptions(StatementDeclaration.optimizerOptions(rule), for: "optimizer \(rule.rawValue)")
        if let beta {
            if let given = options[StatementDeclaration.optimizerBeta.name] {
                throw SyntaxError("beta is given twice", at: given.location, expected: "one beta")
            }
            options[StatementDeclaration.optimizerBeta.name] = beta
        }
        statement.options = options
        return statement
    }
}
