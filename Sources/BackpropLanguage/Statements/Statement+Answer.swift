import Backprop

extension StatementDeclaration {
    /// `answer dL/dw131 = 0.0031594`: a number the student worked out, kept for the tests.
    static let answer = StatementDeclaration(
        "answer", syntax: ["answer NAME = NUMBER", "answer NAME required"],
        summary: "Records your answer for one value (a weight or bias such as w131, a unit such as a21 or h13, yhat1, the loss, or a gradient such as dL/dw131) without checking it. A later `expect` of the same name checks it too: `expect dL/dw131 = 0.0031594` then also fails when your answer is not 0.0031594, and says what your number looks like. `answer NAME required` (in a test cell, before the expect) fails when no answer for NAME was recorded. This is how an nbgrader assignment grades a number worked out by hand: the student writes `answer …` in the solution cell; the test cell has `answer … required` and the `expect`.",
        example: "answer dL/dw131 = 0.0031594", display: .table,
        complete: { context in context.words.count == 2 ? ["=", "required"] : [] },
        parse: { parser throws(SyntaxError) in .declared(try parser.parseAnswer()) },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("answer") }
            return try interpreter.answer(statement)
        })
}

extension Parser {
    /// `NAME = NUMBER` or `NAME required`: the name in `names`; the number as written (its digits
    /// set the default tolerance of the `expect` that checks it) or "required" in `words`.
    mutating func parseAnswer() throws(SyntaxError) -> DeclaredStatement {
        var statement = DeclaredStatement(keyword: "answer")
        let name = try parseName("the name of the value you answer (dL/dw131, w131, a21, loss)")
        guard name.value.isScalarValue else {
            throw SyntaxError("an answer is one number: \(name.value) is a whole matrix or vector", at: name.location,
                              length: max(1, name.value.description.count),
                              expected: "one entry, e.g. w131, b12, a21, h13, yhat1, loss, dL/dw131")
        }
        statement.names.append(name)
        if current.kind == .identifier, current.text == "required" {
            statement.words.append(Located("required", at: advance().location))
            try expectEnd(after: "required")
            return statement
        }
        guard current.kind == .equals else {
            throw error(atEnd ? "missing '=' and your number" : "expected '=' and your number, found \(current.quoted)",
                        expected: "= NUMBER (your answer) or required")
        }
        advance()
        let start = current
        let number = try parseNumber("your answer")
        guard number.value.isFinite else {
            throw error("your answer must be a finite number", at: start, expected: "a number such as 0.0031594")
        }
        // The digits as written: "-0.0015797" (the sign is a separate token).
        let written = (number.value < 0 ? "-" : "") + previous.text
        statement.words.append(Located(written, at: number.location))
        try expectEnd(after: "the answer")
        return statement
    }
}

extension ValueName {
    /// One number: a single weight, bias or unit, an output unit, the loss, or the gradient of one of those.
    var isScalarValue: Bool {
        switch self {
        case .weight, .bias, .preActivation, .activation, .outputUnit, .loss: true
        case let .gradient(inner): inner.isScalarValue
        default: false
        }
    }
}
