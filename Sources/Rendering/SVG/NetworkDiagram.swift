/// A picture of a layered network as SVG: units as circles, one column per layer, and
/// edges between consecutive layers whose width is proportional to |value| (weights or
/// gradients) and whose colour gives the sign (blue positive, orange negative: a pair
/// that colour-blind readers can tell apart). Layers wider than `maxUnitsShown` show
/// their first and last units around a `⋮`, with edges only among shown units.
///
/// ```swift
/// let diagram = NetworkDiagram(
///     layers: [.init(units: 4, labels: ["x₁", "x₂", "x₃", "x₄"], title: "input"),
///              .init(units: 2, labels: ["ŷ₁", "ŷ₂"], title: "output", caption: "softmax")],
///     edgeValues: [[[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]],  // W₁: 2 × 4
///     edgeMeaning: "weight")
/// let svg = diagram.svg()
/// ```
public struct NetworkDiagram: Sendable, Hashable {
    public struct Layer: Sendable, Hashable {
        public var units: Int
        /// One label per unit, drawn inside its circle (missing labels are left blank).
        public var labels: [String]
        /// Above the column, e.g. `input` or `layer 1`.
        public var title: String?
        /// Below the column, e.g. the activation `sigmoid`.
        public var caption: String?

        public init(units: Int, labels: [String] = [], title: String? = nil, caption: String? = nil) {
            self.units = max(0, units)
            self.labels = labels
            self.title = title
            self.caption = caption
        }
    }

    public var layers: [Layer]
    /// `edgeValues[l]` is the n_{l+1} × n_l matrix between layer l and layer l+1
    /// (`W` with rows = units of the later layer). Empty: all edges drawn thin and neutral.
    public var edgeValues: [[[Double]]]
    /// What edge width shows, for the legend: `weight`, `∂L/∂w`, …
    public var edgeMeaning: String
    public var title: String?
    public var maxUnitsShown: Int
    public var format: NumberFormat

    public init(layers: [Layer], edgeValues: [[[Double]]] = [], edgeMeaning: String = "weight",
                title: String? = nil, maxUnitsShown: Int = 12, format: NumberFormat = NumberFormat()) {
        self.layers = layers
        self.edgeValues = edgeValues
        self.edgeMeaning = edgeMeaning
        self.title = title
        self.maxUnitsShown = maxUnitsShown
        self.format = format
    }

