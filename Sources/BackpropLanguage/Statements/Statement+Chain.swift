extension StatementDeclaration {
    /// `chain EXPR at x = 0.5, y = 2` (its own grammar: an expression and bindings).
    static let chain = StatementDeclaration(
        "chain", syntax: ["chain EXPRESSION at NAME = VALUE, …"],
        summary: "The chain rule on a scalar expression: its intermediate nodes with their values, each local derivative, the product along every path and the sum over paths for each variable, with a numerical check. Operators + - * / ^ and the functions exp, log, sqrt, sin, cos, tanh, sigmoid, relu; every variable needs a value after `at`.",
        example: "chain x*y + sin(x) at x = 1, y = 2", display: .table,
        complete: { context in context.words.contains("at") ? [] : Vocabulary.functions + ["at"] },
        parse: { parser throws(SyntaxError) in .chain(try parser.parseChain()) },
        run: { interpreter, kind in
            guard case let .chain(chain) = kind else { throw mismatch("chain") }
            return try interpreter.chain(chain)
        })
}
