/// The picture options: `graph paths NAME` and `train … scale linear|log`. In a file of
/// their own so the statement parsers change by one line each.

/// `graph` or `graph paths w131`: the network picture, optionally with the chain-rule
/// paths of one weight or bias highlighted.
public struct GraphStatement: Sendable, Equatable {
    /// A parameter (a `dL/d` in front is stripped); nil for the plain picture.
    public var paths: Located<ValueName>?

    public init(paths: Located<ValueName>? = nil) {
        self.paths = paths
    }
}

/// The value axis of the loss curve: `scale log` or `scale linear`. Without it the axis is
/// logarithmic when the losses span more than two decades, so two runs can differ; a
/// fixed scale makes their pictures comparable.
public enum CurveScale: String, Sendable, Equatable, CaseIterable {
    case linear, log
}

extension Parser {
    mutating func parseGraph() throws(SyntaxError) -> GraphStatement {
        var statement = GraphStatement()
        var options = OptionReader(statement: "graph", names: Vocabulary.options["graph"] ?? ["paths"])
        while try options.next(&self) != nil {
            let start = current
            let name = try parseName("a weight or bias whose paths to highlight, e.g. w131")
            var parameter = name
            if case .gradient(let inner) = name.value { parameter.value = inner }
            switch parameter.value {
            case .weight, .bias: break
            default:
                throw SyntaxError("graph paths takes one weight or bias, not \(name.value)", at: start.location,
                                  length: start.length, expected: "a weight or bias such as w131 or b13")
            }
            statement.paths = parameter
        }
        return statement
    }

    /// `linear` or `log` after `scale`.
    mutating func parseCurveScale() throws(SyntaxError) -> Located<CurveScale> {
        let word = current
        let names = CurveScale.allCases.map(\.rawValue)
        guard word.kind == .identifier else {
            throw error(atEnd ? "missing the scale after 'scale'" : "expected a scale, found \(word.quoted)",
                        expected: "linear or log")
        }
        guard let scale = CurveScale(rawValue: word.text) else {
            throw error("unknown scale '\(word.text)'", at: word, expected: "linear or log",
                        suggestion: Suggestions.nearest(to: word.text, in: names))
        }
        advance()
        return Located(scale, at: word.location)
    }
}
