import Backprop
import JSON
import Rendering

/// `explain`: every chain-rule path from the loss to one parameter, factor by factor.
enum ExplainRenderer {
    static func bundle(_ e: PathExplanation, examples m: Int, format: NumberFormat) -> JSONValue {
        let target = Names.valueName(e.parameter)
        let targetPlain = "∂L/∂" + Names.plain(target)
        let targetLatex = #"\frac{\partial L}{\partial "# + Names.latex(target) + "}"
        let count = e.pathCount.description
        let listed = e.isComplete ? "all listed" : "the \(e.paths.count) largest by magnitude listed"
        let title = "\(targetPlain) by the chain rule: \(count) path\(count == "1" ? "" : "s") (\(listed))"

        // text/plain: one row per factor, the product on the path's last row.
        var columns: [TextTable.Column] = [.init("path", .right)]
        if m > 1 { columns.append(.init("example", .right)) }
        columns += [.init("factor"), .init("value", .decimal), .init("product", .decimal)]
        var text = TextTable(title: title, columns: columns)
        for (k, path) in e.paths.enumerated() {
            if k > 0 { text.addSeparator() }
            for (f, factor) in path.factors.enumerated() {
                var row = [f == 0 ? "\(k + 1)" : ""]
                if m > 1 { row.append(f == 0 ? "\(path.example)" : "") }
                row += [Names.plain(factor), format.string(factor.value),
                        f == path.factors.count - 1 ? format.string(path.product) : ""]
                text.addRow(row)
            }
        }
        text.footer = summary(e, targetPlain: targetPlain, format: format)

        // text/html: one row per path, a column per factor, math headers in each cell.
        let width = e.paths.map(\.factors.count).max() ?? 0
        var htmlColumns: [HTMLTable.Column] = [.init("path", .right)]
        if m > 1 { htmlColumns.append(.init("example", .right)) }
        htmlColumns += (0..<width).map { k in HTMLTable.Column(k == 0 ? "factors" : "", .left) }
        htmlColumns.append(.init("product", .decimal))
        var html = HTMLTable(caption: .joined([.math(targetLatex, plain: targetPlain), .text(" by the chain rule: \(count) path\(count == "1" ? "" : "s") (\(listed))")]),
                             columns: htmlColumns)
        for (k, path) in e.paths.enumerated() {
            var row: [Cell] = [.text("\(k + 1)")]
            if m > 1 { row.append(.text("\(path.example)")) }
            for factor in path.factors {
                row.append(.joined([.math(Names.latex(factor) + " = " + LaTeX.number(factor.value, format: format),
                                          plain: Names.plain(factor) + " = " + format.string(factor.value))]))
            }
            row.append(.text(format.string(path.product)))
            html.addRow(row)
        }
        html.footnotes = summary(e, targetPlain: targetPlain, format: format).map { Cell.text($0) }

        // text/latex: one line per path.
        var lines = e.paths.prefix(50).map { path -> String in
            let names = path.factors.map(Names.latex).joined(separator: " ")
            let values = path.factors.map { "(" + LaTeX.number($0.value, format: format) + ")" }.joined()
            return "& " + names + " = " + values + " = " + LaTeX.number(path.product, format: format)
        }
        lines.append(targetLatex + " &= \\sum_{\\text{paths}} = " + LaTeX.number(e.pathSum, format: format))

        let json: JSONValue = [
            "kind": "explain",
            "target": .string("dL/d" + target.description),
            "gradient": .number(e.gradient),
            "path_sum": .number(e.pathSum),
            "path_count": e.pathCount.intValue.map { .integer($0) } ?? .raw(e.pathCount.description),
            "listed": .integer(e.paths.count),
            "complete": .bool(e.isComplete),
            "fused_output": .bool(e.outputOverflow != nil),
            "paths": .array(e.paths.map { path in
                var object: [(key: String, value: JSONValue)] = [
                    ("factors", .array(path.factors.map { ["name": .string($0.name), "value": .number($0.value)] })),
                    ("product", .number(path.product)),
                ]
                if m > 1 { object.insert(("example", .integer(path.example)), at: 0) }
                return .object(object)
            }),
        ]
        return RichOutput(plain: text.render(), html: "<div style=\"overflow-x:auto;max-width:100%\">" + html.render() + "</div>",
                          latex: LaTeX.displayAligned(lines), json: json).bundle
    }

    static func summary(_ e: PathExplanation, targetPlain: String, format: NumberFormat) -> [String] {
        var lines: [String] = []
        if e.isComplete {
            lines.append("sum of the \(e.paths.count) paths = \(format.string(e.pathSum))")
        } else {
            lines.append("the \(e.paths.count) listed paths sum to \(format.string(e.listedSum)); all \(e.pathCount) paths sum to \(format.string(e.pathSum))")
        }
        lines.append("\(targetPlain) = \(format.string(e.gradient)) (backward pass)")
        if let note = fusedNote(e) { lines.append(note) }
        return lines
    }

    /// Where ∂L/∂ŷ is beyond float64 the paths start at the fused factor ∂L/∂a_L: say so.
    static func fusedNote(_ e: PathExplanation) -> String? {
        guard let o = e.outputOverflow,
              case let .preActivation(layer, _)? = e.paths.first?.factors.first?.denominator else { return nil }
        return "the paths start at the fused factor ∂L/∂a\(Names.sub([layer])) (from the logits): "
            + "∂L/∂ŷ\(Names.sub([o.unit])) of example \(o.example) is beyond the float64 range, "
            + "so the factors ∂L/∂ŷ · ∂ŷ/∂a would be an overflow times an underflow"
    }
}
