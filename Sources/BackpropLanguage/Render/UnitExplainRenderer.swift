import Backprop
import JSON
import Rendering

/// `explain dL/dh13`, `explain dL/da21`: every chain-rule path from the loss down to a unit,
/// the same table as a parameter's, and per example the sum beside the backward pass.
enum UnitExplainRenderer {
    static func bundle(_ e: UnitPathExplanation, format: NumberFormat, nonzero: Bool, outputLayer: Int) -> JSONValue {
        let m = e.gradients.count
        // h_{L i} is the output ŷ_i, and reads so.
        var node = e.unit.node
        if case let .activation(l, i) = e.unit, l == outputLayer { node = .output(i) }
        let targetPlain = "∂L/∂" + Names.plain(node)
        let targetLatex = #"\frac{\partial L}{\partial "# + Names.latex(node) + "}"
        let targetCell = Cell.math(targetLatex, plain: targetPlain)
        let shown = nonzero ? e.paths.filter { $0.product != 0 } : e.paths
        let hidden = e.paths.count - shown.count
        let count = e.pathCount.description
        let listed = e.isComplete ? "all listed" : "the \(e.paths.count) largest by magnitude listed"
        let agrees = zip(e.pathSums, e.gradients).allSatisfy { abs($0 - $1) <= 1e-9 * max(abs($0), abs($1)) + 1e-300 }

        var document = Document(format: format)
        if m == 1, let sum = e.pathSums.first, let gradient = e.gradients.first {
            document.headline([targetCell, " = ", .number(sum),
                               agrees ? " = backward pass ✓" : .joined([" ≠ backward pass ", .number(gradient), " ✗"])])
        } else {
            document.headline([targetCell, .text(", one value per example: each example's paths sum to its backward-pass value"),
                               .text(agrees ? " ✓" : " ✗")])
            var sums = DocumentTable(caption: .text("per example"),
                                     columns: [.init("example", .right), .init("sum of paths", .decimal), .init("backward pass", .decimal)])
            for k in 0..<m { sums.addRow([.text("\(k + 1)"), .number(e.pathSums[k]), .number(e.gradients[k])]) }
            document.add(.table(sums))
        }
        var table = ExplainRenderer.pathTable(shown, numberedIn: e.paths, examples: m,
                                              caption: .joined([targetCell, .text(" by the chain rule: \(count) path\(count == "1" ? "" : "s") (\(listed))")]))
        var notes: [String] = []
        if nonzero {
            notes.append(hidden == 0 ? "no path has a product of exactly 0"
                         : "\(hidden) path\(hidden == 1 ? "" : "s") whose product is exactly 0 \(hidden == 1 ? "is" : "are") hidden (nonzero)")
        }
        if m == 1, let sum = e.pathSums.first, let gradient = e.gradients.first {
            notes.append(e.isComplete ? "sum of the \(e.paths.count) paths = \(format.string(sum))"
                         : "all \(count) paths sum to \(format.string(sum))")
            notes.append("\(targetPlain) = \(format.string(gradient)) (backward pass)")
        }
        table.footnotes = notes.map(Cell.text)
        document.add(.table(table))

        var json: [(key: String, value: JSONValue)] = [
            ("kind", "explain"),
            ("target", .string("dL/d" + (node == e.unit.node ? e.unit.description : "yhat\(e.unit.unitIndex)"))),
            ("gradients", .numbers(e.gradients)),
            ("path_sums", .numbers(e.pathSums)),
            ("path_count", e.pathCount.intValue.map { .integer($0) } ?? .raw(e.pathCount.description)),
            ("listed", .integer(e.paths.count)),
            ("complete", .bool(e.isComplete)),
            ("paths", .array(shown.map { path in
                var object: [(key: String, value: JSONValue)] = [
                    ("factors", .array(path.factors.map { ["name": .string($0.name), "value": .number($0.value)] })),
                    ("product", .number(path.product)),
                ]
                if m > 1 { object.insert(("example", .integer(path.example)), at: 0) }
                return .object(object)
            })),
        ]
        if m == 1 {
            json.insert(("gradient", .number(e.gradients.first ?? 0)), at: 2)
            json.insert(("path_sum", .number(e.pathSums.first ?? 0)), at: 3)
        }
        if nonzero { json.append(("hidden_zero_paths", .integer(hidden))) }
        return RichOutput(document: document, json: .object(json)).bundle
    }
}
