/// Reads one statement from its tokens (newlines appear only inside brackets).
///
/// Every loop consumes a token or stops; only the chain expression parser recurses,
/// and it counts its depth first.
struct Parser {
    /// The statement's tokens; a slice of the cell's, so no copying.
    let tokens: ArraySlice<Token>
    /// Stands for every position past the last token.
    let endToken: Token
    var index: Int

    init(tokens: ArraySlice<Token>, end: Token) {
        self.tokens = tokens
        self.endToken = end
        self.index = tokens.startIndex
    }

    var current: Token { index < tokens.endIndex ? tokens[index] : endToken }

    func peek(_ ahead: Int = 1) -> Token { index + ahead < tokens.endIndex ? tokens[index + ahead] : endToken }

    var atEnd: Bool { index >= tokens.endIndex }

    /// The token before the current one.
    var previous: Token { index > tokens.startIndex ? tokens[index - 1] : endToken }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.endIndex { index += 1 }
        return token
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// An error at the current token.
    func error(_ message: String, expected: String? = nil, suggestion: String? = nil) -> SyntaxError {
        error(message, at: current, expected: expected, suggestion: suggestion)
    }

    func error(_ message: String, at token: Token, expected: String? = nil, suggestion: String? = nil) -> SyntaxError {
        SyntaxError(message, at: token.location, length: token.length, expected: expected, suggestion: suggestion)
    }

    /// Fails unless the statement has ended.
    func expectEnd(after what: String) throws(SyntaxError) {
        guard atEnd else {
            throw error("unexpected \(current.quoted) after \(what)", expected: "end of line")
        }
    }

    mutating func expect(_ kind: Token.Kind, _ description: String) throws(SyntaxError) -> Token {
        guard current.kind == kind else {
            throw error("expected \(description), found \(current.quoted)", expected: description)
        }
        return advance()
    }

    /// Skips an optional `=` between an option and its value.
    mutating func skipEquals() {
        if current.kind == .equals { advance() }
    }

    // MARK: Values

    /// A number with an optional sign; `nan` and `inf` are accepted here so that the
    /// range checks can say what is wrong with them.
    mutating func parseNumber(_ what: String) throws(SyntaxError) -> Located<Double> {
        let start = current
        var sign = 1.0
        if current.kind == .minus || current.kind == .plus {
            sign = current.kind == .minus ? -1 : 1
            advance()
        }
        let token = current
        switch token.kind {
        case .number:
            advance()
            return Located(sign * token.number, at: start.location)
        case .identifier where ["nan", "NaN"].contains(token.text):
            advance()
            return Located(.nan, at: start.location)
        case .identifier where ["inf", "infinity", "Inf"].contains(token.text):
            advance()
            return Located(sign * .infinity, at: start.location)
        case .end:
            throw error("missing value for \(what)", expected: "a number")
        default:
            throw error("expected a number for \(what), found \(token.quoted)", expected: "a number")
        }
    }

    /// A whole number at least `minimum` (written `12` or `1e3`).
    mutating func parseInteger(_ what: String, minimum: Int, maximum: Int = Int(Int32.max)) throws(SyntaxError) -> Located<Int> {
        let token = current
        let number = try parseNumber(what)
        guard number.value.isFinite, number.value == number.value.rounded(),
              number.value >= Double(minimum), number.value <= Double(maximum) else {
            let range = maximum == Int(Int32.max) ? "at least \(minimum)" : "from \(minimum) to \(maximum)"
            throw SyntaxError("\(what) must be a whole number \(range)", at: token.location,
                              length: max(1, current.location.offset - token.location.offset),
                              expected: "a whole number \(range)")
        }
        return Located(Int(number.value), at: number.location)
    }

    /// A finite number greater than zero (eta, eps, std).
    mutating func parsePositive(_ what: String, allowZero: Bool = false) throws(SyntaxError) -> Located<Double> {
        let token = current
        let number = try parseNumber(what)
        guard number.value.isFinite, number.value > 0 || (allowZero && number.value == 0) else {
            let rule = allowZero ? "finite and not negative" : "a finite number greater than 0"
            throw SyntaxError("\(what) must be \(rule)", at: token.location,
                              length: max(1, current.location.offset - token.location.offset),
                              expected: rule)
        }
        return number
    }

    mutating func parseString(_ what: String) throws(SyntaxError) -> Located<String> {
        guard current.kind == .string else {
            let found = atEnd ? "missing \(what)" : "expected \(what) in double quotes, found \(current.quoted)"
            throw error(found, expected: "a string in double quotes, e.g. \"file.csv\"")
        }
        let token = advance()
        return Located(token.text, at: token.location)
    }

    /// A value name in any spelling, including `w[2,1,12]` written as separate tokens.
    mutating func parseName(_ what: String) throws(SyntaxError) -> Located<ValueName> {
        let start = current
        guard start.kind == .identifier || start.kind == .gradientName else {
            let message = atEnd ? "missing \(what)" : "expected \(what), found \(start.quoted)"
            throw error(message, expected: Self.nameExamples)
        }
        advance()
        var text = start.text
        if start.kind == .identifier, start.text == "dL" || start.text == "∂L", current.kind == .slash {
            throw error("write a gradient name without spaces, e.g. dL/dW1", at: start, expected: Self.nameExamples)
        }
        var end = start.endOffset
        if start.kind == .identifier, current.kind == .leftBracket, !current.spaceBefore {
            text += "["
            advance()
            while current.kind == .number || current.kind == .comma || current.kind == .newline {
                if current.kind != .newline { text += current.text }
                advance()
            }
            let close = try expect(.rightBracket, "']' closing the indices")
            text += "]"
            end = close.endOffset
        }
        guard let name = ValueName(text) else {
            throw SyntaxError("unknown name '\(text.count > 30 ? String(text.prefix(30)) + "…" : text)'",
                              at: start.location, length: end - start.location.offset,
                              expected: Self.nameExamples)
        }
        return Located(name, at: start.location)
    }

    static let nameExamples = "a name such as W1, b1, w212, w[2,1,12], b13, x, y, a2, h13, yhat, loss or dL/dw212"
}
