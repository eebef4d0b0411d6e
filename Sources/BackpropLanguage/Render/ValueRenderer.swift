import Backprop
import JSON
import Rendering

/// `show NAME`: one number, vector or matrix.
enum ValueRenderer {
    static func bundle(name: ValueName, value: ShownValue, format: NumberFormat) -> JSONValue {
        let labelled: LabelledValue
        let json: JSONValue
        let plain = Names.plain(name), latex = Names.latex(name)
        var cap = NumberCap()
        switch value {
        case let .scalar(v):
            labelled = LabelledValue(plain: plain, latex: latex, scalar: v)
            json = .number(v)
        case let .vector(v):
            labelled = LabelledValue(plain: plain, latex: latex, vector: v)
            json = cap.numbers(v, name: name.description)
        case let .matrix(m):
            labelled = LabelledValue(plain: plain, latex: latex, matrix: m)
            json = cap.matrix(m, name: name.description)
        }
        let document = Document([.values([labelled.labelled])], format: format)
        return RichOutput(document: document,
                          json: cap.annotate(["kind": "value", "name": .string(name.description), "value": json])).bundle
    }
}

/// `show` alone: the network, its parameters and the data.
enum SessionRenderer {
    static func bundle(_ state: SessionState, format: NumberFormat) -> JSONValue {
        var document = Document(format: format)
        var json: [(key: String, value: JSONValue)] = [("kind", "session")]
        var cap = NumberCap()
        if var network = state.network {
            network.loss = state.loss
            document.blocks += NetRenderer.document(network, format: format).blocks
            document.add(.rule)
            var values: [LabelledValue] = []
            var params: [(key: String, value: JSONValue)] = []
            for (k, layer) in network.layers.enumerated() {
                let l = k + 1
                if LayerElision.isShown(l, depth: network.depth) {
                    values.append(LabelledValue(plain: "W" + Names.sub([l]), latex: "W_{\(l)}", matrix: layer.weights))
                    values.append(LabelledValue(plain: "b" + Names.sub([l]), latex: "b_{\(l)}", vector: layer.bias))
                }
                params.append(("W\(l)", cap.matrix(layer.weights, name: "W\(l)")))
                params.append(("b\(l)", cap.numbers(layer.bias, name: "b\(l)")))
            }
            document.blocks += LabelledValue.stack(values, title: "Parameters",
                                                   footer: LayerElision.note(depth: network.depth).map { [$0] } ?? [])
            json.append(("network", NetRenderer.json(network)))
            json.append(("parameters", .object(params)))
        } else {
            document.add(.paragraph("No network yet: define one with `net 4 -> 4 sigmoid -> 2 softmax`."))
            json.append(("network", .null))
        }
        document.add(.rule)
        var data: [LabelledValue] = []
        if let x = state.x { data.append(LabelledValue(plain: "x", latex: "x", matrix: x)) }
        if let y = state.y { data.append(LabelledValue(plain: "y", latex: "y", matrix: y)) }
        if data.isEmpty {
            document.add(.paragraph("No data yet: set x and y, or load a file with `data \"file.csv\" target label`."))
        } else {
            var title = "Data"
            if let d = state.data { title += " from \(d.path) (\(d.rows) rows)" }
            document.blocks += LabelledValue.stack(data, title: title)
        }
        json.append(("x", state.x.map { cap.matrix($0, name: "x") } ?? .null))
        json.append(("y", state.y.map { cap.matrix($0, name: "y") } ?? .null))
        json.append(("loss", .string(state.loss.rawValue)))
        json.append(("precision", .integer(state.precision)))
        return RichOutput(document: document, json: cap.annotate(json)).bundle
    }
}
