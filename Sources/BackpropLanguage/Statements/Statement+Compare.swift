import Backprop

extension StatementDeclaration {
    static let compareScale = OptionSpec("scale", .choice(CurveScale.allCases.map(\.rawValue)),
                                         help: "the loss axis (otherwise log when the losses span more than two decades)")
    static let compareOptions = [compareScale]

    /// `compare NAME NAME … [scale linear|log]`, `compare` (lists the kept runs).
    static let compare = StatementDeclaration(
        "compare", options: compareOptions, syntax: ["compare NAME NAME … [scale linear|log]", "compare"],
        summary: "Overlays the loss curves of runs kept with train … as NAME on shared axes and one scale, with a legend and a table of final losses, and says what differs between the runs (network, loss, optimizer, weight decay, eta, batch, epochs, starting parameters) and what they share. Runs trained on different data are refused: their losses do not compare. Alone, lists the kept runs (at most 12; train … as an existing name replaces it).",
        example: "compare sigmoid_run tanh_run", display: .table,
        complete: { context in
            if context.previous == "scale" { return CurveScale.allCases.map(\.rawValue) }
            return context.words.contains("scale") ? [] : ["scale"]
        },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseCompare()) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("compare") }
            return try interpreter.compare(statement)
        })
}

extension Parser {
    /// Run names, then the options (`scale log`).
    mutating func parseCompare() throws(SyntaxError) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: "compare")
        while !atEnd, current.kind == .identifier, current.text != "scale" {
            let token = current
            if statement.words.contains(where: { $0.value == token.text }) {
                throw error("run '\(token.text)' is named twice", at: token, expected: "different run names")
            }
            statement.words.append(Located(token.text, at: token.location))
            advance()
        }
        if statement.words.count == 1, atEnd || current.text == "scale" {
            throw error("compare needs at least 2 runs, or none to list them", at: previous,
                        expected: "compare NAME NAME …, e.g. compare sigmoid_run tanh_run")
        }
        statement.options = try parseOptions(StatementDeclaration.compareOptions, for: "compare")
        return statement
    }

    /// A run name after `train … as`: a name of letters, digits and _ (at most 40 characters).
    mutating func parseRunName() throws(SyntaxError) -> OptionValue {
        let token = current
        guard token.kind == .identifier else {
            throw error(atEnd ? "missing run name after 'as'" : "expected a run name, found \(token.quoted)",
                        expected: "a name such as sigmoid_run")
        }
        guard token.text.count <= RunStore.maxNameLength, token.text != "scale" else {
            throw error(token.text == "scale" ? "'scale' cannot name a run (compare reads it as its option)"
                                              : "a run name has at most \(RunStore.maxNameLength) characters",
                        at: token, expected: "a shorter name such as sigmoid_run")
        }
        advance()
        return .text(token.text)
    }

    /// `boundary` after train: `every N` (live, every N epochs) or nothing (after training).
    mutating func parseBoundaryEvery() throws(SyntaxError) -> OptionValue {
        guard current.kind == .identifier, current.text == "every" else { return .integer(0) }
        advance()
        let n = try parseInteger("the epochs between pictures", minimum: 1, maximum: TrainingOptions.epochRange.upperBound)
        return .integer(n.value)
    }
}
