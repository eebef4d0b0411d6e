extension StatementDeclaration {
    /// `spread`: per layer, the spread of weights, activations and gradients.
    static let spread = StatementDeclaration(
        "spread", syntax: ["spread"],
        summary: "Shows, for each layer, the spread (mean and standard deviation over the batch) of the weights, the pre-activations a, the activations h and the gradients ∂L/∂a, and the norms ‖∂L/∂W‖ and ‖∂L/∂b‖, from one forward and backward pass on x and y with the current parameters. Run right after net or init, it shows whether the signal and the gradients keep their size through the layers, or vanish (sigmoid with small weights) or explode.",
        example: "spread", display: .table,
        complete: { _ in [] },
        parse: { parser throws(SyntaxError) in
            try parser.expectEnd(after: "spread")
            return .declared(DeclaredStatement(keyword: "spread"))
        },
        run: { interpreter, kind in
            guard case .declared = kind else { throw mismatch("spread") }
            return try interpreter.spread()
        })
}
