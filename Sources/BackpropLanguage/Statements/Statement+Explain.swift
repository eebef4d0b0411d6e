import Backprop

extension StatementDeclaration {
    static let explainLimit = OptionSpec("limit", .integer(PathExplanation.limitRange),
                                         default: .integer(PathExplanation.defaultLimit),
                                         help: "the most paths listed (the largest first)")

    static let explainNonzero = OptionSpec("nonzero", .flag, help: "hides the paths whose product is exactly 0")
    static let explainFactored = OptionSpec("factored", .flag,
                                            help: "also writes the sum with the shared factors pulled out, as the backward pass reuses them")

    static let explainOptions = [explainLimit, explainNonzero, explainFactored]

    /// `explain dL/dw131 [limit N] [nonzero] [factored]`.
    static let explain = StatementDeclaration(
        "explain", options: explainOptions,
        syntax: ["explain dL/dwLIJ [limit N] [nonzero] [factored]", "explain dL/dbLI [limit N] [nonzero] [factored]",
                 "explain dL/dhLI [limit N] [nonzero]", "explain dL/daLI [limit N] [nonzero]"],
        summary: "Spells out the chain rule for one weight or bias: every path from the loss down to it as a row of local derivatives with their values and product, then the sum over paths, which equals the backward gradient. It works for a unit too (dL/dh13, dL/da21, dL/dŷ1): the paths down to it, and per example their sum beside the backward pass. With many paths the largest are listed, up to the limit. `explain w131` means the same as `explain dL/dw131`. `nonzero` hides the paths whose product is exactly 0; `factored` also writes the sum with the shared factors pulled out, as the backward pass reuses them.",
        example: "explain dL/dw131 factored", display: .table,
        complete: { context in
            if context.words.count == 1 {
                return context.definedNames.filter { name in
                    guard let value = ValueName(name) else { return false }
                    if case .gradient(let inner) = value { return inner.isParameter && inner.isSingle }
                    return value.isParameter && value.isSingle
                }
            }
            return context.unusedOptions()
        },
        parse: { parser throws(SyntaxError) in .explain(try parser.parseExplain()) },
        run: { interpreter, kind in
            guard case let .explain(explain) = kind else { throw mismatch("explain") }
            return try interpreter.explain(explain)
        })
}
