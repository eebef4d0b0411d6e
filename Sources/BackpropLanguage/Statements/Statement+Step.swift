import Backprop

extension StatementDeclaration {
    static let stepEta = OptionSpec("eta", .number(Network.etaBounds), default: .number(Network.defaultEta),
                                    help: "the learning rate")

    static let stepOptions = [stepEta, stepButton]

    /// `step [eta N]`.
    static let step = StatementDeclaration(
        "step", options: stepOptions, syntax: ["step [eta N] [button]"],
        summary: "One gradient-descent update of every parameter that is not frozen, with learning rate eta (default 1, or the optimizer's eta). Prints each parameter's old value, gradient and new value, and the loss before and after. Under an optimizer other than sgd, a weight_decay or an l2, the table shows the rule's state per parameter (the gradient g it used; momentum's v; rmsprop's s; adam's m, v, m̂, v̂ with the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ), then the update. With `button`, in a notebook with widgets: a Step button that takes one step per click and redraws the tables and the graph.",
        example: "step eta = 0.5", display: .table,
        parse: { parser throws(SyntaxError) in
            let options = try parser.parseOptions(stepOptions, for: "step")
            if options["button"] != nil { return .declared(stepButtonStatement(options)) }
            return .step(StepStatement(eta: options.number(stepEta)))
        },
        run: { interpreter, kind in
            if case let .declared(statement) = kind { return try interpreter.stepButton(statement) }
            guard case let .step(statement) = kind else { throw mismatch("step") }
            return try interpreter.step(statement)
        })
}
