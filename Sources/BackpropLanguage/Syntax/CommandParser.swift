/// Parsers for explain, step, train and gradcheck.
extension Parser {
    /// The most epochs one `train` takes.
    static let maxEpochs = 100_000_000

    mutating func parseExplain() throws(SyntaxError) -> ExplainStatement {
        let start = current
        let name = try parseName("a weight or bias to explain, e.g. dL/dw131")
        var parameter = name
        if case .gradient(let inner) = name.value { parameter.value = inner }
        guard parameter.value.isSingle else {
            throw SyntaxError("explain works on one weight or bias, not \(name.value)", at: start.location,
                              length: start.length, expected: "a weight or bias such as dL/dw131, w131 or dL/db13")
        }
        var statement = ExplainStatement(parameter: parameter, limit: nil)
        var options = OptionReader(statement: "explain", names: Vocabulary.options["explain"] ?? [],
                                   flags: ["nonzero", "factored"])
        while let option = try options.next(&self) {
            switch option {
            case "nonzero": statement.nonzero = true
            case "factored": statement.factored = true
            default: statement.limit = try parseInteger("limit", minimum: 1)
            }
        }
        return statement
    }

    mutating func parseStep() throws(SyntaxError) -> StepStatement {
        var statement = StepStatement(eta: nil)
        var options = OptionReader(statement: "step", names: Vocabulary.options["step"] ?? [])
        while try options.next(&self) != nil {
            statement.eta = try parsePositive("eta")
        }
        return statement
    }

    mutating func parseTrain() throws(SyntaxError) -> TrainStatement {
        var statement = TrainStatement()
        var options = OptionReader(statement: "train", names: Vocabulary.options["train"] ?? [])
        while let option = try options.next(&self) {
            switch option {
            case "epochs":
                let token = current
                let epochs = try parseInteger("epochs", minimum: 1)
                // More than 100 M epochs is refused here rather than silently cut to 100 M.
                guard epochs.value <= Self.maxEpochs else {
                    throw SyntaxError("epochs must be at most \(Self.maxEpochs); a later train goes on from where this one stops",
                                      at: token.location, length: max(1, current.location.offset - token.location.offset),
                                      expected: "a whole number from 1 to \(Self.maxEpochs)")
                }
                statement.epochs = epochs
            case "eta": statement.eta = try parsePositive("eta")
            case "batch": statement.batch = try parseInteger("batch", minimum: 1)
            case "seed": statement.seed = try parseInteger("seed", minimum: 0)
            case "history": statement.history = try parseString("a file name for the history, e.g. \"losses.csv\"")
            default:
                guard current.kind == .identifier, current.text == "loss" else {
                    throw error("expected 'loss' after 'until', found \(current.quoted)", expected: "until loss < 0.001")
                }
                advance()
                _ = try expect(.less, "'<'")
                let target = try parseNumber("the target loss")
                guard target.value.isFinite else {
                    throw SyntaxError("the target loss must be finite", at: target.location, expected: "a number such as 0.001")
                }
                statement.untilLossBelow = target
            }
        }
        return statement
    }

    mutating func parseGradcheck() throws(SyntaxError) -> GradcheckStatement {
        var statement = GradcheckStatement(eps: nil)
        var options = OptionReader(statement: "gradcheck", names: Vocabulary.options["gradcheck"] ?? [])
        while try options.next(&self) != nil {
            statement.eps = try parsePositive("eps")
        }
        return statement
    }
}
