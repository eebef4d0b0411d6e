import Backprop
import JSON
import Rendering

/// `explain` through the layers beyond dense.
extension Interpreter {
    mutating func layeredExplain(_ network: LayeredNetwork, _ statement: ExplainStatement) throws -> [JSONValue] {
        let parameter: LayerParameter
        let place: SourceLocation
        if let name = statement.layerParameter, let p = name.value.parameter {
            parameter = p
            place = name.location
        } else {
            place = statement.parameter.location
            switch statement.parameter.value {
            case let .weight(l, i, j): parameter = .weight(layer: l, row: i, column: j)
            case let .bias(l, i): parameter = .bias(layer: l, unit: i)
            default: throw StatementFailure(.nameError, "explain takes one parameter, such as dL/dw111, dL/dk11111 or dL/dgamma11", at: place)
            }
        }
        let (x, y) = try requireLayeredExample(network)
        let explanation = try engine(at: place) { () throws(BackpropError) in try network.explain(parameter, x: x, y: y) }
        return [LayeredExplainRenderer.bundle(explanation, mode: network.mode, limit: statement.limit?.value ?? PathExplanation.defaultLimit,
                                               nonzero: statement.nonzero, format: format)]
    }
}

enum LayeredExplainRenderer {
    static func bundle(_ e: LayeredExplanation, mode: NetworkMode, limit: Int, nonzero: Bool, format: NumberFormat) -> JSONValue {
        let shown = e.groups.filter { !nonzero || $0.product != 0 }
        var table = DocumentTable(caption: .text("∂L/∂\(e.parameter): \(e.groups.count) groups of paths, one per \(e.groupKind) (\(mode.rawValue) mode)"), columns: [
            .init("#", .right), .init("paths"), .init("upstream gradient", .right), .init("local factor", .right), .init("product", .right), .init("note"),
        ])
        for (k, g) in shown.prefix(limit).enumerated() {
            table.addRow([.text("\(k + 1)"), .text(g.label), .text(format.string(g.upstream)), .text(format.string(g.local)),
                          .text(format.string(g.product)), .text(g.zeroedBy.map { "zero: \($0)" } ?? "")])
        }
        let zeroed = e.groups.filter { $0.zeroedBy != nil }.count
        var notes = ["sum of the \(e.groups.count) groups = \(format.string(e.pathSum)); backward gives ∂L/∂\(e.parameter) = \(format.string(e.gradient))"]
        if shown.count > limit { notes.append("the first \(limit) of \(shown.count) groups are listed (limit N shows more)") }
        if zeroed > 0 { notes.append("\(zeroed) group\(zeroed == 1 ? " is" : "s are") zero: through a unit dropout dropped, or through padding") }
        if e.groupKind.contains("μ") { notes.append("the paths through μ and σ² are shared by every example of the batch: dropping them is the classic batch-norm mistake") }
        table.footnotes = notes.map(Cell.text)
        let json: JSONValue = [
            "kind": "explain", "parameter": .string(e.parameter.description), "mode": .string(mode.rawValue),
            "group_count": .integer(e.groups.count), "group_kind": .string(e.groupKind),
            "path_sum": .number(e.pathSum), "gradient": .number(e.gradient), "zeroed": .integer(zeroed),
            "groups": .array(e.groups.map { ["label": .string($0.label), "upstream": .number($0.upstream), "local": .number($0.local),
                                             "product": .number($0.product), "zeroed_by": $0.zeroedBy.map(JSONValue.string) ?? .null] }),
        ]
        return RichOutput(document: Document([.table(table)], format: format), json: json).bundle
    }
}
