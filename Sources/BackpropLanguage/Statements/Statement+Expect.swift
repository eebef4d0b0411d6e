import Backprop

/// `expect NAME = VALUE [tol N] [rtol N]`, `expect NAME < N` (<, <=, >, >=),
/// `expect shape NAME = R×C`: checks a value; a failure is an `ExpectationError`.
public struct ExpectStatement: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    public enum Check: Sendable, Equatable {
        /// `= 0.0031594` or `= [0.1 0.2; …]`: every entry as written, with its written precision.
        case value(ExpectedValue)
        /// `< 0.01` etc.: every entry compared with the bound.
        case bound(Comparison, ExpectedNumber)
        /// `shape NAME = 4×4` (`4x4`, `4 x 4`); `= 4` for a vector of 4.
        case shape(rows: Int, columns: Int?)
    }

    public var name: Located<ValueName>
    public var check: Check
    public var options = OptionValues()
}

/// One number as the learner wrote it: its value and half a unit of its last written digit.
public struct ExpectedNumber: Sendable, Equatable {
    public var value: Double
    public var text: String
    public var halfUnit: Double
}

public enum ExpectedValue: Sendable, Equatable {
    case number(ExpectedNumber)
    /// Rows of entries, rectangular (checked by the matrix parser).
    case matrix([[ExpectedNumber]])
}

extension StatementDeclaration {
    static let expectTol = OptionSpec("tol", .number(.nonNegative),
                                      help: "absolute tolerance: |actual − expected| ≤ N (default: half a unit of the last digit written, so 0.0031594 accepts ±5e-8; a whole number such as 2 is exact)")
    static let expectRtol = OptionSpec("rtol", .number(.nonNegative),
                                       help: "relative tolerance: |actual − expected| ≤ N·|expected| (with tol, the two add up, as numpy's isclose)")
    static let expectOptions = [expectTol, expectRtol]

    /// `expect dL/dw131 = 0.0031594`, `expect W1 = [[…]] tol 1e-6`, `expect loss < 0.01`, `expect shape W1 = 4×4`.
    static let expect = StatementDeclaration(
        "expect", options: expectOptions,
        syntax: ["expect NAME = VALUE [tol N] [rtol N]", "expect NAME = [a b; c d] [tol N] [rtol N]",
                 "expect NAME < N   (also <=, >, >=)", "expect shape NAME = R×C"],
        summary: "Checks a value against an expected one: any name show knows (W1, b1, w131, b12, x, y, a21, h13, ŷ1, loss, dL/dw131, dL/da21, …), a number or a whole matrix written as in an assignment. By default a number is compared at the precision it is written with (half a unit of its last digit: 0.0031594 accepts ±5e-8, 0.00316 accepts ±5e-6; a whole number such as 2 is exact); tol N sets an absolute tolerance and rtol N a relative one. expect NAME < N (<=, >, >=) checks a bound, e.g. the loss after train; expect shape NAME = R×C (or RxC) checks a shape. On success it prints one ✓ line; otherwise it is an ExpectationError naming the expected and the actual value and, where the engine finds one, what the wrong value matches (missing chain-rule paths, a factor of 2 or 1/m, a sign, swapped indices, another layer, another loss, the diagonal of softmax's Jacobian).",
        example: "expect dL/dw131 = 0.0031594", display: .picture,
        complete: { context in expectCompletions(context) },
        parse: { parser throws(SyntaxError) in .expect(try parser.parseExpect()) },
        run: { interpreter, kind in
            guard case let .expect(statement) = kind else { throw mismatch("expect") }
            return try interpreter.expect(statement)
        })

    private static func expectCompletions(_ context: CompletionContext) -> [String] {
        if context.words.count == 1 { return ["shape"] + context.definedNames + ["loss", "yhat"] }
        if context.words.count == 2, context.words[1] == "shape" { return context.definedNames }
        // Options only after `NAME = VALUE` (a bound or a shape takes none).
        guard context.words[1] != "shape", context.words.count >= 4, context.words[2] == "=" else { return [] }
        return context.unusedOptions()
    }
}

