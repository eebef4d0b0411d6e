import Backprop

extension StatementDeclaration {
    static let gradcheckEps = OptionSpec("eps", .number(GradientCheckResult.epsBounds),
                                         default: .number(GradientCheckResult.defaultEps),
                                         help: "the finite-difference step")

    static let gradcheckOptions = [gradcheckEps]

    /// `gradcheck [eps N]`.
    static let gradcheck = StatementDeclaration(
        "gradcheck", options: gradcheckOptions, syntax: ["gradcheck [eps N]"],
        summary: "Compares every parameter's analytic gradient with a central finite difference using step eps, and prints the relative errors and a verdict.",
        example: "gradcheck eps 1e-6", display: .table,
        parse: { parser throws(SyntaxError) in
            let options = try parser.parseOptions(gradcheckOptions, for: "gradcheck")
            return .gradcheck(GradcheckStatement(eps: options.number(gradcheckEps)))
        },
        run: { interpreter, kind in
            guard case let .gradcheck(check) = kind else { throw mismatch("gradcheck") }
            return try interpreter.gradcheck(check).map { GradcheckCap.capped($0) }
        })
}
