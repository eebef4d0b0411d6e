/// Splits a cell into tokens in one linear pass with no recursion, so that any input,
/// however long or malformed, returns promptly with tokens or a `SyntaxError`.
///
/// Newlines are tokens (each carries the bracket depth around it); the parser decides
/// whether one ends a statement or separates matrix rows. Bracket pairing is checked
/// here: a stray or mismatched closing bracket is an error, while brackets still open at
/// the end are returned, so `isComplete` can ask for more input.
struct Lexer {
    struct Output: Sendable {
        var tokens: [Token]
        /// Brackets still open at the end of the cell, innermost last.
        var openBrackets: [Token]
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var tokens: [Token] = []
    private var open: [Token] = []
    private var sawSpace = true

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func lex(_ source: String) throws(SyntaxError) -> Output {
        var lexer = Lexer(source)
        return try lexer.run(shouldStop: { false }) ?? Output(tokens: [], openBrackets: [])
    }

    /// `lex`, polling `shouldStop` every 64 Ki tokens or characters (an 8 MiB cell takes
    /// seconds in a debug build); nil when it said stop.
    static func lex(_ source: String, shouldStop: () -> Bool) throws(SyntaxError) -> Output? {
        var lexer = Lexer(source)
        return try lexer.run(shouldStop: shouldStop)
    }

    private var location: SourceLocation { location(at: index) }

    private func location(at offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: offset - lineStart + 1, offset: offset)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let position = index + ahead
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func run(shouldStop: () -> Bool) throws(SyntaxError) -> Output? {
        var steps = 0
        while index < scalars.count {
            steps += 1
            if steps & 0xFFFF == 0, shouldStop() { return nil }
            let scalar = scalars[index]
            // Switching on the code point keeps this hot loop cheap even in debug builds.
            switch scalar.value {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C, 0xA0, 0xFEFF:
                index += 1
                sawSpace = true
            case 0x0A:
                add(.newline, "\n", start: index, length: 1)
                index += 1
                line += 1
                lineStart = index
                sawSpace = true
            case 0x23: // #
                while index < scalars.count, scalars[index].value != 0x0A { index += 1 }
                sawSpace = true
            case 0x22: // "
                try lexString()
            case 0x30...0x39:
                try lexNumber()
            case 0x2E where Self.isDigit(peek(1)): // .5
                try lexNumber()
            case 0x2D where peek(1) == ">":
                add(.arrow, "->", start: index, length: 2)
                index += 2
            case 0x2192: // →
                add(.arrow, "->", start: index, length: 1)
                index += 1
            case 0x5B, 0x28: // [ (
                add(scalar == "[" ? .leftBracket : .leftParen, scalar == "[" ? "[" : "(", start: index, length: 1)
                if let last = tokens.last { open.append(last) }
                index += 1
            case 0x5D, 0x29: // ] )
                try closeBracket(scalar)
            case 0x64 where gradientPrefixLength() > 0: // dL/d…
                lexGradientName()
            case 0x61...0x7A, 0x41...0x5A, 0x5F:
                lexIdentifier()
            default:
                if let kind = Self.punctuation[scalar] {
                    let text = kind == .minus ? "-" : (kind == .star ? "*" : String(scalar))
                    add(kind, text, start: index, length: 1)
                    index += 1
                } else if gradientPrefixLength() > 0 {
                    lexGradientName()
                } else if Self.isNameStart(scalar) {
                    lexIdentifier()
                } else {
                    throw SyntaxError("unexpected character '\(Self.printable(scalar))'", at: location,
                                      expected: "a statement, a name, a number or punctuation")
                }
            }
        }
        add(.end, "", start: index, length: 0)
        return Output(tokens: tokens, openBrackets: open)
    }

    private static let punctuation: [Unicode.Scalar: Token.Kind] = [
        ";": .semicolon, ",": .comma, "=": .equals, "<": .less, ">": .greater, "+": .plus, "-": .minus,
        "−": .minus, "*": .star, "×": .star, "/": .slash, "^": .caret,
    ]