    /// The diagram as an SVG document.
    public func svg() -> String {
        let spacing = 34.0, radius = 12.0, layerGap = 150.0, margin = 70.0
        let slots = layers.map { MatrixElision.indices(count: $0.units, limit: maxUnitsShown) }
        let maxSlots = Double(max(slots.map(\.count).max() ?? 0, 1))
        let top = (title == nil ? 12.0 : 36.0) + 22
        let columnsBottom = top + maxSlots * spacing
        let elides = slots.contains { $0.contains(nil) }
        let legendTop = columnsBottom + 30
        let height = legendTop + (elides ? 44 : 26)
        let side = max(1, (maxUnitsShown - 1) / 2)
        let elisionNote = "layers over \(maxUnitsShown) units show their first and last \(side); "
            + "edges only among shown units"
        // Room for the legend lines (about 6.2 px per character at 11 px).
        let legendWidth = 32 + 6.2 * Double(max(elides ? DisplayWidth.of(elisionNote) : 0,
                                                 DisplayWidth.of(edgeMeaning) + 64))
        let width = max(margin * 2 + Double(max(layers.count - 1, 0)) * layerGap, legendWidth)
        let left = (width - Double(max(layers.count - 1, 0)) * layerGap) / 2

        func x(_ layer: Int) -> Double { left + Double(layer) * layerGap }
        func y(_ layer: Int, _ slot: Int) -> Double {
            let offset = (maxSlots - Double(slots[layer].count)) * spacing / 2
            return top + offset + (Double(slot) + 0.5) * spacing
        }

        // Edges: (from, to, value) among shown units.
        struct Edge { var x1, y1, x2, y2: Double; var value: Double? }
        var edges: [Edge] = []
        for layer in layers.indices.dropFirst() {
            let matrix = layer - 1 < edgeValues.count ? edgeValues[layer - 1] : []
            for (toSlot, toUnit) in slots[layer].enumerated() {
                guard let toUnit else { continue }
                for (fromSlot, fromUnit) in slots[layer - 1].enumerated() {
                    guard let fromUnit else { continue }
                    let value = MatrixElision.value(matrix, toUnit, fromUnit)
                    edges.append(Edge(x1: x(layer - 1), y1: y(layer - 1, fromSlot),
                                      x2: x(layer), y2: y(layer, toSlot), value: value))
                }
            }
        }
        let largest = edges.compactMap(\.value).filter(\.isFinite).map(\.magnitude).max() ?? 0
        let hasValues = largest > 0

        var canvas = SVGCanvas(width: width, height: height)
        if let title {
            canvas.text(title, 16, 16, anchor: "start", "font-size=\"13\" font-weight=\"600\"")
        }
        for edge in edges {
            let dx = edge.x2 - edge.x1, dy = edge.y2 - edge.y1
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 2 * radius else { continue }
            let ux = dx / length * radius, uy = dy / length * radius
            canvas.line(edge.x1 + ux, edge.y1 + uy, edge.x2 - ux, edge.y2 - uy, edgeStyle(edge.value, largest))
        }
        for (layer, layerSlots) in slots.enumerated() {
            let info = layers[layer]
            let count = layerSlots.contains(nil) ? "\(info.units) units" : nil
            if let heading = [info.title, count].compactMap({ $0 }).joined(separator: ", ").nonEmpty {
                canvas.text(heading, x(layer), top - 12, "font-weight=\"600\"")
            }
            for (slot, unit) in layerSlots.enumerated() {
                let cy = y(layer, slot)
                guard let unit else {
                    canvas.text("⋮", x(layer), cy, "font-size=\"18\"")
                    continue
                }
                canvas.add("<circle cx=\"\(SVGCanvas.number(x(layer)))\" cy=\"\(SVGCanvas.number(cy))\" "
                           + "r=\"\(SVGCanvas.number(radius))\" fill=\"currentColor\" fill-opacity=\"0.1\" "
                           + "stroke=\"currentColor\" stroke-width=\"1.2\"/>")
                if unit < info.labels.count, !info.labels[unit].isEmpty {
                    let label = info.labels[unit]
                    let size = DisplayWidth.of(label) > 3 ? 8 : 10
                    canvas.text(label, x(layer), cy, "font-size=\"\(size)\"")
                }
            }
            if let caption = info.caption {
                canvas.text(caption, x(layer), columnsBottom + 8, "font-style=\"italic\"")
            }
        }

        // Legend.
        let legendY = legendTop
        if hasValues {
            canvas.line(16, legendY, 40, legendY, "stroke=\"\(SVGCanvas.positive)\" stroke-width=\"3\"")
            canvas.text("positive", 46, legendY, anchor: "start")
            canvas.line(106, legendY, 130, legendY, "stroke=\"\(SVGCanvas.negative)\" stroke-width=\"3\"")
            canvas.text("negative", 136, legendY, anchor: "start")
            canvas.text("width ∝ |\(edgeMeaning)|, widest = \(format.string(largest))",
                        200, legendY, anchor: "start")
        } else {
            canvas.text(edgeValues.isEmpty ? "edges: connections" : "all \(edgeMeaning) values are 0",
                        16, legendY, anchor: "start")
        }
        if elides {
            canvas.text(elisionNote, 16, legendY + 18, anchor: "start", "opacity=\"0.85\"")
        }
        return canvas.document(title: title ?? "network diagram")
    }

    private func edgeStyle(_ value: Double?, _ largest: Double) -> String {
        guard let value, largest > 0 else {
            return "stroke=\"currentColor\" stroke-opacity=\"0.35\" stroke-width=\"0.8\""
        }
        guard value.isFinite else {
            return "stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-width=\"1\" stroke-dasharray=\"3 2\""
        }
        if value == 0 {
            return "stroke=\"currentColor\" stroke-opacity=\"0.25\" stroke-width=\"0.5\""
        }
        let width = 0.5 + 5.5 * value.magnitude / largest
        let colour = value > 0 ? SVGCanvas.positive : SVGCanvas.negative
        return "stroke=\"\(colour)\" stroke-opacity=\"0.85\" stroke-width=\"\(SVGCanvas.number(width))\""
    }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
