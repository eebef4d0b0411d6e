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
        if !atEnd, current.kind == .identifier, current.text == StatementDeclaration.graphPaths.name {
            _ = advance()
            statement.paths = try parseGraphPaths()
        }
        // Anything else goes through the one option reader, for its messages.
        if !atEnd {
            let again = current
            _ = try parseOptions(StatementDeclaration.graphOptions, for: "graph")
            throw SyntaxError("option 'paths' is given twice", at: again.location, length: again.length,
                              expected: "graph paths NAME, with one weight or bias")
        }
        return statement
    }

    /// The weight or bias after `paths` (a `dL/d` in front is stripped).
    mutating func parseGraphPaths() throws(SyntaxError) -> Located<ValueName> {
        let start = current
        let name = try parseName("a weight or bias whose paths to highlight, e.g. w131")
        var parameter = name
        if case .gradient(let inner) = name.value { parameter.value = inner }
        switch parameter.value {
        case .weight, .bias: return parameter
        default:
            throw SyntaxError("graph paths takes one weight or bias, not \(name.value)", at: start.location,
                              length: start.length, expected: "a weight or bias such as w131 or b13")
        }
    }
}
