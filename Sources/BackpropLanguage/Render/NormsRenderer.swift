import Backprop
import JSON
import Rendering

/// `norms`: a table and a bar chart of ‖∇W_l‖ and ‖∇b_l‖ per layer.
enum NormsRenderer {
    static func bundle(_ norms: [LayerGradientNorm], network: Network, examples m: Int, logarithmic: Bool,
                       format: NumberFormat) -> JSONValue {
        // Norms span decades: each in scientific notation, never a shared ×10ᵏ that turns the
        // small ones into 0.000.
        let sci = NumberFormat(precision: max(1, format.precision - 1))
        var table = DocumentTable(caption: "Gradient norms per layer", columns: [
            .init("layer"), .init("units"), .init(.math(#"\lVert\nabla W_l\rVert"#, plain: "‖∇W_l‖"), .right),
            .init(.math(#"\lVert\nabla b_l\rVert"#, plain: "‖∇b_l‖"), .right),
            .init(.math(#"\lVert W_l\rVert"#, plain: "‖W_l‖"), .right),
            .init(.math(#"\lVert\nabla W_l\rVert / \lVert W_l\rVert"#, plain: "‖∇W_l‖/‖W_l‖"), .right),
        ])
        for n in norms {
            let layer = network.layers[n.layer - 1]
            let ratio = n.weightNorm > 0 ? sci.scientific(n.weights / n.weightNorm) : "— (W = 0)"
            table.addRow([.text("\(n.layer)"), .text("\(layer.units) \(layer.activation.rawValue)"),
                          .text(sci.scientific(n.weights)), .text(sci.scientific(n.bias)),
                          .text(sci.scientific(n.weightNorm)), .text(ratio)])
        }
        table.footnotes = [.text("‖·‖ is the square root of the sum of the squared entries (Frobenius for a matrix); the gradients are of the mean loss over m = \(m) example\(m == 1 ? "" : "s")")]
        let chart = BarChart(groups: norms.map { .init(label: "layer \($0.layer)", values: [$0.weights, $0.bias]) },
                             seriesNames: ["‖∇W‖", "‖∇b‖"], title: "Gradient norms per layer", yTitle: "norm",
                             logarithmic: logarithmic)
        var document = Document(format: format)
        document.headline([.text(headline(norms, sci: sci))])
        document.add(.table(table))
        document.add(.picture(Picture(svg: chart.svg(), alt: alt(norms, logarithmic: logarithmic, sci: sci), text: nil)))
        let json: JSONValue = [
            "kind": "norms", "examples": .integer(m),
            "layers": .array(norms.map {
                ["layer": .integer($0.layer), "weights": .number($0.weights), "bias": .number($0.bias),
                 "weight_norm": .number($0.weightNorm)]
            }),
        ]
        return RichOutput(document: document, json: json).bundle
    }

    /// "‖∇W₁‖ is 3.2e-04 times ‖∇W₃‖": the first layer's gradient against the last's.
    static func headline(_ norms: [LayerGradientNorm], sci: NumberFormat) -> String {
        guard let first = norms.first, let last = norms.last else { return "no layers" }
        if norms.count == 1 { return "‖∇W₁‖ = \(sci.scientific(first.weights)), ‖∇b₁‖ = \(sci.scientific(first.bias))" }
        let firstName = "‖∇W" + Names.sub([first.layer]) + "‖", lastName = "‖∇W" + Names.sub([last.layer]) + "‖"
        guard last.weights > 0 else { return "\(lastName) = 0: no gradient reaches the last layer's weights" }
        return "\(firstName) = \(sci.scientific(first.weights)) is \(sci.scientific(first.weights / last.weights)) times \(lastName) = \(sci.scientific(last.weights))"
    }

    static func alt(_ norms: [LayerGradientNorm], logarithmic: Bool, sci: NumberFormat) -> String {
        "Bar chart (\(logarithmic ? "log" : "linear") scale) of the gradient norms per layer: "
            + norms.map { "layer \($0.layer) ‖∇W‖ \(sci.scientific($0.weights)), ‖∇b‖ \(sci.scientific($0.bias))" }.joined(separator: "; ")
    }
}
