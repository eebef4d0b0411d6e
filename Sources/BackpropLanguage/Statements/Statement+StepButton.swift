extension StatementDeclaration {
    /// `step button`: a Step button (see `Interpreter.stepButton`).
    static let stepButton = OptionSpec("button", .flag, help: "a Step button in a notebook with widgets: one step per click")

    static func stepButtonStatement(_ options: OptionValues) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: "step")
        statement.options = options
        return statement
    }
}
