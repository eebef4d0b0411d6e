extension StatementDeclaration {
    /// `show`, `show NAME`.
    static let show = StatementDeclaration(
        "show", syntax: ["show", "show NAME"],
        summary: "Shows one value: a parameter (W1, b1, w212, b13), data (x, y), an activation (a2, h1, a21, h13, yhat), the loss, or a gradient (dL/dW1, dL/dw212, dL/da21). A gradient name runs a backward pass on the current state. Without a name, shows the network, its parameters and data.",
        example: "show dL/dw212", display: .table,
        complete: { context in context.words.count == 1 ? context.definedNames + ["loss", "yhat"] : [] },
        parse: { parser throws(SyntaxError) in .show(try parser.parseShow()) },
        run: { interpreter, kind in
            guard case let .show(show) = kind else { throw mismatch("show") }
            return try interpreter.show(show)
        })
}
