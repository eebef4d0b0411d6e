import Backprop
import Rendering

/// What `graph` draws and says about it: the layers of the network picture, the highlight of
/// `graph paths NAME`, and the alt text and plain-text line that describe the picture (they
/// say what it shows; they do not stand in for it).
enum GraphPicture {
    static func layers(_ network: Network) -> [NetworkDiagram.Layer] {
        network.sizes.enumerated().map { l, n in
            let labels = (1...max(n, 1)).prefix(n).map { i -> String in
                if l == 0 { return "x" + Names.sub([i]) }
                if l == network.depth { return "ŷ" + Names.sub([i]) }
                return "h" + Names.sub([l, i])
            }
            let title = l == 0 ? "input" : (l == network.depth ? "output" : "layer \(l)")
            let caption = l == 0 ? nil : network.layers[l - 1].activation.rawValue
            return NetworkDiagram.Layer(units: n, labels: labels, title: title, caption: caption)
        }
    }

    /// The highlight for a parameter (already validated against the network).
    static func highlight(_ p: ParameterID) -> NetworkDiagram.PathHighlight {
        let name = Names.plain(Names.valueName(p))
        switch p {
        case let .weight(l, i, j): return .init(layer: l, unit: i - 1, source: j - 1, name: name)
        case let .bias(l, i): return .init(layer: l, unit: i - 1, source: nil, name: name)
        }
    }

    /// "4 inputs → 4 sigmoid → 2 softmax".
    static func layerSummary(_ network: Network) -> String {
        network.sizes.enumerated().map { l, n in
            l == 0 ? "\(n) input\(n == 1 ? "" : "s")" : "\(n) \(network.layers[l - 1].activation.rawValue)"
        }.joined(separator: " → ")
    }

    /// One sentence on where the paths of `p` run, and how many `explain` counts.
    static func pathsSentence(_ network: Network, _ p: ParameterID, diagram: NetworkDiagram) -> String {
        let name = Names.plain(Names.valueName(p))
        let unit = p.layer == network.depth ? "ŷ" + Names.sub([p.unit]) : "h" + Names.sub([p.layer, p.unit])
        var start = "paths of \(name): "
        if case let .weight(l, _, j) = p {
            let from = l == 1 ? "x" + Names.sub([j]) : "h" + Names.sub([l - 1, j])
            start += "its edge \(from) → \(unit), then "
        } else {
            start += "from its unit \(unit), "
        }
        let routes = diagram.highlightedPathCount.map { "\($0) route\($0 == 1 ? "" : "s") through the units" } ?? "the routes"
        let explain = network.pathCount(toLayer: p.layer, examples: 1).description
        return start + "every way on to the output: \(routes); explain counts \(explain) path\(explain == "1" ? "" : "s") per example"
            + (network.layers.contains { $0.activation == .softmax } ? " (a softmax couples its outputs)" : "")
    }

    static func alt(_ network: Network, meaning: String, paths: String?) -> String {
        "Diagram of the network \(layerSummary(network)): units as circles in one column per layer, "
            + "edges from each unit to the next layer; edge width shows |\(meaning)|, blue positive, orange negative"
            + (paths.map { "; highlighted: the " + $0 } ?? "")
    }
}
