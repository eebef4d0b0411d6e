import Backprop
import JSON
import Rendering

/// The summary of a network: one row per layer with its units, activation, parameter shapes
/// and count.
enum NetRenderer {
    static func bundle(_ network: Network, format: NumberFormat) -> JSONValue {
        let arrows = network.sizes.enumerated().map { k, n in
            k == 0 ? "\(n)" : "\(n) \(network.layers[k - 1].activation.rawValue)"
        }.joined(separator: " → ")
        let title = "Network \(arrows)"
        var text = TextTable(title: title, columns: [
            .init("layer", .right), .init("units", .right), .init("activation"),
            .init("W", .left), .init("b", .left), .init("parameters", .right),
        ])
        var html = HTMLTable(caption: .text(title), columns: [
            .init("layer", .right), .init("units", .right), .init("activation"),
            .init(.math("W_l")), .init(.math("b_l")), .init("parameters", .right),
        ])
        text.addRow(["0", "\(network.inputSize)", "(input)", "", "", ""])
        html.addRow(["0", .text("\(network.inputSize)"), "(input)", "", "", ""])
        for (k, layer) in network.layers.enumerated() {
            if k & 0xFF == 0, Cancellation.isRequested { break }  // discarded by the interpreter
            guard LayerElision.isShown(k + 1, depth: network.depth) else {
                if k + 1 == LayerElision.edge + 1 {
                    text.addRow(["⋮", "", "", "", "", ""])
                    html.addRow([.text("⋮"), "", "", "", "", ""])
                }
                continue
            }
            let w = "\(layer.units)×\(layer.inputs)"
            text.addRow(["\(k + 1)", "\(layer.units)", layer.activation.rawValue, w, "\(layer.units)", "\(layer.parameterCount)"])
            html.addRow([.text("\(k + 1)"), .text("\(layer.units)"), .text(layer.activation.rawValue), .text(w),
                         .text("\(layer.units)"), .text("\(layer.parameterCount)")])
        }
        let footer = ["\(network.parameterCount) parameters"] + (LayerElision.note(depth: network.depth).map { [$0] } ?? [])
        text.footer = footer
        html.footnotes = footer.map(Cell.text)
        return RichOutput(plain: text.render(), html: html.render(), json: json(network)).bundle
    }

    static func json(_ network: Network) -> JSONValue {
        var layers: [JSONValue] = [["units": .integer(network.inputSize), "activation": .null]]
        for layer in network.layers {
            layers.append(["units": .integer(layer.units), "activation": .string(layer.activation.rawValue)])
        }
        return ["kind": "net", "layers": .array(layers), "parameters": .integer(network.parameterCount),
                "loss": .string(network.loss.rawValue)]
    }
}