extension Parser {
    mutating func parseExpect() throws(SyntaxError) -> ExpectStatement {
        if current.kind == .identifier, current.text == "shape", peek().kind != .equals {
            advance()
            let name = try parseName("a name whose shape to check")
            _ = try expect(.equals, "'=' before the shape, e.g. expect shape W1 = 4×4")
            let rows = try parseInteger("the number of rows", minimum: 0)
            var columns: Int?
            if current.kind == .star || (current.kind == .identifier && current.text == "x") {
                advance()
                columns = try parseInteger("the number of columns", minimum: 0).value
            } else if current.kind == .identifier, current.text.hasPrefix("x"), !current.spaceBefore,
                      let n = Int(current.text.dropFirst()), n >= 0 {
                // `4x4`: the lexer reads `4` and `x4`.
                advance()
                columns = n
            }
            try expectEnd(after: "the shape")
            return ExpectStatement(name: name, check: .shape(rows: rows.value, columns: columns))
        }
        let name = try parseName("a name to check (\(Parser.nameExamples))")
        let comparison = try parseComparison()
        let check: ExpectStatement.Check
        if comparison == .equal {
            if current.kind == .leftBracket {
                check = .value(.matrix(try parseExpectedMatrix()))
            } else {
                check = .value(.number(try parseExpectedNumber("the expected value of \(name.value)")))
            }
        } else {
            check = .bound(comparison, try parseExpectedNumber("the bound"))
        }
        var statement = ExpectStatement(name: name, check: check)
        let optionStart = current
        statement.options = try parseOptions(StatementDeclaration.expectOptions, for: "expect")
        if comparison != .equal, !statement.options.values.isEmpty {
            throw error("tol and rtol apply to 'expect NAME = VALUE', not to a bound", at: optionStart,
                        expected: "end of line after the bound, e.g. expect loss < 0.01")
        }
        return statement
    }

    /// `=`, `<`, `<=`, `>`, `>=` (`==` is read as `=`).
    private mutating func parseComparison() throws(SyntaxError) -> ExpectStatement.Comparison {
        let token = current
        let expected = "'=', '<', '<=', '>' or '>=' after the name, e.g. expect loss < 0.01"
        switch token.kind {
        case .equals:
            advance()
            if current.kind == .equals, !current.spaceBefore { advance() }
            return .equal
        case .less, .greater:
            advance()
            let orEqual = current.kind == .equals && !current.spaceBefore
            if orEqual { advance() }
            if token.kind == .less { return orEqual ? .lessOrEqual : .less }
            return orEqual ? .greaterOrEqual : .greater
        default:
            let message = atEnd ? "missing the expected value" : "expected a comparison, found \(token.quoted)"
            throw error(message, expected: expected)
        }
    }

    /// A number with its written text (for its default tolerance); finite.
    mutating func parseExpectedNumber(_ what: String) throws(SyntaxError) -> ExpectedNumber {
        let start = current
        let signed = current.kind == .minus || current.kind == .plus
        let sign = current.kind == .minus ? "-" : ""
        let digits = signed ? peek() : current
        let number = try parseNumber(what)
        guard number.value.isFinite else {
            throw SyntaxError("\(what) must be a finite number", at: start.location,
                              length: max(1, current.location.offset - start.location.offset), expected: "a number such as 0.0031594")
        }
        let text = sign + digits.text
        return ExpectedNumber(value: number.value, text: text, halfUnit: Tolerance.halfUnit(ofWritten: text) ?? 0)
    }

    /// A matrix literal, each entry with its written text: the literal parser reads the
    /// values; the number tokens it passed over, in order, are the entries' spellings.
    mutating func parseExpectedMatrix() throws(SyntaxError) -> [[ExpectedNumber]] {
        let first = index
        let literal = try parseMatrix()
        var texts: [String] = []
        var negative = false
        for k in first..<index {
            let token = tokens[k]
            switch token.kind {
            case .minus: negative = true
            case .number, .identifier:
                texts.append((negative ? "-" : "") + token.text)
                negative = false
            default: negative = false
            }
        }
        var rows: [[ExpectedNumber]] = []
        var k = 0
        for (r, row) in literal.rows.enumerated() {
            var entries: [ExpectedNumber] = []
            for (c, value) in row.enumerated() {
                guard value.isFinite else {
                    throw SyntaxError("entry [\(r + 1),\(c + 1)] of the expected matrix must be a finite number",
                                      at: literal.location, expected: "finite numbers")
                }
                let text = k < texts.count ? texts[k] : "\(value)"
                entries.append(ExpectedNumber(value: value, text: text, halfUnit: Tolerance.halfUnit(ofWritten: text) ?? 0))
                k += 1
            }
            rows.append(entries)
        }
        return rows
    }
}
