import Backprop

extension StatementDeclaration {
    static let dataTarget = OptionSpec("target", .column, help: "the column that becomes y")
    static let dataOnehot = OptionSpec("onehot", .flag, help: "one column of y per class label")
    static let dataNormalize = OptionSpec("normalize", .flag, help: "scales each input column")
    static let dataNoise = OptionSpec("noise", .number(Bounds(lower: 0, includesLower: true, upper: 1, includesUpper: true)),
                                      default: .number(0), help: "a generated set's noise, on TF Playground's scale (its slider's 0 … 50 is 0 … 0.5)")
    static let dataSeed = OptionSpec("seed", .integer(0...Int(Int32.max)), default: .integer(Int(Initialization.defaultSeed)),
                                     help: "makes a generated set repeatable")
    static let dataCount = OptionSpec("count", .integer(2...Dataset.maxExamples), default: .integer(200),
                                      help: "the number of points of a generated set (may also follow its name directly)")

    static let dataOptions = [dataTarget, dataOnehot, dataNormalize]
    static let generatedDataOptions = [dataCount, dataNoise, dataSeed]
    static let dataSets = PlaygroundData.allCases.map(\.rawValue)

    /// `data "iris.csv" target species onehot normalize`, `data circle 200 noise 0.1 seed 3`.
    static let data = StatementDeclaration(
        "data", options: dataOptions + generatedDataOptions,
        syntax: ["data \"FILE.csv\" [target COLUMN] [onehot] [normalize]",
                 "data circle|xor|gaussian|spiral [N] [noise N] [seed N]"],
        summary: "Loads examples from a CSV file relative to the notebook's directory. The target column becomes y (one-hot for class labels), the other numeric columns become x; normalize scales each input column. Or generates one of TF Playground's 2-D sets (circle, xor, gaussian, spiral; N points, default 200) deterministically from the seed, with no download: x is N × 2, y is N × 1 with the classes 1 and 0 (for a sigmoid output and binary_cross_entropy). Prints the number of rows, columns and classes.",
        example: "data circle 200 noise 0.1 seed 3", display: .table,
        complete: { context in
            let words = context.words
            if words.count == 1 { return dataSets }
            if words.count > 1, dataSets.contains(words[1]) { return context.unusedOptions(generatedDataOptions) }
            return context.unusedOptions(dataOptions)
        },
        parse: { parser throws(SyntaxError) in
            if parser.current.kind == .identifier, dataSets.contains(parser.current.text) {
                let word = parser.advance()
                var statement = DeclaredStatement(keyword: "data")
                statement.words.append(Located(word.text, at: word.location))
                var count: Located<OptionValue>? = nil
                if parser.current.kind == .number {
                    count = try parser.parseValue(of: dataCount, what: "the number of points")
                }
                var options = try parser.parseOptions(generatedDataOptions, for: "data \(word.text)")
                if let count {
                    if let given = options[dataCount.name] {
                        throw SyntaxError("the number of points is given twice", at: given.location, expected: "one count")
                    }
                    options[dataCount.name] = count
                }
                statement.options = options
                return .declared(statement)
            }
            if parser.current.kind == .identifier {
                let word = parser.current
                throw parser.error("expected a file name in double quotes or a generated set (\(Vocabulary.list(dataSets))), found '\(word.text)'",
                                   expected: "data \"FILE.csv\" or data circle 200",
                                   suggestion: Suggestions.nearest(to: word.text, in: dataSets))
            }
            let path = try parser.parseString("a file name")
            let options = try parser.parseOptions(dataOptions, for: "data")
            return .data(DataDeclaration(path: path, target: options.text(dataTarget), onehot: options.flag(dataOnehot),
                                         normalize: options.flag(dataNormalize)))
        },
        run: { interpreter, kind in
            if case let .declared(statement) = kind { return try interpreter.generateData(statement) }
            guard case let .data(declaration) = kind else { throw mismatch("data") }
            return try interpreter.loadData(declaration)
        })
}
