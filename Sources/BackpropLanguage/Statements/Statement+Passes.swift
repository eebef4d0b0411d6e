extension StatementDeclaration {
    /// `forward`.
    static let forward = StatementDeclaration(
        "forward", syntax: ["forward"],
        summary: "Runs the forward pass on x. Prints each layer's a and h, then yhat and the loss (per example when there are several, and their mean).",
        example: "forward", display: .table, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.forward, "forward") },
        run: { interpreter, _ in try interpreter.forward() })

    /// `backward`.
    static let backward = StatementDeclaration(
        "backward", syntax: ["backward"],
        summary: "Runs forward and then backward. Prints the gradients from the output down: dL/dyhat, dL/da for the output layer, then for each layer dL/dW, dL/db, dL/dh and dL/da of the layer below.",
        example: "backward", display: .table, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in try parser.parseBare(.backward, "backward") },
        run: { interpreter, _ in try interpreter.backward() })
}

extension Parser {
    /// A statement that takes nothing after its keyword.
    func parseBare(_ kind: Statement.Kind, _ keyword: String) throws(SyntaxError) -> Statement.Kind {
        try expectEnd(after: "'\(keyword)'")
        return kind
    }
}
