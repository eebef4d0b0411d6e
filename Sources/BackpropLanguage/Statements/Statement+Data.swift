extension StatementDeclaration {
    static let dataTarget = OptionSpec("target", .column, help: "the column that becomes y")
    static let dataOnehot = OptionSpec("onehot", .flag, help: "one column of y per class label")
    static let dataNormalize = OptionSpec("normalize", .flag, help: "scales each input column")

    static let dataOptions = [dataTarget, dataOnehot, dataNormalize]

    /// `data "iris.csv" target species onehot normalize`.
    static let data = StatementDeclaration(
        "data", options: dataOptions,
        syntax: ["data \"FILE.csv\" [target COLUMN] [onehot] [normalize]"],
        summary: "Loads examples from a CSV file relative to the notebook's directory. The target column becomes y (one-hot for class labels), the other numeric columns become x; normalize scales each input column. Prints the number of rows, columns and classes.",
        example: "data \"iris.csv\" target species onehot", display: .table,
        complete: { context in context.words.count > 1 ? context.unusedOptions() : [] },
        parse: { parser throws(SyntaxError) in
            let path = try parser.parseString("a file name")
            let options = try parser.parseOptions(dataOptions, for: "data")
            return .data(DataDeclaration(path: path, target: options.text(dataTarget), onehot: options.flag(dataOnehot),
                                         normalize: options.flag(dataNormalize)))
        },
        run: { interpreter, kind in
            guard case let .data(declaration) = kind else { throw mismatch("data") }
            return try interpreter.loadData(declaration)
        })
}
