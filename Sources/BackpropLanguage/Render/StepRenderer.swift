import Backprop
import JSON
import Rendering

/// `step`: each parameter's old value, gradient and new value (a summary per matrix for large
/// networks), and the loss before and after.
enum StepRenderer {
    /// Networks with more parameters than this get one row per matrix.
    static let detailLimit = 64

    static func bundle(_ r: StepResult, format: NumberFormat) -> JSONValue {
        let title = "Gradient-descent step, η = \(ChainRenderer.constant(r.eta)): θ ← θ − η·∂L/∂θ"
        var table: DocumentTable
        var footerNotes: [String] = []
        if r.changes.count <= detailLimit {
            table = DocumentTable(caption: .text(title), columns: [.init("parameter"), .init("old", .decimal),
                                                                   .init(.math(#"\partial L/\partial\theta"#, plain: "∂L/∂θ"), .decimal),
                                                                   .init("new", .decimal)])
            var layer = 0
            for c in r.changes {
                if c.parameter.layer != layer, layer != 0 { table.addSeparator() }
                layer = c.parameter.layer
                let name = Names.valueName(c.parameter)
                table.addRow([.math(Names.latex(name), plain: Names.plain(name)), .number(c.old), .number(c.gradient), .number(c.new)])
            }
        } else {
            let summary = changeSummary(r.changes.map { ($0.parameter, $0.new - $0.old) }, title: title, change: "Δ")
            table = summary.table
            if let note = summary.note { footerNotes.append(note) }
        }
        table.footnotes = footerNotes.map(Cell.text)
        // The answer first: the loss after the step, beside the loss before.
        var document = Document(format: format)
        document.headline(["loss after the step = ", .number(r.lossAfter), " (before: ", .number(r.lossBefore), ")"])
        document.add(.table(table))
        var cap = NumberCap()
        let listed = cap.records(r.changes.count, width: 3, name: "changes")
        let json = cap.annotate([
            "kind": "step", "eta": .number(r.eta), "loss_before": .number(r.lossBefore), "loss_after": .number(r.lossAfter),
            "changes": .array(r.changes.prefix(listed).map {
                ["name": .string($0.parameter.description), "old": .number($0.old), "grad": .number($0.gradient), "new": .number($0.new)]
            }),
        ])
        return RichOutput(document: document, json: json).bundle
    }

    /// A large step's table: for each matrix and vector of the shown layers (a deep network's
    /// first and last, `LayerElision`), how many parameters changed and their mean and largest
    /// |change|; with the note on the layers left out.
    static func changeSummary(_ changes: [(parameter: ParameterID, change: Double)], title: String,
                              change: String) -> (table: DocumentTable, note: String?) {
        var table = DocumentTable(caption: .text(title), columns: [.init("parameters"), .init("count", .right),
                                                                   .init(.text("mean |\(change)|"), .decimal), .init(.text("max |\(change)|"), .decimal)])
        var groups: [(String, [Double])] = []
        let depth = changes.last?.parameter.layer ?? 0
        for c in changes {
            guard LayerElision.isShown(c.parameter.layer, depth: depth) else { continue }
            let key: String
            switch c.parameter {
            case let .weight(l, _, _): key = "W" + Names.sub([l])
            case let .bias(l, _): key = "b" + Names.sub([l])
            }
            if groups.last?.0 != key { groups.append((key, [])) }
            groups[groups.count - 1].1.append(abs(c.change))
        }
        for (key, deltas) in groups {
            let mean = deltas.reduce(0, +) / Double(max(deltas.count, 1))
            table.addRow([.text(key), .text("\(deltas.count)"), .number(mean), .number(deltas.max() ?? 0)])
        }
        return (table, LayerElision.note(depth: depth))
    }
}
