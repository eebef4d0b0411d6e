import Backprop

extension StatementDeclaration {
    /// The words `freeze` and `unfreeze` take besides parameter names.
    static let freezeWords = ["all", "weights", "biases"]

    /// `freeze b1`, `freeze biases`, `freeze W2 w111`, `freeze` (lists what is frozen).
    static let freeze = StatementDeclaration(
        "freeze", syntax: ["freeze", "freeze TARGET …   (TARGET: all, weights, biases, W1, b1, w212, b13)"],
        summary: "Freezes parameters: step and train leave them unchanged (their gradients are still computed and shown). A target is a weight matrix (W2), a bias vector (b1), one weight or bias (w212, b13), or all weights, all biases, or all. Without a target, lists what is frozen. A new net unfreezes everything.",
        example: "freeze biases", display: .table,
        complete: { context in freezeCompletions(context) },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseFreezeTargets("freeze")) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("freeze") }
            return try interpreter.freeze(statement, frozen: true)
        })

    /// `unfreeze b1`, `unfreeze` (= unfreeze all).
    static let unfreeze = StatementDeclaration(
        "unfreeze", syntax: ["unfreeze", "unfreeze TARGET …"],
        summary: "Lets step and train update frozen parameters again; the targets are those of freeze, and unfreeze alone unfreezes all.",
        example: "unfreeze b1", display: .table,
        complete: { context in freezeCompletions(context) },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseFreezeTargets("unfreeze")) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("unfreeze") }
            return try interpreter.freeze(statement, frozen: false)
        })

    private static func freezeCompletions(_ context: CompletionContext) -> [String] {
        freezeWords + context.definedNames.filter { ValueName($0)?.isParameter == true }
    }
}

extension Parser {
    /// Targets until the end of the statement: the words all/weights/biases or parameter names.
    mutating func parseFreezeTargets(_ keyword: String) throws(SyntaxError) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: keyword)
        while !atEnd {
            if current.kind == .comma { advance(); continue }
            let token = current
            if token.kind == .identifier, StatementDeclaration.freezeWords.contains(token.text) {
                advance()
                statement.words.append(Located(token.text, at: token.location))
                continue
            }
            let name = try parseName("a parameter to \(keyword) (all, weights, biases, W1, b1, w212, b13)")
            guard name.value.isParameter else {
                throw SyntaxError("\(keyword) takes parameters, not \(name.value)", at: name.location,
                                  length: max(1, current.location.offset - name.location.offset),
                                  expected: "all, weights, biases, a matrix W1, a vector b1, or one weight or bias (w212, b13)")
            }
            statement.names.append(name)
        }
        return statement
    }
}
