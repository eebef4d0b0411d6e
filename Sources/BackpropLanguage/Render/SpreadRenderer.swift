import Backprop
import JSON
import Rendering

/// `spread`: one row per layer with the spread of its weights, activations and gradients, so a
/// signal or gradient that vanishes (or explodes) through the layers is seen in one table.
enum SpreadRenderer {
    static func bundle(_ layers: [LayerSpread], examples m: Int, format: NumberFormat) -> JSONValue {
        let sci = NumberFormat(precision: max(2, min(format.precision, 4)))
        func text(_ v: Double) -> Cell { .text(abs(v) < 1e-3 && v != 0 ? sci.scientific(v) : format.string(v)) }
        var table = DocumentTable(
            caption: .text("Spread per layer (\(m) example\(m == 1 ? "" : "s")): mean ± standard deviation over the batch"),
            columns: [.init("layer"), .init("activation"), .init("std W", .right), .init("mean a", .right), .init("std a", .right),
                      .init("mean h", .right), .init("std h", .right), .init("std ∂L/∂a", .right),
                      .init("‖∂L/∂W‖", .right), .init("‖∂L/∂b‖", .right)])
        for s in layers {
            table.addRow([.text("\(s.layer)"), .text(s.activation.rawValue), text(s.weights.std), text(s.preActivations.mean),
                          text(s.preActivations.std), text(s.activations.mean), text(s.activations.std),
                          text(s.gradientA.std), text(s.gradientWNorm), text(s.gradientBNorm)])
        }
        var notes = ["std is the population form (dividing by the count), as numpy.std and torch.std(unbiased=False)",
                     "‖·‖ is the Frobenius norm; ∂L/∂a and the norms are of the data loss on x and y"]
        var document = Document(format: format)
        if let firstLayer = layers.first, let last = layers.last, layers.count > 1 {
            let ratio = last.gradientWNorm > 0 ? firstLayer.gradientWNorm / last.gradientWNorm : .nan
            if ratio.isFinite {
                document.headline([.text("‖∂L/∂W₁‖ / ‖∂L/∂W\(Names.sub([last.layer]))‖ = \(ratio < 1e-3 || ratio > 1e4 ? sci.scientific(ratio) : format.string(ratio))"
                                         + (ratio < 1e-2 ? ": the gradients vanish towards the input"
                                            : ratio > 1e2 ? ": the gradients explode towards the input" : ""))])
            } else {
                document.headline([.text("‖∂L/∂W\(Names.sub([last.layer]))‖ = 0: no gradient reaches the last layer")])
            }
        } else if let only = layers.first {
            document.headline([.text("‖∂L/∂W₁‖ = "), text(only.gradientWNorm)])
        }
        if layers.contains(where: { $0.gradientWNorm == 0 }) {
            notes.append("a norm of 0: no gradient reaches that layer (all-zero weights, or dead units)")
        }
        table.footnotes = notes.map(Cell.text)
        document.add(.table(table))
        func spread(_ s: Spread) -> JSONValue { ["mean": .number(s.mean), "std": .number(s.std)] }
        let json: JSONValue = [
            "kind": "spread", "examples": .integer(m),
            "layers": .array(layers.map {
                ["layer": .integer($0.layer), "activation": .string($0.activation.rawValue), "weights": spread($0.weights),
                 "a": spread($0.preActivations), "h": spread($0.activations), "da": spread($0.gradientA),
                 "dh": spread($0.gradientH), "dW": spread($0.gradientW),
                 "dW_norm": .number($0.gradientWNorm), "db_norm": .number($0.gradientBNorm)]
            }),
        ]
        return RichOutput(document: document, json: json).bundle
    }
}
