extension StatementDeclaration {
    static let graphPaths = OptionSpec("paths", .custom(syntax: "NAME", parse: { parser throws(SyntaxError) in
        .text(try parser.parseGraphPaths().value.description)
    }, completions: []), help: "highlights the chain-rule paths of one weight or bias (w131, b13)")

    static let graphOptions = [graphPaths]

    /// `graph [paths NAME]`: a picture, never the cell's result.
    static let graph = StatementDeclaration(
        "graph", options: graphOptions, syntax: ["graph [paths NAME]"],
        summary: "Draws the network: units as circles, weights as edges; after a backward pass the edge widths show the gradient magnitudes. With paths w131 (or b13) the chain-rule paths of that weight or bias are highlighted: its edge, then every route from its unit to the output.",
        example: "graph paths w131", display: .picture,
        complete: { context in
            if context.previous == "paths" {
                return context.definedNames.filter { ValueName($0).map { $0.isParameter && $0.isSingle } ?? false }
            }
            return context.unusedOptions()
        },
        parse: { parser throws(SyntaxError) in .graph(try parser.parseGraph()) },
        run: { interpreter, kind in
            guard case let .graph(statement) = kind else { throw mismatch("graph") }
            return try interpreter.graph(statement)
        })
}
