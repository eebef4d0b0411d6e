import Backprop
import JSON
import Rendering

/// `explain`: every chain-rule path from the loss to one parameter, factor by factor, under
/// the answer (∂L/∂w = the sum of the paths = the backward pass).
enum ExplainRenderer {
    static func bundle(_ e: PathExplanation, examples m: Int, format: NumberFormat, network: Network? = nil,
                       nonzero: Bool = false, factored: Bool = false) -> JSONValue {
        let target = Names.valueName(e.parameter)
        let targetPlain = "∂L/∂" + Names.plain(target)
        let targetLatex = #"\frac{\partial L}{\partial "# + Names.latex(target) + "}"
        let targetCell = Cell.math(targetLatex, plain: targetPlain)
        let count = e.pathCount.description
        let shown = nonzero ? e.paths.filter { $0.product != 0 } : e.paths
        let hidden = e.paths.count - shown.count
        let listed = e.isComplete ? "all listed" : "the \(e.paths.count) largest by magnitude listed"
        let title = " by the chain rule: \(count) path\(count == "1" ? "" : "s") (\(listed))"

        var document = Document(format: format)
        // The answer first: the sum of the paths, and whether it is the backward pass's value.
        document.headline([targetCell, " = ", .number(e.pathSum),
                           agrees(e) ? " = backward pass ✓" : .joined([" ≠ backward pass ", .number(e.gradient), " ✗"])])
        document.add(.paragraph(.text(connection(e.parameter, depth: network?.depth))))
        if m > 1 {
            document.note(.text("L is the mean over m = \(m) examples, so each path's first factor ∂L/∂ŷ carries the 1/m = 1/\(m); "
                                + "there is one set of paths per example"))
        }

        // One row per factor, the product on the path's last row: narrow enough for a terminal
        // or an 800 px window, the same table in every format.
        var table = pathTable(shown, numberedIn: e.paths, examples: m, caption: .joined([targetCell, .text(title)]))
        var notes = summary(e, targetPlain: targetPlain, format: format)
        if nonzero {
            notes.insert(hidden == 0 ? "no path has a product of exactly 0"
                         : "\(hidden) path\(hidden == 1 ? "" : "s") whose product is exactly 0 \(hidden == 1 ? "is" : "are") hidden (nonzero)", at: 0)
        }
        table.footnotes = notes.map(Cell.text)
        document.add(.table(table))

        var factoredJSON: JSONValue? = nil
        if factored {
            let tree = ExplainFactoring(e.paths, activations: network?.layers.map(\.activation))
            let expression = tree.expression()
            document.add(.title(.text("Factored, as the backward pass reuses the shared factors")))
            document.add(.paragraph(.joined([targetCell, " = ", .math(expression.latex, plain: expression.plain),
                                             " = ", .number(expression.value)])))
            document.note(.text(e.isComplete ? "the same value as the sum of the \(e.paths.count) paths"
                                : "over the \(e.paths.count) listed paths only (all \(count) paths sum to \(format.string(e.pathSum)))"))
            document.add(.equations([targetLatex + " &= " + expression.latex]))
            factoredJSON = ["expression": .string(expression.plain), "value": .number(expression.value)]
        }

        // text/latex: one line per path.
        let lines = shown.prefix(50).map { path -> String in
            let names = path.factors.map(Names.latex).joined(separator: " ")
            let values = path.factors.map { "(" + LaTeX.number($0.value, format: format) + ")" }.joined()
            return "& " + names + " = " + values + " = " + LaTeX.number(path.product, format: format)
        }
        document.add(.equations(lines))

        var json: [(key: String, value: JSONValue)] = [
            ("kind", "explain"),
            ("target", .string("dL/d" + target.description)),
            ("gradient", .number(e.gradient)),
            ("path_sum", .number(e.pathSum)),
            ("path_count", e.pathCount.intValue.map { .integer($0) } ?? .raw(e.pathCount.description)),
            ("listed", .integer(e.paths.count)),
            ("complete", .bool(e.isComplete)),
            ("fused_output", .bool(e.outputOverflow != nil)),
            ("paths", .array(shown.map { path in
                var object: [(key: String, value: JSONValue)] = [
                    ("factors", .array(path.factors.map { ["name": .string($0.name), "value": .number($0.value)] })),
                    ("product", .number(path.product)),
                ]
                if m > 1 { object.insert(("example", .integer(path.example)), at: 0) }
                return .object(object)
            })),
        ]
        if nonzero { json.append(("hidden_zero_paths", .integer(hidden))) }
        if let factoredJSON { json.append(("factored", factoredJSON)) }
        return RichOutput(document: document, json: .object(json)).bundle
    }

    /// The path sum equals the backward pass (to rounding: a sum of products may round
    /// differently from the backward pass's order of operations).
    static func agrees(_ e: PathExplanation) -> Bool {
        let scale = max(abs(e.gradient), abs(e.pathSum))
        return abs(e.gradient - e.pathSum) <= 1e-9 * scale + 1e-300
    }

    /// What the parameter connects: "w₁₃₁: into unit 3 of layer 1 from input x₁".
    static func connection(_ p: ParameterID, depth: Int?) -> String {
        func unit(_ l: Int, _ i: Int) -> String {
            "unit \(i) of layer \(l)" + (l == depth ? " (the output ŷ\(Names.sub([i])))" : "")
        }
        switch p {
        case let .weight(l, i, j):
            let source = l == 1 ? "input x\(Names.sub([j]))" : "unit \(j) of layer \(l - 1) (h\(Names.sub([l - 1, j])))"
            return "w\(Names.sub([l, i, j])): into \(unit(l, i)) from \(source)"
        case let .bias(l, i):
            return "b\(Names.sub([l, i])): the bias of \(unit(l, i))"
        }
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

    /// The listed paths, one row per factor and the product on the path's last row (narrow
    /// enough for a terminal or an 800 px window); each numbered by its place in `all`.
    static func pathTable(_ shown: [ChainPath], numberedIn all: [ChainPath], examples m: Int, caption: Cell) -> DocumentTable {
        var columns: [DocumentTable.Column] = [.init("path", .right)]
        if m > 1 { columns.append(.init("example", .right)) }
        columns += [.init("factor"), .init("value", .decimal), .init("product", .decimal)]
        var table = DocumentTable(caption: caption, columns: columns)
        for path in shown {
            let k = all.firstIndex(of: path) ?? 0
            table.addSeparator()
            for (f, factor) in path.factors.enumerated() {
                var row: [Cell] = [.text(f == 0 ? "\(k + 1)" : "")]
                if m > 1 { row.append(.text(f == 0 ? "\(path.example)" : "")) }
                row += [.math(Names.latex(factor), plain: Names.plain(factor)), .number(factor.value),
                        f == path.factors.count - 1 ? .number(path.product) : .text("")]
                table.addRow(row)
            }
        }
        return table
    }
}
