import Backprop

extension StatementDeclaration {
    static let regularizationBounds = Bounds.nonNegative

    /// `weight_decay 0.01`: λθ added to the gradient inside the optimiser (PyTorch's weight_decay).
    static let weightDecay = StatementDeclaration(
        "weight_decay", syntax: ["weight_decay LAMBDA"],
        summary: "Sets PyTorch's weight decay λ (torch.optim's weight_decay, 0 to switch it off): every step and train adds λθ to each weight's and bias's gradient inside the optimiser, before its rule. The loss and backward do not show it; step shows the gradient the rule used. Compare l2, which puts (λ/2)·Σθ² in the loss instead: with plain SGD, momentum, RMSprop or Adam both give the same steps (this is L2 decay, not AdamW's decoupled decay). Starts the optimiser's state afresh.",
        example: "weight_decay 0.01", display: .nothing,
        complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseFactor("weight_decay")) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("weight_decay") }
            return try interpreter.setRegularization(statement)
        })

    /// `l2 0.01`: (λ/2)·Σθ² added to the loss.
    static let l2 = StatementDeclaration(
        "l2", syntax: ["l2 LAMBDA"],
        summary: "Adds the term (λ/2)·Σθ² over every weight and bias to the loss (0 to remove it): forward and backward show the data loss, the term and their sum, backward's gradients include λθ, and step and train minimise the sum. Compare weight_decay, which leaves the loss alone and adds λθ inside the optimiser (PyTorch's convention); both give the same steps, they differ in what the loss and the gradients shown include.",
        example: "l2 0.01", display: .nothing,
        complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseFactor("l2")) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("l2") }
            return try interpreter.setRegularization(statement)
        })

    /// The factor's spec, for the shared range check.
    static let regularizationFactor = OptionSpec("lambda", .number(regularizationBounds), help: "the factor λ")
}

extension Parser {
    /// `weight_decay λ` / `l2 λ`: one number ≥ 0, stored as the option `lambda`.
    mutating func parseFactor(_ keyword: String) throws(SyntaxError) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: keyword)
        skipEquals()
        guard !atEnd else {
            throw error("missing the factor λ of '\(keyword)'", expected: "a number ≥ 0, e.g. \(keyword) 0.01")
        }
        let value = try parseValue(of: StatementDeclaration.regularizationFactor, what: keyword)
        statement.options[StatementDeclaration.regularizationFactor.name] = value
        try expectEnd(after: "the factor")
        return statement
    }
}
