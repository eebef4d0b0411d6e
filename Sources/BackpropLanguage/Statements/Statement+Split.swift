import Backprop

extension StatementDeclaration {
    static let splitFraction = OptionSpec("fraction", .number(Bounds(lower: 0, includesLower: false, upper: 1, includesUpper: false)),
                                          help: "the fraction of the examples trained on")
    static let splitSeed = OptionSpec("seed", .integer(0...Int(Int32.max)), default: .integer(Int(Initialization.defaultSeed)),
                                      help: "shuffles the examples repeatably before the cut")
    static let splitOptions = [splitSeed]

    /// `split 0.8 seed 1`, `split off`.
    static let split = StatementDeclaration(
        "split", options: splitOptions,
        syntax: ["split FRACTION [seed N]", "split off"],
        summary: "Holds out part of the data: the examples are shuffled with the seed, the first FRACTION of them (rounded, at least one) are trained on and the rest held out. train then reports the training and the held-out loss and accuracy after every epoch; forward, backward and step still use all of x and y. The same data, fraction and seed always give the same split; new data is split the same way. split off trains on everything again.",
        example: "split 0.8 seed 1", display: .table,
        complete: { context in context.words.count == 1 ? ["off"] : context.unusedOptions() },
        parse: { parser throws(SyntaxError) in
            var statement = DeclaredStatement(keyword: "split")
            if parser.current.kind == .identifier, parser.current.text == "off" {
                let token = parser.advance()
                statement.words.append(Located("off", at: token.location))
                try parser.expectEnd(after: "split off")
                return .declared(statement)
            }
            guard !parser.atEnd else {
                throw parser.error("missing the training fraction of 'split'", expected: "a number between 0 and 1, e.g. split 0.8 seed 1, or split off")
            }
            statement.options[splitFraction.name] = try parser.parseValue(of: splitFraction, what: "the training fraction")
            let options = try parser.parseOptions(splitOptions, for: "split")
            if let seed = options[splitSeed.name] { statement.options[splitSeed.name] = seed }
            return .declared(statement)
        },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("split") }
            return try interpreter.setSplit(statement)
        })
}
