/// The parser of explain (step, train and gradcheck are read from their option specs).
extension Parser {
    mutating func parseExplain() throws(SyntaxError) -> ExplainStatement {
        let start = current
        let name = try parseName("a weight or bias to explain, e.g. dL/dw131")
        var parameter = name
        if case .gradient(let inner) = name.value { parameter.value = inner }
        guard parameter.value.isSingle || parameter.value.isUnit else {
            throw SyntaxError("explain works on one weight or bias (or one unit such as h13 or a21), not \(name.value)", at: start.location,
                              length: start.length, expected: "a weight or bias such as dL/dw131, w131 or dL/db13, or a unit such as dL/dh13 or dL/da21")
        }
        let options = try parseOptions(StatementDeclaration.explainOptions, for: "explain")
        return ExplainStatement(parameter: parameter, limit: options.integer(StatementDeclaration.explainLimit),
                                nonzero: options.flag(StatementDeclaration.explainNonzero),
                                factored: options.flag(StatementDeclaration.explainFactored))
    }
}
