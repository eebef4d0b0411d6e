import Backprop

extension StatementDeclaration {
    static let stepEta = OptionSpec("eta", .number(Network.etaBounds), default: .number(Network.defaultEta),
                                    help: "the learning rate")

    static let stepOptions = [stepEta]

    /// `step [eta N]`.
    static let step = StatementDeclaration(
        "step", options: stepOptions, syntax: ["step [eta N]"],
        summary: "One gradient-descent update of every parameter that is not frozen, with learning rate eta (default 1, or the optimizer's eta). Prints each parameter's old value, gradient and new value, and the loss before and after. Under an optimizer other than sgd, a weight_decay or an l2, the table shows the rule's state per parameter (the gradient g it used; momentum's v; rmsprop's s; adam's m, v, m̂, v̂ with the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ), then the update.",
        example: "step eta = 0.5", display: .table,
        parse: { parser throws(SyntaxError) in
            let options = try parser.parseOptions(stepOptions, for: "step")
            return .step(StepStatement(eta: options.number(stepEta)))
        },
        run: { interpreter, kind in
            guard case let .step(statement) = kind else { throw mismatch("step") }
            return try interpreter.step(statement)
        })
}
