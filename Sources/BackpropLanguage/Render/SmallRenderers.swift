import Backprop
import JSON
import Rendering

/// `help`: the statement list or one statement's help, for the pager.
enum HelpRenderer {
    static func bundle(_ text: String, topic: String?) -> JSONValue {
        RichOutput(document: Document([.preformatted(text)]),
                   json: ["kind": "help", "topic": topic.map { .string($0) } ?? .null, "text": .string(text)]).bundle
    }
}

/// `graph`: the network as units and weighted edges (gradient magnitudes after `backward`),
/// with `graph paths w131` the paths of one parameter highlighted.
enum GraphRenderer {
    static func bundle(_ network: Network, gradients: Gradients?, format: NumberFormat, paths: ParameterID? = nil) -> JSONValue {
        let edges: [[[Double]]]
        let meaning: String
        if let gradients {
            edges = gradients.dW.map(\.rowArrays)
            meaning = "∂L/∂w"
        } else {
            edges = network.layers.map(\.weights.rowArrays)
            meaning = "weight"
        }
        let title = "Network " + network.sizes.map(String.init).joined(separator: "-")
            + (gradients == nil ? "" : ", gradients after backward")
        let diagram = NetworkDiagram(layers: GraphPicture.layers(network), edgeValues: edges, edgeMeaning: meaning,
                                     title: title, format: format, highlight: paths.map(GraphPicture.highlight))
        let svg = diagram.svg()
        let sentence = paths.map { GraphPicture.pathsSentence(network, $0, diagram: diagram) }
        let summary = "Network " + GraphPicture.layerSummary(network) + "  (picture: edge width shows |\(meaning)|)"
            + (sentence.map { "\n" + $0 } ?? "")
        let document = Document([.paragraph(.text(summary)),
                                 .picture(Picture(svg: svg, alt: GraphPicture.alt(network, meaning: meaning, paths: sentence)))],
                                format: format)
        var json: JSONValue = ["kind": "graph", "sizes": .array(network.sizes.map { .integer($0) }),
                               "edges": .string(gradients == nil ? "weights" : "gradients")]
        if let paths { json = json.setting("paths", to: .string(paths.description)) }
        return RichOutput(document: document, json: json).bundle
    }
}

/// `data`: what was loaded.
enum DataRenderer {
    static func bundle(_ t: CSVData, path: String, target: String?, format: NumberFormat) -> JSONValue {
        var rows: [(String, String)] = [
            ("rows", "\(t.x.rows)"),
            ("inputs (x)", "\(t.inputColumns.count): " + t.inputColumns.joined(separator: ", ")),
            ("target (y)", target.map { "\($0), \(t.y.cols) column\(t.y.cols == 1 ? "" : "s")" } ?? "none"),
        ]
        if let classes = t.classes { rows.append(("classes", "\(classes.count): " + classes.joined(separator: ", "))) }
        if t.normalized { rows.append(("normalized", "each input column to mean 0, standard deviation 1")) }
        var table = DocumentTable(caption: .text("Data from \(path)"), columns: [.init(""), .init("")])
        for (k, v) in rows { table.addRow([.text(k), .text(v)]) }
        let json: JSONValue = [
            "kind": "data", "path": .string(path), "rows": .integer(t.x.rows),
            "inputs": .array(t.inputColumns.map { .string($0) }), "target": target.map { .string($0) } ?? .null,
            "classes": t.classes.map { .array($0.map { .string($0) }) } ?? .null,
            "x_shape": [.integer(t.x.rows), .integer(t.x.cols)], "y_shape": [.integer(t.y.rows), .integer(t.y.cols)],
        ]
        return RichOutput(document: Document([.table(table)], format: format), json: json).bundle
    }
}