    private mutating func add(_ kind: Token.Kind, _ text: String, start: Int, length: Int, number: Double = 0) {
        tokens.append(Token(kind: kind, text: text, number: number, location: location(at: start),
                            length: length, spaceBefore: sawSpace, depth: open.count))
        sawSpace = false
    }

    private mutating func closeBracket(_ scalar: Unicode.Scalar) throws(SyntaxError) {
        let wanted: Token.Kind = scalar == "]" ? .leftBracket : .leftParen
        guard let opener = open.last else {
            throw SyntaxError("unmatched '\(scalar)': no bracket is open here", at: location,
                              expected: "a statement")
        }
        guard opener.kind == wanted else {
            let closer = opener.kind == .leftBracket ? "]" : ")"
            throw SyntaxError("'\(scalar)' does not match the '\(opener.text)' opened at \(opener.location)",
                              at: location, expected: "'\(closer)'")
        }
        open.removeLast()
        add(scalar == "]" ? .rightBracket : .rightParen, String(scalar), start: index, length: 1)
        index += 1
    }

    // MARK: Numbers

    private mutating func lexNumber() throws(SyntaxError) {
        let start = index
        var text = ""
        func digits(_ lexer: inout Lexer, into text: inout String) -> Int {
            var count = 0
            while let next = lexer.peek(), Lexer.isDigit(next) {
                text.unicodeScalars.append(next)
                lexer.index += 1
                count += 1
            }
            return count
        }
        let whole = digits(&self, into: &text)
        if peek() == "." {
            text += whole == 0 ? "0." : "."
            index += 1
            if digits(&self, into: &text) == 0 { text += "0" }
        }
        if let e = peek(), e == "e" || e == "E",
           Self.isDigit(peek(1)) || ((peek(1) == "+" || peek(1) == "-") && Self.isDigit(peek(2))) {
            text += "e"
            index += 1
            if let sign = peek(), sign == "+" || sign == "-" {
                text.unicodeScalars.append(sign)
                index += 1
            }
            _ = digits(&self, into: &text)
        }
        // A number must not run straight into a letter, digit or another point: `2x`, `1.2.3`, `1e`.
        // `3x3` and `1x6x6` (sizes in `net`): the integer ends here and `x3` lexes as a word.
        let integer = !text.isEmpty && text.unicodeScalars.allSatisfy(Self.isDigit)
        if integer, peek() == "x", Self.isDigit(peek(1)), let value = Double(text), value.isFinite {
            add(.number, text, start: start, length: index - start, number: value)
            return
        }
        if let next = peek(), Self.isNameChar(next) || next == "." {
            var end = index
            while end < scalars.count, Self.isNameChar(scalars[end]) || scalars[end] == "." { end += 1 }
            let bad = String(String.UnicodeScalarView(scalars[start..<min(end, start + 30)]))
            throw SyntaxError("bad number '\(bad)'", at: location(at: start), length: end - start,
                              expected: "a number such as 2, -0.5 or 1e-3")
        }
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError("number out of range", at: location(at: start), length: index - start,
                              expected: "a finite number")
        }
        add(.number, Syntax.text(scalars[start..<index]), start: start,
            length: index - start, number: value)
    }

    // MARK: Strings

