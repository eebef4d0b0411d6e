import Backprop

extension StatementDeclaration {
    static let initSeed = OptionSpec("seed", .integer(0...Int(Int32.max)), default: .integer(Int(Initialization.defaultSeed)),
                                     help: "makes the random draw repeatable")
    static let initStd = OptionSpec("std", .number(Initialization.stdBounds), default: .number(Initialization.defaultStd),
                                    help: "the standard deviation of normal (may also follow normal directly)")

    static let initLow = OptionSpec("low", .number(Bounds(lower: -.infinity, includesLower: false)), default: .number(0),
                                    help: "the lower end of uniform (torch.nn.init.uniform_'s a)")
    static let initHigh = OptionSpec("high", .number(Bounds(lower: -.infinity, includesLower: false)), default: .number(1),
                                     help: "the upper end of uniform (torch.nn.init.uniform_'s b)")

    /// The options of one scheme (`init zeros` takes none).
    static func initOptions(_ scheme: InitScheme) -> [OptionSpec] {
        switch scheme {
        case .xavier, .xavierUniform, .he, .heUniform: [initSeed]
        case .normal: [initStd, initSeed]
        case .uniform: [initLow, initHigh, initSeed]
        case .zeros: []
        }
    }

    /// `init xavier seed 7`, `init normal 0.1 seed 7`, `init zeros`.
    static let initialize = StatementDeclaration(
        "init", options: [initStd, initSeed, initLow, initHigh],
        syntax: ["init xavier|xavier_uniform|he|he_uniform [seed N]", "init normal [STD] [seed N]",
                 "init uniform [low N] [high N] [seed N]", "init zeros"],
        summary: "Re-initialises every parameter with torch.nn.init's formulas (biases 0): xavier draws W_l from N(0, 2/(fan_in + fan_out)) (xavier_normal_) and xavier_uniform from U(±√(6/(fan_in + fan_out))); he draws from N(0, 2/fan_in) (kaiming_normal_, for ReLU) and he_uniform from U(±√(6/fan_in)); normal draws with the given standard deviation, uniform from U(low, high), zeros sets all to 0. The seed makes the draw repeatable. The optimiser's state starts afresh.",
        example: "init normal 0.1 seed 7", display: .nothing,
        complete: { context in
            let words = context.words
            guard words.count > 1, let scheme = InitScheme(rawValue: words[1]) else {
                return words.count == 1 ? Vocabulary.initSchemes : []
            }
            return context.unusedOptions(initOptions(scheme))
        },
        parse: { parser throws(SyntaxError) in .initialize(try parser.parseInit()) },
        run: { interpreter, kind in
            guard case let .initialize(declaration) = kind else { throw mismatch("init") }
            return try interpreter.initialize(declaration)
        })
}
