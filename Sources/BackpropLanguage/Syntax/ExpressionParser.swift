/// The scalar expressions of `chain`, by recursive descent with a depth budget.
///
/// Grammar (`^` is right-associative and binds tighter than unary minus, so
/// `-x^2` is `-(x^2)` and `2^-1` is allowed):
///
///     sum     = product { ("+" | "-") product }
///     product = unary { ("*" | "/") unary }
///     unary   = ("-" | "+") unary | power
///     power   = primary [ "^" unary ]
///     primary = number | name | function "(" sum ")" | "(" sum ")"
///
/// Every recursive call first checks the depth, and the height of the built tree is
/// bounded too (a flat `1+1+…+1` builds a deep tree), so neither the parser nor an
/// interpreter walking the tree can overflow the stack.
extension Parser {
    static let maximumExpressionDepth = 200

    mutating func parseChain() throws(SyntaxError) -> ChainStatement {
        if atEnd || (current.kind == .identifier && current.text == "at") {
            throw error("missing expression", expected: "an expression such as exp(x^2) at x = 0.5")
        }
        let expression = try parseSum(depth: 0).expression
        var bindings: [ChainStatement.Binding] = []
        let variables = expression.variables
        let known = Set(variables)
        var bound: Set<String> = []
        let atToken = current
        if current.kind == .identifier, current.text == "at" {
            advance()
            while !atEnd {
                let name = current
                guard name.kind == .identifier else {
                    throw error("expected a variable name, found \(name.quoted)", expected: "x = 0.5")
                }
                advance()
                guard known.contains(name.text) else {
                    throw error("'\(name.text)' does not appear in the expression", at: name,
                                expected: variables.isEmpty ? "no values" : "a value for \(Vocabulary.list(variables))",
                                suggestion: Suggestions.nearest(to: name.text, in: variables))
                }
                guard bound.insert(name.text).inserted else {
                    throw error("'\(name.text)' is given twice", at: name)
                }
                _ = try expect(.equals, "'=' after \(name.text)")
                let value = try parseNumber(name.text)
                bindings.append(.init(name: name.text, value: value.value, location: name.location))
                if current.kind == .comma { advance() }
            }
        } else if !atEnd {
            throw error("unexpected \(current.quoted) in the expression", expected: "an operator, ')' or 'at'")
        }
        let missing = variables.filter { !bound.contains($0) }
        if let first = missing.first {
            let all = missing.map { "\($0) = …" }.joined(separator: ", ")
            throw error("no value given for \(Vocabulary.list(missing))", at: atToken,
                        expected: bindings.isEmpty ? "at \(all)" : "also \(all)")
                .with(message: "no value given for \(first)\(missing.count > 1 ? " (and \(missing.count - 1) more)" : "")")
        }
        return ChainStatement(expression: expression, bindings: bindings)
    }

    private typealias Built = (expression: Expression, height: Int)

    private func checkDepth(_ depth: Int) throws(SyntaxError) {
        if depth > Self.maximumExpressionDepth {
            throw error("expression nested too deeply (more than \(Self.maximumExpressionDepth) levels)",
                        expected: "a simpler expression")
        }
    }

    private func combine(_ op: Expression.BinaryOperator, _ left: Built, _ right: Built, at token: Token) throws(SyntaxError) -> Built {
        let height = max(left.height, right.height) + 1
        if height > Self.maximumExpressionDepth {
            throw error("expression nested too deeply (more than \(Self.maximumExpressionDepth) levels)",
                        at: token, expected: "a simpler expression")
        }
        return (.binary(op, left.expression, right.expression, token.location), height)
    }

    private mutating func skipNewlinesInBrackets() {
        while current.kind == .newline { advance() }
    }

    private mutating func parseSum(depth: Int) throws(SyntaxError) -> Built {
        try checkDepth(depth)
        var left = try parseProduct(depth: depth + 1)
        skipNewlinesInBrackets()
        while current.kind == .plus || current.kind == .minus {
            let token = advance()
            skipNewlinesInBrackets()
            let right = try parseProduct(depth: depth + 1)
            left = try combine(token.kind == .plus ? .add : .subtract, left, right, at: token)
            skipNewlinesInBrackets()
        }
        return left
    }

    private mutating func parseProduct(depth: Int) throws(SyntaxError) -> Built {
        try checkDepth(depth)
        var left = try parseUnary(depth: depth + 1)
        skipNewlinesInBrackets()
        while current.kind == .star || current.kind == .slash {
            let token = advance()
            skipNewlinesInBrackets()
            let right = try parseUnary(depth: depth + 1)
            left = try combine(token.kind == .star ? .multiply : .divide, left, right, at: token)
            skipNewlinesInBrackets()
        }
        return left
    }

    private mutating func parseUnary(depth: Int) throws(SyntaxError) -> Built {
        try checkDepth(depth)
        if current.kind == .minus || current.kind == .plus {
            let token = advance()
            let operand = try parseUnary(depth: depth + 1)
            if token.kind == .plus { return operand }
            return (.negate(operand.expression, token.location), operand.height + 1)
        }
        return try parsePower(depth: depth + 1)
    }

    private mutating func parsePower(depth: Int) throws(SyntaxError) -> Built {
        try checkDepth(depth)
        let base = try parsePrimary(depth: depth + 1)
        guard current.kind == .caret else { return base }
        let token = advance()
        let exponent = try parseUnary(depth: depth + 1)
        return try combine(.power, base, exponent, at: token)
    }

    private mutating func parsePrimary(depth: Int) throws(SyntaxError) -> Built {
        try checkDepth(depth)
        skipNewlinesInBrackets()
        let token = current
        switch token.kind {
        case .number:
            advance()
            return (.number(token.number, token.location), 1)
        case .leftParen:
            advance()
            let inner = try parseSum(depth: depth + 1)
            _ = try expect(.rightParen, "')'")
            return inner
        case .identifier where token.text != "at":
            advance()
            if current.kind == .leftParen {
                guard let function = ChainFunction(rawValue: token.text) else {
                    throw error("unknown function '\(token.text)'", at: token,
                                expected: "a function (\(Vocabulary.list(Vocabulary.functions)))",
                                suggestion: Suggestions.nearest(to: token.text, in: Vocabulary.functions))
                }
                advance()
                let argument = try parseSum(depth: depth + 1)
                _ = try expect(.rightParen, "')' closing \(token.text)(")
                return (.call(function, argument.expression, token.location), argument.height + 1)
            }
            if ChainFunction(rawValue: token.text) != nil {
                throw error("\(token.text) needs its argument in parentheses", at: token,
                            expected: "\(token.text)(…)")
            }
            return (.variable(token.text, token.location), 1)
        case .end:
            throw error("the expression ends too early", expected: "a number, a variable, a function or '('")
        default:
            throw error("expected a number, a variable, a function or '(', found \(token.quoted)",
                        expected: "a number, a variable, a function or '('")
        }
    }
}

extension SyntaxError {
    func with(message: String) -> SyntaxError {
        var copy = self
        copy.message = message
        return copy
    }
}
