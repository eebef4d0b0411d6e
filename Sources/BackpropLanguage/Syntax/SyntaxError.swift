/// A problem found while reading a cell, before anything runs.
///
/// Carries what a learner needs to fix the input: where (`location`, `length` for the
/// caret), what went wrong (`message`), what would have been accepted (`expected`) and,
/// when a valid name is close, that name (`suggestion`, e.g. `sigmoid` for `sigmod`).
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    /// Width of the offending text in Unicode scalars (at least 1), for the caret line.
    public var length: Int
    /// What the parser would have accepted here, e.g. "an activation (linear, sigmoid, …)".
    public var expected: String?
    /// The nearest valid name, when one is close by edit distance.
    public var suggestion: String?

    public init(_ message: String, at location: SourceLocation, length: Int = 1,
                expected: String? = nil, suggestion: String? = nil) {
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.expected = expected
        self.suggestion = suggestion
    }

    /// One line: "line 2, column 12: unknown activation 'sigmod' (did you mean 'sigmoid'?)".
    public var description: String {
        var text = "\(location): \(message)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }

    /// The full report for a terminal: message, the offending line with a caret,
    /// then what was expected.
    public func report(in source: String) -> String {
        var lines = ["SyntaxError: \(description)", caretSnippet(in: source)]
        if let expected { lines.append("expected \(expected)") }
        return lines.joined(separator: "\n")
    }

    /// The offending line with a caret under the error, e.g.
    /// `   2 | net 4 -> 4 sigmod` / `     |            ^^^^^^`.
    public func caretSnippet(in source: String) -> String {
        CaretRenderer.render(source: source, location: location, length: length)
    }
}
