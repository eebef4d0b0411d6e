extension StatementDeclaration {
    /// `graph`: a picture, never the cell's result.
    static let graph = StatementDeclaration(
        "graph", syntax: ["graph"],
        summary: "Draws the network: units as circles, weights as edges; after a backward pass the edge widths show the gradient magnitudes.",
        example: "graph", display: .picture, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.graph, "graph") },
        run: { interpreter, _ in try interpreter.graph() })
}
