import Backprop
import Rendering

/// The picture of `chain`: the expression graph with one box per variable and per
/// intermediate node, an arrow per operand labelled with its local derivative, and the
/// paths from the first variable to the result highlighted.
enum ChainPicture {
    /// Larger expressions are not drawn (the tables still list every node).
    static let maxDrawnNodes = 40

    /// The graph, or nil when it has more than `maxDrawnNodes` nodes.
    static func graph(_ r: ChainRuleResult, format: NumberFormat) -> ExpressionGraph? {
        let count = r.variables.count + r.steps.count
        guard count <= maxDrawnNodes, !r.steps.isEmpty else { return nil }
        var index: [String: Int] = [:]
        var nodes: [ExpressionGraph.Node] = []
        for v in r.variables {
            index[v] = nodes.count
            nodes.append(.init(name: v, value: format.string(r.values[v] ?? .nan)))
        }
        var edges: [ExpressionGraph.Edge] = []
        for step in r.steps {
            let k = nodes.count
            nodes.append(.init(name: step.name, definition: ChainRenderer.plainDefinition(step), value: format.string(step.value)))
            for (operand, d) in zip(step.operands, step.localDerivatives) {
                let name: String
                switch operand {
                case .constant: continue
                case let .step(n), let .variable(n): name = n
                }
                guard let from = index[name] else { continue }
                edges.append(.init(from: from, to: k, label: "∂\(step.name)/∂\(name) = \(format.string(d))", value: d))
            }
            index[step.name] = k
        }
        let at = r.variables.map { "\($0) = \(format.string(r.values[$0] ?? .nan))" }.joined(separator: ", ")
        var notes: [String] = []
        if r.variables.count > 1 {
            notes.append("the paths from " + r.variables.dropFirst().joined(separator: ", ") + " are listed in the paths table")
        }
        return ExpressionGraph(nodes: nodes, edges: edges, highlightFrom: r.variables.isEmpty ? nil : 0,
                               title: "Expression graph of \(r.resultName) at \(at)", notes: notes)
    }

    /// The alt text: every node in order with its definition and value, and what is highlighted.
    static func alt(_ graph: ExpressionGraph) -> String {
        let nodes = graph.nodes.map { node in
            (node.definition.map { "\(node.name) = \($0)" } ?? node.name) + " = " + node.value
        }.joined(separator: "; ")
        var text = "Expression graph, operands to the left of the operations that use them: " + nodes
            + "; each arrow is labelled with its local derivative"
        if let s = graph.highlightFrom, let r = graph.result, let paths = graph.highlightedPaths {
            text += "; highlighted: the \(paths.count) path\(paths.count == 1 ? "" : "s") from \(graph.nodes[s].name) to \(graph.nodes[r].name)"
        }
        return text
    }

    /// Why an expression has no picture, when it is too large to draw.
    static func notDrawnNote(_ r: ChainRuleResult) -> String? {
        let count = r.variables.count + r.steps.count
        return count > maxDrawnNodes
            ? "(the expression graph has \(count) nodes, more than \(maxDrawnNodes): it is not drawn; the tables list them)"
            : nil
    }
}
