import Backprop
import JSON
import Rendering

/// The summary of a network: one row per layer with its units, activation, parameter shapes
/// and count.
enum NetRenderer {
    static func bundle(_ network: Network, format: NumberFormat) -> JSONValue {
        RichOutput(document: document(network, format: format), json: json(network)).bundle
    }

    static func document(_ network: Network, format: NumberFormat) -> Document {
        let arrows = network.sizes.enumerated().map { k, n in
            k == 0 ? "\(n)" : "\(n) \(network.layers[k - 1].activation.rawValue)"
        }.joined(separator: " → ")
        let title = "Network \(arrows)"
        var table = DocumentTable(caption: .text(title), columns: [
            .init("layer", .right), .init("units", .right), .init("activation"),
            .init(.math("W_l", plain: "W")), .init(.math("b_l", plain: "b")), .init("parameters", .right),
        ])
        table.addRow(["0", .text("\(network.inputSize)"), "(input)", "", "", ""])
        for (k, layer) in network.layers.enumerated() {
            if k & 0xFF == 0, Cancellation.isRequested { break }  // discarded by the interpreter
            guard LayerElision.isShown(k + 1, depth: network.depth) else {
                if k + 1 == LayerElision.edge + 1 { table.addRow([.text("⋮"), "", "", "", "", ""]) }
                continue
            }
            let w = "\(layer.units)×\(layer.inputs)"
            table.addRow([.text("\(k + 1)"), .text("\(layer.units)"), .text(layer.activation.rawValue), .text(w),
                          .text("\(layer.units)"), .text("\(layer.parameterCount)")])
        }
        table.footnotes = (["\(network.parameterCount) parameters"] + (LayerElision.note(depth: network.depth).map { [$0] } ?? [])).map(Cell.text)
        return Document([.table(table)], format: format)
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
