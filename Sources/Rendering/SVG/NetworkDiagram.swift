/// A picture of a layered network as SVG: units as circles, one column per layer, and
/// edges between consecutive layers whose width is proportional to |value| (weights or
/// gradients) and whose colour gives the sign (blue positive, orange negative: a pair
/// that colour-blind readers can tell apart). Layers wider than `maxUnitsShown` show
/// their first and last units around a `⋮`, with edges only among shown units.
///
/// With `highlight`, the chain-rule paths of one parameter stand out (`graph paths w131`):
/// its own edge, then every edge from its unit onward to the output; the other edges fade.
///
/// The columns are spaced to keep the picture within about `targetWidth` (600 px) up to
/// seven layers, so in a narrow notebook column it is not scaled down much (labels stay at
/// least 0.8 × the body text); deeper networks get wider pictures that scale to the column.
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

    /// The paths of one parameter: a weight into `unit` of `layer` from `source` of the
    /// layer before, or a bias of `unit` (`source` nil). Layers and units are 0-based
    /// indices into `layers` (layer ≥ 1).
    public struct PathHighlight: Sendable, Hashable {
        public var layer: Int
        public var unit: Int
        public var source: Int?
        /// The parameter's name, e.g. `w₁₃₁`.
        public var name: String

        public init(layer: Int, unit: Int, source: Int?, name: String) {
            self.layer = layer
            self.unit = unit
            self.source = source
            self.name = name
        }
    }

    /// One drawn edge (between shown units), in the layers' 0-based indices.
    public struct Edge: Sendable, Hashable {
        public var layer: Int      // the later layer; the edge comes from layer - 1
        public var from: Int
        public var to: Int
        public var value: Double?
        /// On a highlighted path.
        public var onPath: Bool
        /// The highlighted parameter's own edge.
        public var isParameter: Bool
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
    public var highlight: PathHighlight?
    /// The width the column spacing aims at (px).
    public var targetWidth: Double = 600

    public init(layers: [Layer], edgeValues: [[[Double]]] = [], edgeMeaning: String = "weight",
                title: String? = nil, maxUnitsShown: Int = 12, format: NumberFormat = NumberFormat(),
                highlight: PathHighlight? = nil) {
        self.layers = layers
        self.edgeValues = edgeValues
        self.edgeMeaning = edgeMeaning
        self.title = title
        self.maxUnitsShown = maxUnitsShown
        self.format = format
        self.highlight = highlight
    }

    /// Whether `highlight` names a unit (and source) that exists.
    public var highlightIsValid: Bool {
        guard let h = highlight, h.layer >= 1, h.layer < layers.count, (0..<layers[h.layer].units).contains(h.unit)
        else { return false }
        return h.source.map { (0..<layers[h.layer - 1].units).contains($0) } ?? true
    }

    /// The number of unit-to-unit routes from the highlighted parameter to the output:
    /// Π over the later layers of their unit counts (1 for an output-layer parameter); nil
    /// without a valid highlight or beyond `Int`.
    public var highlightedPathCount: Int? {
        guard highlightIsValid, let h = highlight else { return nil }
        var count = 1
        for layer in layers[(h.layer + 1)...] {
            let (product, overflow) = count.multipliedReportingOverflow(by: layer.units)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The shown units of each layer (nil marks the `⋮` gap); a highlighted unit is always shown.
    func slots() -> [[Int?]] {
        layers.indices.map { l in
            var keep: Int? = nil
            if highlightIsValid, let h = highlight {
                if l == h.layer { keep = h.unit } else if l == h.layer - 1 { keep = h.source }
            }
            return Self.shown(count: layers[l].units, limit: maxUnitsShown, keeping: keep)
        }
    }

    static func shown(count: Int, limit: Int, keeping keep: Int?) -> [Int?] {
        let base = MatrixElision.indices(count: count, limit: limit)
        guard let keep, !base.contains(keep), let gap = base.firstIndex(of: nil),
              gap >= 1, gap + 2 <= base.count else { return base }
        return Array(base[..<(gap - 1)]) + [nil, keep, nil] + Array(base[(gap + 2)...])
    }

    /// The edges among shown units, with their values and whether a highlighted path uses them.
    public func edges() -> [Edge] {
        let slots = slots()
        let h = highlightIsValid ? highlight : nil
        var edges: [Edge] = []
        for layer in layers.indices.dropFirst() {
            let matrix = layer - 1 < edgeValues.count ? edgeValues[layer - 1] : []
            for toUnit in slots[layer].compactMap({ $0 }) {
                for fromUnit in slots[layer - 1].compactMap({ $0 }) {
                    var onPath = false, isParameter = false
                    if let h {
                        if layer == h.layer, toUnit == h.unit, fromUnit == h.source { onPath = true; isParameter = true }
                        if layer == h.layer + 1, fromUnit == h.unit { onPath = true }
                        if layer > h.layer + 1 { onPath = true }
                    }
                    edges.append(Edge(layer: layer, from: fromUnit, to: toUnit,
                                      value: MatrixElision.value(matrix, toUnit, fromUnit),
                                      onPath: onPath, isParameter: isParameter))
                }
            }
        }
        return edges
    }

    /// The diagram as an SVG document.
    public func svg() -> String {
        let spacing = 40.0, radius = 15.0, margin = 64.0
        let slots = slots()
        let maxSlots = Double(max(slots.map(\.count).max() ?? 0, 1))
        let elides = slots.contains { $0.contains(nil) }
        let headingTop = title == nil ? 18.0 : 44.0
        let top = headingTop + (elides ? 36 : 20)
        let columnsBottom = top + maxSlots * spacing
        let gaps = Double(max(layers.count - 1, 0))
        let layerGap = gaps == 0 ? 0 : min(150, max(72, (targetWidth - 2 * margin) / gaps))

        var legend: [(text: String, attributes: String)] = []
        let all = edges()
        let largest = all.compactMap(\.value).filter(\.isFinite).map(\.magnitude).max() ?? 0
        let hasValues = largest > 0
        if hasValues {
            legend.append(("width ∝ |\(edgeMeaning)|, widest = \(format.string(largest))", ""))
        } else {
            legend.append((edgeValues.isEmpty ? "edges: connections" : "all \(edgeMeaning) values are 0", ""))
        }
        if let note = highlightNote() { legend.append((note, "font-weight=\"600\"")) }
        if elides {
            let side = max(1, (maxUnitsShown - 1) / 2)
            legend.append(("layers over \(maxUnitsShown) units show their first and last \(side); "
                           + "edges only among shown units", ""))
        }
        let legendTop = columnsBottom + 34
        let samplesRow = hasValues ? 1.0 : 0.0
        let height = legendTop + (Double(legend.count) + samplesRow) * 18 + 8
        let legendWidth = 32 + (legend.map { SVGCanvas.textWidth($0.text, size: SVGCanvas.labelSize) }.max() ?? 0)
        let width = max(2 * margin + gaps * layerGap, legendWidth)
        let left = (width - gaps * layerGap) / 2

        func x(_ layer: Int) -> Double { left + Double(layer) * layerGap }
        func slotY(_ layer: Int, _ slot: Int) -> Double {
            let offset = (maxSlots - Double(slots[layer].count)) * spacing / 2
            return top + offset + (Double(slot) + 0.5) * spacing
        }
        func y(_ layer: Int, unit: Int) -> Double {
            slotY(layer, slots[layer].firstIndex(of: unit) ?? 0)
        }

        var canvas = SVGCanvas(width: width, height: height)
        if let title {
            canvas.text(title, 16, 18, anchor: "start",
                        "font-size=\"\(SVGCanvas.number(SVGCanvas.titleSize))\" font-weight=\"600\"")
        }
        let highlighting = all.contains(where: \.onPath)
        // Faded edges first, so the highlighted ones are drawn on top.
        for edge in all.sorted(by: { !$0.onPath && $1.onPath }) {
            let x1 = x(edge.layer - 1), y1 = y(edge.layer - 1, unit: edge.from)
            let x2 = x(edge.layer), y2 = y(edge.layer, unit: edge.to)
            let dx = x2 - x1, dy = y2 - y1
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 2 * radius else { continue }
            let ux = dx / length * radius, uy = dy / length * radius
            var style = edgeStyle(edge.value, largest, minimumWidth: 0)
            if edge.isParameter {
                style = "stroke=\"\(SVGCanvas.highlight)\" stroke-width=\"5\""
            } else if edge.onPath {
                // On a path: the highlight colour, the width still ∝ |value| (at least 2).
                let w = edge.value.flatMap { $0.isFinite && largest > 0 ? 2 + 3 * $0.magnitude / largest : nil } ?? 2
                style = "stroke=\"\(SVGCanvas.highlight)\" stroke-opacity=\"0.9\" stroke-width=\"\(SVGCanvas.number(w))\""
            } else if highlighting && !edge.onPath {
                style += " opacity=\"0.18\""
            }
            if edge.onPath { style += " class=\"path\"" }
            canvas.line(x1 + ux, y1 + uy, x2 - ux, y2 - uy, style)
        }
        let pathUnits = Set(all.filter(\.onPath).flatMap { [[$0.layer - 1, $0.from], [$0.layer, $0.to]] })
        for (layer, layerSlots) in slots.enumerated() {
            let info = layers[layer]
            if let heading = info.title {
                canvas.text(heading, x(layer), headingTop, "font-weight=\"600\"")
            }
            if layerSlots.contains(nil) {
                canvas.text("\(info.units) units", x(layer), headingTop + 17, SVGCanvas.labelAttribute)
            }
            for (slot, unit) in layerSlots.enumerated() {
                let cy = slotY(layer, slot)
                guard let unit else {
                    canvas.text("⋮", x(layer), cy, "font-size=\"18\"")
                    continue
                }
                let marked = pathUnits.contains([layer, unit])
                let stroke = marked ? "stroke=\"\(SVGCanvas.highlight)\" stroke-width=\"2.4\"" : "stroke=\"currentColor\" stroke-width=\"1.2\""
                canvas.add("<circle cx=\"\(SVGCanvas.number(x(layer)))\" cy=\"\(SVGCanvas.number(cy))\" "
                           + "r=\"\(SVGCanvas.number(radius))\" fill=\"\(SVGCanvas.background)\" \(stroke)/>")
                if unit < info.labels.count, !info.labels[unit].isEmpty {
                    canvas.text(info.labels[unit], x(layer), cy, SVGCanvas.labelAttribute)
                }
            }
            if let caption = info.caption {
                canvas.text(caption, x(layer), columnsBottom + 10, "font-style=\"italic\"")
            }
        }
        if let h = highlight, highlightIsValid, let source = h.source {
            // The parameter's name beside its edge, a third of the way from the source.
            let x1 = x(h.layer - 1), y1 = y(h.layer - 1, unit: source)
            let x2 = x(h.layer), y2 = y(h.layer, unit: h.unit)
            canvas.text(h.name, x1 + (x2 - x1) * 0.4, y1 + (y2 - y1) * 0.4 - 10,
                        "font-weight=\"600\" fill=\"\(SVGCanvas.highlight)\" stroke=\"\(SVGCanvas.background)\" "
                        + "stroke-width=\"4\" paint-order=\"stroke\"")
        }

        var lineY = legendTop
        if hasValues {
            canvas.line(16, lineY, 40, lineY, "stroke=\"\(SVGCanvas.positive)\" stroke-width=\"3\"")
            canvas.text("positive", 46, lineY, anchor: "start", SVGCanvas.labelAttribute)
            canvas.line(116, lineY, 140, lineY, "stroke=\"\(SVGCanvas.negative)\" stroke-width=\"3\"")
            canvas.text("negative", 146, lineY, anchor: "start", SVGCanvas.labelAttribute)
            lineY += 18
        }
        for line in legend {
            let extra = line.attributes.isEmpty ? "" : " " + line.attributes
            canvas.text(line.text, 16, lineY, anchor: "start", SVGCanvas.labelAttribute + extra)
            lineY += 18
        }
        return canvas.document(title: title ?? "network diagram")
    }

    /// The legend line that says what is highlighted, or why nothing is.
    func highlightNote() -> String? {
        guard let h = highlight else { return nil }
        guard highlightIsValid else { return "\(h.name) is not a parameter of this network: nothing highlighted" }
        guard let count = highlightedPathCount else { return "highlighted: the paths of \(h.name)" }
        return "highlighted: the \(count) path\(count == 1 ? "" : "s") through the units from \(h.name) to the output"
    }

    private func edgeStyle(_ value: Double?, _ largest: Double, minimumWidth: Double) -> String {
        let floor = minimumWidth > 0 ? SVGCanvas.number(minimumWidth) : nil
        guard let value, largest > 0 else {
            return "stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-width=\"\(floor ?? "0.8")\""
        }
        guard value.isFinite else {
            return "stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-width=\"\(floor ?? "1")\" stroke-dasharray=\"3 2\""
        }
        if value == 0 {
            return "stroke=\"currentColor\" stroke-opacity=\"0.3\" stroke-width=\"\(floor ?? "0.5")\""
        }
        let width = max(minimumWidth, 0.5 + 5.5 * value.magnitude / largest)
        let colour = value > 0 ? SVGCanvas.positive : SVGCanvas.negative
        return "stroke=\"\(colour)\" stroke-opacity=\"0.85\" stroke-width=\"\(SVGCanvas.number(width))\""
    }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
