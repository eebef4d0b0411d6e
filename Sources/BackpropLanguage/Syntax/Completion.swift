/// Context-aware completion: what may be typed at a cursor, and the range it replaces.
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    /// Start of the replaced range, in Unicode scalars from the start of the cell.
    public var start: Int
    /// End of the replaced range (the end of the word under the cursor).
    public var end: Int
}

extension Syntax {
    /// Completes the word under `cursor` (in Unicode scalars, as Jupyter counts).
    ///
    /// The word is a run of name characters including `/` and `∂`, so a gradient prefix
    /// such as `dL/dw2` is replaced as one token. The context is the current line before
    /// the word: statement keywords and assignable names at a line start; after a keyword,
    /// what the statement's declaration offers (by default its unused options).
    /// `definedNames` are the session's names (W1, w212, dL/dw212, …).
    public static func complete(_ cell: String, cursor: Int, definedNames: [String]) -> CompletionResult {
        // Only the cursor's line matters: copy that, not the cell.
        let line = CursorLine(cell, cursor: cursor)
        let scalars = line.scalars
        let cursor = line.cursor
        var start = cursor
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        var end = cursor
        while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<cursor]))
        let before = String(String.UnicodeScalarView(scalars[0..<start]))
        let candidates = candidatesFor(lineBefore: before, definedNames: definedNames)
        let key = normalise(prefix)
        var matches: [String] = []
        for candidate in candidates where normalise(candidate).hasPrefix(key) && !matches.contains(candidate) {
            matches.append(candidate)
        }
        return CompletionResult(matches: matches, start: line.offset + start, end: line.offset + end)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        Lexer.isNameChar(scalar) || scalar == "/" || scalar == "∂"
    }

    /// Matches `∂L/∂w` against `dL/dw…` and `ŷ` against `yhat`.
    private static func normalise(_ text: String) -> String {
        text.replacing("∂", with: "d").replacing("ŷ", with: "yhat")
    }

    private static func candidatesFor(lineBefore: String, definedNames: [String]) -> [String] {
        // Inside a comment or a string, nothing to offer.
        if lineBefore.contains("#") || lineBefore.filter({ $0 == "\"" }).count % 2 == 1 { return [] }
        let words = lineBefore.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let keyword = words.first else {
            return Vocabulary.statements + definedNames.filter { ValueName($0)?.isAssignable == true }
        }
        // What follows a keyword is the statement's declaration's to say.
        guard let declaration = Statements.declaration(for: keyword), keyword != "=" else { return [] }
        return declaration.complete(CompletionContext(words: words, definedNames: definedNames, declaration: declaration))
    }
}

extension ValueName {
    /// One weight or one bias (what `explain` takes).
    var isSingle: Bool {
        switch self {
        case .weight, .bias: true
        default: false
        }
    }
}

/// The line of a cell that holds a cursor (in Unicode scalars), found in one pass that
/// copies nothing but that line.
struct CursorLine {
    /// The line's scalars, without its newline.
    var scalars: [Unicode.Scalar] = []
    /// Offset of the line's start in the cell.
    var offset = 0
    /// The cursor within the line (clamped to the cell).
    var cursor = 0

    init(_ cell: String, cursor requested: Int) {
        var position = 0
        var iterator = cell.unicodeScalars.makeIterator()
        let target = max(0, requested)
        while position < target, let c = iterator.next() {
            position += 1
            if c == "\n" {
                offset = position
                scalars.removeAll(keepingCapacity: true)
            } else {
                scalars.append(c)
            }
        }
        cursor = scalars.count
        while let c = iterator.next(), c != "\n" { scalars.append(c) }
    }
}