    private mutating func lexString() throws(SyntaxError) {
        let start = index
        index += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n" else {
                throw SyntaxError("unterminated string: it needs a closing '\"' on the same line",
                                  at: location(at: start), expected: "'\"'")
            }
            index += 1
            if scalar == "\"" { break }
            if scalar == "\\" {
                guard let escaped = peek(), escaped != "\n" else { continue }
                let replacement: Unicode.Scalar? = switch escaped {
                case "\"": "\""
                case "\\": "\\"
                case "n": "\n"
                case "t": "\t"
                case "r": "\r"
                case "0": "\0"
                default: nil
                }
                guard let replacement else {
                    throw SyntaxError("unknown escape '\\\(Self.printable(escaped))' in a string",
                                      at: location(at: index - 1), length: 2,
                                      expected: "one of \\\" \\\\ \\n \\t \\r \\0")
                }
                value.append(replacement)
                index += 1
            } else {
                value.append(scalar)
            }
        }
        add(.string, String(value), start: start, length: index - start)
    }

    // MARK: Names

    private mutating func lexIdentifier() {
        let start = index
        var ascii = true
        while index < scalars.count, Self.isNameChar(scalars[index]) {
            if scalars[index].value >= 0x80 { ascii = false }
            index += 1
        }
        if ascii {
            add(.identifier, Syntax.text(scalars[start..<index]), start: start, length: index - start)
            return
        }
        var text = String.UnicodeScalarView()
        for scalar in scalars[start..<index] { Self.appendNormalised(scalar, to: &text) }
        add(.identifier, String(text), start: start, length: index - start)
    }

    /// Length of a `dL/d` or `∂L/∂` prefix at the cursor that starts a gradient name.
    private func gradientPrefixLength() -> Int {
        let ascii: [Unicode.Scalar] = ["d", "L", "/", "d"]
        let unicode: [Unicode.Scalar] = ["∂", "L", "/", "∂"]
        for prefix in [ascii, unicode] {
            var matches = true
            for (offset, scalar) in prefix.enumerated() where peek(offset) != scalar {
                matches = false
                break
            }
            if matches, let next = peek(4), Self.isNameStart(next) { return 4 }
        }
        return 0
    }

    /// `dL/dW1`, `∂L/∂w212`, `dL/dŷ`, `dL/dw[2,1,12]` as one token with text `dL/d…`.
    private mutating func lexGradientName() {
        let start = index
        index += 4
        var text = String.UnicodeScalarView("dL/d".unicodeScalars)
        while let scalar = peek(), Self.isNameChar(scalar) {
            Self.appendNormalised(scalar, to: &text)
            index += 1
        }
        // Indices in brackets belong to the name when they hold only digits, commas and spaces.
        if peek() == "[" {
            var end = index + 1
            var inner = String.UnicodeScalarView()
            while end < scalars.count, Self.isDigit(scalars[end]) || scalars[end] == "," || scalars[end] == " " {
                if scalars[end] != " " { inner.append(scalars[end]) }
                end += 1
            }
            if end < scalars.count, scalars[end] == "]", !inner.isEmpty {
                text.append("[")
                text.append(contentsOf: inner)
                text.append("]")
                index = end + 1
            }
        }
        add(.gradientName, String(text), start: start, length: index - start)
    }

    private static func appendNormalised(_ scalar: Unicode.Scalar, to text: inout String.UnicodeScalarView) {
        switch scalar {
        case "ŷ": text.append(contentsOf: "yhat".unicodeScalars)
        case "η": text.append(contentsOf: "eta".unicodeScalars)
        // Subscript digits, as the output prints them (`w₂₁₂`, `a₂₁`): the ASCII digit.
        case "\u{2080}"..."\u{2089}":
            text.append(Unicode.Scalar(scalar.value - 0x2080 + 0x30) ?? scalar)
        default: text.append(scalar)
        }
    }

    // MARK: Character classes

    static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let value = scalar?.value else { return false }
        return value >= 0x30 && value <= 0x39
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || value == 0x5F
            || value == 0x177 || value == 0x3B7 // ŷ, η
    }

    static func isNameChar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || value == 0x5F
            || (value >= 0x30 && value <= 0x39) || value == 0x177 || value == 0x3B7
            || (value >= 0x2080 && value <= 0x2089) // subscript digits ₀…₉
    }

    /// The text with subscript digits as ASCII digits, scalar for scalar (offsets are kept):
    /// completion and inspection read pasted names such as `w₂₁₂` this way.
    static func asciiDigits(_ text: String) -> String {
        // Every subscript digit starts with the UTF-8 byte E2: a fast look first (cells are up to 8 MiB).
        guard text.utf8.contains(0xE2), text.unicodeScalars.contains(where: { (0x2080...0x2089).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x2080...0x2089).contains(scalar.value), let digit = Unicode.Scalar(scalar.value - 0x2080 + 0x30) {
                out.append(digit)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A scalar as it can be shown in a message (control characters escaped).
    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.generalCategory == .control || scalar.value < 0x20
            ? scalar.escaped(asASCII: true) : String(scalar)
    }
}
