/// The parser of explain (step, train and gradcheck are read from their option specs).
extension Parser {
    mutating func parseExplain() throws(SyntaxError) -> ExplainStatement {
        let start = current
        // `explain dL/dk11111`, `explain gamma11`: a parameter of the layers beyond dense.
        if let layerName = try parseLayerName() {
            var inner = layerName
            if case let .gradient(plain) = layerName.value { inner.value = plain }
            guard inner.value.parameter != nil else {
                throw SyntaxError("explain works on one parameter, not \(layerName.value)", at: start.location,
                                  length: start.length, expected: "one entry such as dL/dk11111, dL/dgamma11 or dL/dbeta11")
            }
            let options = try parseOptions(StatementDeclaration.explainOptions, for: "explain")
            var statement = ExplainStatement(parameter: Located(.loss, at: start.location), limit: options.integer(StatementDeclaration.explainLimit),
                                             nonzero: options.flag(StatementDeclaration.explainNonzero),
                                             factored: options.flag(StatementDeclaration.explainFactored))
            statement.layerParameter = inner
            return statement
        }
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
