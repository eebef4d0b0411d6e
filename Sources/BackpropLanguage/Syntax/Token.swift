/// One lexical unit of a cell.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier      // net, sigmoid, W1, x, nan (ŷ is normalised to yhat)
        case gradientName    // dL/dw212, ∂L/∂W1, dL/dw[2,1,12]: one token, text "dL/d…"
        case number          // 0.5, 1e-3
        case string          // "iris.csv", text is the unescaped value
        case arrow           // -> or →
        case leftBracket, rightBracket, leftParen, rightParen
        case semicolon, comma, equals, less, greater
        case plus, minus, star, slash, caret
        case newline
        case end
    }

    var kind: Kind
    /// Normalised text: identifiers with ŷ spelled yhat, gradient names with `dL/d`,
    /// strings unescaped; for punctuation, the ASCII spelling.
    var text: String
    /// The value of a number token.
    var number: Double = 0
    var location: SourceLocation
    /// Width in source scalars (for carets and completion ranges).
    var length: Int
    /// Whether whitespace, a comment or the start of the line comes right before it;
    /// decides `[1 -2]` (two entries) and `w[2,1,3]` (one name).
    var spaceBefore: Bool
    /// Open brackets around the token (for a newline: whether it ends a statement).
    var depth: Int

    /// The source offset just past the token.
    var endOffset: Int { location.offset + length }

    /// How the token reads in a message.
    var quoted: String {
        switch kind {
        case .end: return "end of line"
        case .newline: return "end of line"
        case .string: return "a string"
        default:
            let shown = text.count > 30 ? String(text.prefix(30)) + "…" : text
            return "'\(shown)'"
        }
    }
}
