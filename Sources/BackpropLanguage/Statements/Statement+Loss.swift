extension StatementDeclaration {
    /// `loss cross_entropy`.
    static let loss = StatementDeclaration(
        "loss", syntax: ["loss " + Vocabulary.losses.joined(separator: "|")],
        summary: "Sets the loss (default squared_error). squared_error is the sum of squared differences without 1/2, half_squared_error is half of it (Mazur's and Nielsen's loss, output gradient yhat - y), mse divides it by the number of outputs; with softmax + cross_entropy or sigmoid + binary_cross_entropy the output gradient is computed in the fused form yhat - y.",
        example: "loss cross_entropy", display: .nothing,
        complete: { context in
            context.words.count == 1 || (context.words.count == 2 && context.previous == "=") ? Vocabulary.losses : []
        },
        parse: { parser throws(SyntaxError) in .loss(try parser.parseLoss()) },
        run: { interpreter, kind in
            guard case let .loss(declaration) = kind else { throw mismatch("loss") }
            return try interpreter.setLoss(declaration)
        })
}
