import Backprop

extension StatementDeclaration {
    static let normsScale = OptionSpec("scale", .choice(CurveScale.allCases.map(\.rawValue)), default: .text("log"),
                                       help: "the bar chart's value axis")
    static let normsOptions = [normsScale]

    /// `norms [scale log|linear]`: ‖∇W_l‖ and ‖∇b_l‖ per layer, a table and a bar chart.
    static let norms = StatementDeclaration(
        "norms", options: normsOptions, syntax: ["norms [scale log|linear]"],
        summary: "Runs forward and backward and shows the size of each layer's gradient: ‖∇W_l‖ (the square root of the sum of the squared entries) and ‖∇b_l‖, with ‖W_l‖ and the ratio ‖∇W_l‖/‖W_l‖, as a table and a bar chart on a log scale: gradients that vanish (or explode) towards the input are visible at a glance.",
        example: "norms", display: .table,
        parse: { parser throws(SyntaxError) in
            var statement = DeclaredStatement(keyword: "norms")
            statement.options = try parser.parseOptions(normsOptions, for: "norms")
            return .declared(statement)
        },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("norms") }
            return try interpreter.norms(statement)
        })
}
