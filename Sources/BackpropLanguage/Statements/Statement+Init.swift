import Backprop

extension StatementDeclaration {
    static let initSeed = OptionSpec("seed", .integer(0...Int(Int32.max)), default: .integer(Int(Initialization.defaultSeed)),
                                     help: "makes the random draw repeatable")
    static let initStd = OptionSpec("std", .number(Initialization.stdBounds), default: .number(Initialization.defaultStd),
                                    help: "the standard deviation of normal (may also follow normal directly)")

    /// The options of one scheme (`init zeros` takes none).
    static func initOptions(_ scheme: InitScheme) -> [OptionSpec] {
        switch scheme {
        case .xavier: [initSeed]
        case .normal: [initStd, initSeed]
        case .zeros: []
        }
    }

    /// `init xavier seed 7`, `init normal 0.1 seed 7`, `init zeros`.
    static let initialize = StatementDeclaration(
        "init", options: [initStd, initSeed],
        syntax: ["init xavier [seed N]", "init normal [STD] [seed N]", "init zeros"],
        summary: "Re-initialises every parameter: xavier scales random weights by the layer sizes, normal draws them with the given standard deviation, zeros sets all to 0. The seed makes the draw repeatable.",
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
