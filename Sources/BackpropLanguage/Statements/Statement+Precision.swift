extension StatementDeclaration {
    /// The digits tables may show, and the default (also the session's initial precision).
    static let precisionRange = 0...17
    static let defaultPrecision = 4
    static let precisionDigits = OptionSpec("digits", .integer(precisionRange), default: .integer(defaultPrecision),
                                            help: "decimals in tables")

    /// `precision 6`.
    static let precision = StatementDeclaration(
        "precision", syntax: ["precision N"],
        summary: "Sets how many significant digits numbers show (default \(defaultPrecision): 0.0031594 shows as 0.003159; from \(precisionRange.lowerBound) to \(precisionRange.upperBound), 0 counting as 1). A matrix or table column shares one format, with a factor such as 10⁻⁴ × when all its entries are small. Machine-readable output always keeps full precision.",
        example: "precision 6", display: .nothing, complete: { _ in [] },
        parse: { parser throws(SyntaxError) in
            parser.skipEquals()
            let digits = try parser.parseValue(of: precisionDigits, what: "precision")
            try parser.expectEnd(after: "the precision")
            guard case let .integer(n) = digits.value else { throw parser.error("expected the number of digits") }
            return .precision(Located(n, at: digits.location))
        },
        run: { interpreter, kind in
            guard case let .precision(digits) = kind else { throw mismatch("precision") }
            return try interpreter.setPrecision(digits)
        })
}
