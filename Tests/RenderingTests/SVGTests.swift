import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Rendering

/// Parses an SVG document and counts its elements by name.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]
    var rootAttributes: [String: String] = [:]
    var texts: [String] = []
    private var currentText = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if counts.isEmpty { rootAttributes = attributeDict }
        counts[elementName, default: 0] += 1
        attributes[elementName, default: []].append(attributeDict)
        currentText = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        if elementName == "text" { texts.append(currentText) }
    }

    static func parse(_ svg: String) -> ElementCounter? {
        let counter = ElementCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }
}

@Suite("SVG")
struct SVGTests {
    @Test func xmlEscaping() {
        #expect(XML.escape("a < b & \"c\" 'd'") == "a &lt; b &amp; &quot;c&quot; &apos;d&apos;")
        #expect(XML.escape("bell\u{07}tab\t") == "belltab\t")
    }

    @Test func lossCurveParsesAndHasAPath() throws {
        let losses = (1...200).map { 1.0 / Double($0) }
        let svg = LineChart(series: [.init(ys: losses)], title: "Loss <train> & \"test\"").svg()
        let parsed = try #require(ElementCounter.parse(svg))
        #expect(parsed.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(parsed.rootAttributes["viewBox"] == "0 0 560 320")
        #expect(parsed.rootAttributes["width"] == "560")
        #expect(parsed.counts["path"] == 1)
        #expect(parsed.texts.contains("epoch"))
        #expect(parsed.texts.contains("loss (log scale)"))
        #expect(parsed.texts.contains("Loss <train> & \"test\""))
        #expect(svg.contains("currentColor"))
    }

    @Test func linearAxisWhenTheRangeIsNarrow() throws {
        let svg = LineChart(series: [.init(ys: [0.9, 0.7, 0.5, 0.45])]).svg()
        let parsed = try #require(ElementCounter.parse(svg))
        #expect(parsed.texts.contains("loss"))
        #expect(parsed.texts.contains("0.5"))
        #expect(!parsed.texts.contains("1.5"))       // epochs are integers
    }

    @Test func logScaleDecision() {
        #expect(LineChart.prefersLogScale([10, 1, 0.05]))
        #expect(!LineChart.prefersLogScale([10, 1, 0.5]))          // under two decades
        #expect(!LineChart.prefersLogScale([10, 1, 0.001, 0]))     // a zero
        #expect(!LineChart.prefersLogScale([10, -1, 0.001]))       // a negative
        #expect(LineChart.prefersLogScale([1000, .nan, 1, .infinity]))  // non-finite ignored
        #expect(!LineChart.prefersLogScale([]))
    }

    @Test func nonFiniteValuesMakeGaps() throws {
        let svg = LineChart(series: [.init(ys: [1, 0.8, .nan, 0.6, 0.5, .infinity, 0.4])],
                            yScale: .linear).svg()
        let parsed = try #require(ElementCounter.parse(svg))
        let d = try #require(parsed.attributes["path"]?.first?["d"])
        #expect(d.filter { $0 == "M" }.count == 2)     // [1, 0.8] and [0.6, 0.5]
        #expect(parsed.counts["circle"] == 1)           // the lone 0.4
    }

    @Test func emptyAndAllNaNChartsStillParse() throws {
        for series in [[], [LineChart.Series(ys: [.nan, .nan])]] {
            let parsed = try #require(ElementCounter.parse(LineChart(series: series).svg()))
            #expect(parsed.counts["path"] == nil)
            #expect(parsed.texts.contains("no finite values to plot"))
        }
    }

    @Test func downsamplingKeepsExtremesAndBoundsTheSize() throws {
        let count = 100_000
        var ys = (0..<count).map { 1.0 + 0.5 * Double(($0 * 7919) % 1000) / 1000.0 }
        ys[12_345] = 40      // spike
        ys[87_654] = 0.001   // dip
        let kept = Downsampling.minMax(ys.map { $0 }, maxPoints: 1000).compactMap { $0 }
        #expect(kept.count <= 1002)
        #expect(kept.contains(12_345))
        #expect(kept.contains(87_654))
        #expect(kept.first == 0 && kept.last == count - 1)
        #expect(kept == kept.sorted())

        let svg = LineChart(series: [.init(ys: ys)]).svg()
        let parsed = try #require(ElementCounter.parse(svg))
        let d = try #require(parsed.attributes["path"]?.first?["d"])
        // "M x y x y …": the coordinates, two numbers a point.
        #expect(d.split(whereSeparator: { $0 == " " || $0 == "M" }).count <= 2 * 1002)
    }

    @Test func downsamplingMarksGaps() {
        #expect(Downsampling.minMax([nil, 1, 2, nil, nil, 3], maxPoints: 10) == [1, 2, nil, 5])
        var values: [Double?] = Array(repeating: 1, count: 5000)
        values[2500] = nil
        let kept = Downsampling.minMax(values, maxPoints: 100)
        #expect(kept.contains(nil))
        #expect(kept.count <= 101)
    }

    @Test func axisTicksAreNice() {
        let axis = AxisScale.linear(minimum: 0.03, maximum: 0.97, padToTicks: true, integers: false)
        #expect(axis.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let log = AxisScale.logarithmic(minimum: 0.0004, maximum: 2.5)
        #expect(log.ticks.map(\.label) == ["10⁻⁴", "0.001", "0.01", "0.1", "1", "10"])
    }

    @Test func networkDiagramCirclesAndEdges() throws {
        let w1 = [[0.1, 0.3, 0.8, -0.4], [-0.3, -0.2, 0.5, 0.5], [-0.3, 0, 0.5, 0.4], [0.2, 0.5, -0.9, 0.7]]
        let w2 = [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]
        let diagram = NetworkDiagram(
            layers: [.init(units: 4, labels: ["x₁", "x₂", "x₃", "x₄"], title: "input"),
                     .init(units: 4, labels: ["h₁₁", "h₁₂", "h₁₃", "h₁₄"], title: "layer 1", caption: "sigmoid"),
                     .init(units: 2, labels: ["ŷ₁", "ŷ₂"], title: "output", caption: "softmax")],
            edgeValues: [w1, w2], edgeMeaning: "weight", title: "net 4 → 4 → 2")
        let svg = diagram.svg()
        let parsed = try #require(ElementCounter.parse(svg))
        #expect(parsed.counts["circle"] == 10)
        #expect(parsed.counts["line"] == 16 + 8 + 2)      // edges + two legend samples
        #expect(parsed.counts["rect"] == 1)                // the background
        #expect(parsed.texts.contains("sigmoid") && parsed.texts.contains("softmax"))
        #expect(parsed.texts.contains("ŷ₁"))
        #expect(parsed.texts.contains { $0.hasPrefix("width ∝ |weight|, widest = 0.9000") })
        let widths = (parsed.attributes["line"] ?? []).compactMap { $0["stroke-width"].flatMap(Double.init) }
        #expect(widths.max() == 6)   // |-0.9| is the widest edge
        #expect(svg.contains("#1f77b4") && svg.contains("#d95f02"))
        #expect(svg.utf8.count < 12_000)
    }

    @Test func wideLayersAreElided() throws {
        let diagram = NetworkDiagram(layers: [.init(units: 784), .init(units: 30), .init(units: 10)],
                                     edgeValues: [], maxUnitsShown: 12)
        let parsed = try #require(ElementCounter.parse(diagram.svg()))
        // 5 + 5 shown of 784, 5 + 5 of 30, all 10.
        #expect(parsed.counts["circle"] == 30)
        #expect(parsed.counts["line"] == 100 + 100)
        #expect(parsed.texts.filter { $0 == "⋮" }.count == 2)
        #expect(parsed.texts.contains { $0.contains("edges only among shown units") })
    }

    @Test func raggedOrMissingMatricesDoNotCrash() throws {
        let diagram = NetworkDiagram(layers: [.init(units: 3), .init(units: 2), .init(units: 0)],
                                     edgeValues: [[[1, .nan], []]])
        let parsed = try #require(ElementCounter.parse(diagram.svg()))
        #expect(parsed.counts["circle"] == 5)
    }
}


/// The pictures of issue 12: data-URI images, sizes that scale, legible on any background,
/// highlighted paths and the expression graph.
@Suite("Pictures")
struct PictureTests {
    static func decode(_ html: String) throws -> String {
        let prefix = "src=\"data:image/svg+xml;base64,"
        let start = try #require(html.range(of: prefix)).upperBound
        let end = try #require(html[start...].firstIndex(of: "\""))
        let data = try #require(Data(base64Encoded: String(html[start..<end])))
        return try #require(String(data: data, encoding: .utf8))
    }

    /// Every text's font size (own attribute or the root's) in px at natural size.
    static func fontSizes(_ parsed: ElementCounter) -> [Double] {
        let root = Double(parsed.rootAttributes["font-size"] ?? "") ?? 16
        return (parsed.attributes["text"] ?? []).map { Double($0["font-size"] ?? "") ?? root }
    }

    static let worked = NetworkDiagram(
        layers: [.init(units: 4, labels: ["x₁", "x₂", "x₃", "x₄"], title: "input"),
                 .init(units: 4, labels: ["h₁₁", "h₁₂", "h₁₃", "h₁₄"], title: "layer 1", caption: "sigmoid"),
                 .init(units: 2, labels: ["ŷ₁", "ŷ₂"], title: "output", caption: "softmax")],
        edgeValues: [[[0.1, 0.3, 0.8, -0.4], [-0.3, -0.2, 0.5, 0.5], [-0.3, 0, 0.5, 0.4], [0.2, 0.5, -0.9, 0.7]],
                     [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]])

    @Test func base64RoundTrips() throws {
        #expect(Base64.encode("Man".utf8) == "TWFu")
        #expect(Base64.encode("Ma".utf8) == "TWE=")
        #expect(Base64.encode("M".utf8) == "TQ==")
        #expect(Base64.encode([UInt8]()) == "")
        var bytes: [UInt8] = (0...255).map { UInt8($0) }
        for n in [0, 1, 2, 3, 255, 256] {
            bytes = Array((0..<n).map { UInt8(($0 * 37 + 11) & 0xFF) })
            #expect(Data(base64Encoded: Base64.encode(bytes)) == Data(bytes), "\(n) bytes")
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString(), "\(n) bytes")
        }
        let svg = Self.worked.svg()
        #expect(try Self.decode(SVGImage.html(svg: svg, alt: "a")) == svg)
    }

    @Test func imageHasAltSizeAndNoInlineSVG() throws {
        let svg = LineChart(series: [.init(ys: [1, 0.5, 0.25])]).svg()
        let html = SVGImage.html(svg: svg, alt: "loss \"falls\" <fast>")
        #expect(html.hasPrefix("<img src=\"data:image/svg+xml;base64,"))
        #expect(html.contains("alt=\"loss &quot;falls&quot; &lt;fast&gt;\""))
        #expect(!html.contains("<svg"))
        // Natural size by default (560 px = 40 × 14 px), never wider than the column.
        #expect(html.contains("width=\"560\" height=\"320\""))
        #expect(html.contains("width:40em;max-width:100%;height:auto"))
    }

    @Test func labelsAreAtLeastPointEightOfTheBodyText() throws {
        let body = SVGImage.designFontSize
        let chain = ExpressionGraph(nodes: [.init(name: "x", value: "1"), .init(name: "y", definition: "exp(x)", value: "2.718")],
                                    edges: [.init(from: 0, to: 1, label: "∂y/∂x = 2.718", value: 2.718)], highlightFrom: 0)
        let elided = NetworkDiagram(layers: [.init(units: 784), .init(units: 30), .init(units: 10)])
        for svg in [Self.worked.svg(), elided.svg(), LineChart(series: [.init(ys: [3, 1, 0.01])], title: "t").svg(), chain.svg()] {
            let parsed = try #require(ElementCounter.parse(svg))
            let sizes = Self.fontSizes(parsed)
            #expect(!sizes.isEmpty)
            #expect(sizes.allSatisfy { $0 >= 0.8 * body }, "\(sizes.min() ?? 0) px < 0.8 × \(body) px")
        }
    }

    @Test func picturesPaintTheirOwnLightBackground() throws {
        // Shown as <img>, where the page's theme does not reach: dark ink on an opaque white rect.
        for svg in [Self.worked.svg(), LineChart(series: [.init(ys: [1, 2])]).svg()] {
            let parsed = try #require(ElementCounter.parse(svg))
            #expect(parsed.rootAttributes["color"] == "#222222")
            let rect = try #require(parsed.attributes["rect"]?.first)
            #expect(rect["fill"] == "#ffffff")
            #expect(rect["width"] == parsed.rootAttributes["width"] && rect["height"] == parsed.rootAttributes["height"])
            #expect(!(parsed.attributes["text"] ?? []).contains { $0["fill"] == "#7a7a7a" })
        }
    }

    @Test func sixLayersFitAnEightHundredPixelWindow() throws {
        let layers = [NetworkDiagram.Layer(units: 2)] + (1...6).map { _ in NetworkDiagram.Layer(units: 3, title: "layer") }
        let parsed = try #require(ElementCounter.parse(NetworkDiagram(layers: layers).svg()))
        let width = try #require(Double(parsed.rootAttributes["width"] ?? ""))
        #expect(width <= 620, "a 6-layer picture \(width) px wide would be scaled down in a ~650 px column")
        #expect(parsed.rootAttributes["viewBox"] == "0 0 \(parsed.rootAttributes["width"] ?? "") \(parsed.rootAttributes["height"] ?? "")")
        #expect(parsed.counts["circle"] == 2 + 18)
    }

    /// Routes through highlighted edges, from the parameter's edge (or unit) to the output.
    static func highlightedRoutes(_ d: NetworkDiagram, _ h: NetworkDiagram.PathHighlight) -> Int {
        let edges = d.edges().filter(\.onPath)
        var ways: [Int: Int] = [h.unit: 1]   // units of the current layer → routes reaching them
        if h.source != nil {
            #expect(edges.filter(\.isParameter).count == 1)
        }
        for layer in (h.layer + 1)..<d.layers.count {
            var next: [Int: Int] = [:]
            for e in edges where e.layer == layer { next[e.to, default: 0] += ways[e.from] ?? 0 }
            ways = next
        }
        return ways.values.reduce(0, +)
    }

    @Test(arguments: [(1, 2, 0), (2, 1, 3), (3, 0, 2), (1, 0, -1)])
    func graphPathsHighlightsExactlyThePathFormulaCount(_ layer: Int, _ unit: Int, _ source: Int) throws {
        // net 4 -> 5 -> 3 -> 2: paths from a parameter of layer l = Π_{k>l} n_k (one per route
        // through the units, per example).
        let sizes = [4, 5, 3, 2]
        let h = NetworkDiagram.PathHighlight(layer: layer, unit: unit, source: source < 0 ? nil : source, name: "w")
        let d = NetworkDiagram(layers: sizes.map { .init(units: $0) }, highlight: h)
        let formula = sizes[(layer + 1)...].reduce(1, *)
        #expect(d.highlightedPathCount == formula)
        #expect(Self.highlightedRoutes(d, h) == formula)
        // Exactly the edges of those paths: its own edge, its unit's fan-out, all later layers.
        let later = zip(sizes.dropFirst(layer + 1), sizes.dropFirst(layer + 2)).map(*).reduce(0, +)
        let expected = (source < 0 ? 0 : 1) + (layer + 1 < sizes.count ? sizes[layer + 1] : 0) + later
        let parsed = try #require(ElementCounter.parse(d.svg()))
        #expect((parsed.attributes["line"] ?? []).filter { $0["class"] == "path" }.count == expected)
        #expect(parsed.texts.contains("highlighted: the \(formula) path\(formula == 1 ? "" : "s") through the units from w to the output"))
    }

    @Test func aHighlightedUnitOfAnElidedLayerIsShown() throws {
        let h = NetworkDiagram.PathHighlight(layer: 1, unit: 17, source: 400, name: "w[1,18,401]")
        let d = NetworkDiagram(layers: [.init(units: 784), .init(units: 30), .init(units: 10)], highlight: h)
        #expect(d.edges().contains { $0.isParameter && $0.to == 17 && $0.from == 400 })
        #expect(Self.highlightedRoutes(d, h) == 10)
        let bad = NetworkDiagram(layers: [.init(units: 2), .init(units: 2)],
                                 highlight: .init(layer: 1, unit: 5, source: 0, name: "w151"))
        #expect(!bad.highlightIsValid && bad.edges().allSatisfy { !$0.onPath })
        #expect(try #require(ElementCounter.parse(bad.svg())).texts.contains { $0.contains("nothing highlighted") })
    }

    @Test func fixedScaleOverridesTheAutomaticChoice() throws {
        let wide = [10.0, 1, 0.01, 0.001]      // automatic: log
        let narrow = [0.9, 0.7, 0.5]           // automatic: linear
        func yLabel(_ ys: [Double], _ scale: LineChart.YScale) throws -> Bool {
            let parsed = try #require(ElementCounter.parse(LineChart(series: [.init(ys: ys)], yScale: scale).svg()))
            return parsed.texts.contains("loss (log scale)")
        }
        #expect(try yLabel(wide, .automatic) && !yLabel(narrow, .automatic))
        #expect(try !yLabel(wide, .linear))
        #expect(try yLabel(narrow, .logarithmic))
        #expect(LineChart(series: [.init(ys: narrow)], yScale: .logarithmic).isLogarithmic)
    }

    /// y = exp(exp(x²)) as the chain statement builds it.
    static let nested = ExpressionGraph(
        nodes: [.init(name: "x", value: "0.5"), .init(name: "h1", definition: "x^2", value: "0.25"),
                .init(name: "h2", definition: "exp(h1)", value: "1.284"), .init(name: "y", definition: "exp(h2)", value: "3.611")],
        edges: [.init(from: 0, to: 1, label: "∂h1/∂x = 1", value: 1), .init(from: 1, to: 2, label: "∂h2/∂h1 = 1.284", value: 1.2840254166877414),
                .init(from: 2, to: 3, label: "∂y/∂h2 = 3.611", value: 3.6111468782181024)],
        highlightFrom: 0)

    @Test func expressionGraphLayersLeftToRight() throws {
        let places = try #require(Self.nested.layout())
        #expect(places.map(\.column) == [0, 1, 2, 3])
        for e in Self.nested.edges { #expect(places[e.from].x + places[e.from].width < places[e.to].x) }
        let parsed = try #require(ElementCounter.parse(Self.nested.svg()))
        #expect((parsed.attributes["rect"] ?? []).filter { $0["class"] == "node" }.count == 4)
        #expect((parsed.attributes["path"] ?? []).filter { $0["class"] == "path" }.count == 3)
        #expect(parsed.texts.contains("∂h2/∂h1 = 1.284") && parsed.texts.contains("h2 = exp(h1)"))
        let paths = try #require(Self.nested.highlightedPaths)
        #expect(paths.count == 1)
        #expect(abs(paths.sum - 1 * 1.2840254166877414 * 3.6111468782181024) < 1e-12)
    }

    @Test func twoVariablesHighlightOnlyTheFirstOnesPaths() throws {
        // f = x*y + sin(x): h1 = x·y, h2 = sin(x), f = h1 + h2.
        let g = ExpressionGraph(
            nodes: [.init(name: "x", value: "1"), .init(name: "y", value: "2"), .init(name: "h1", definition: "x · y", value: "2"),
                    .init(name: "h2", definition: "sin(x)", value: "0.84"), .init(name: "f", definition: "h1 + h2", value: "2.84")],
            edges: [.init(from: 0, to: 2, label: "a", value: 2), .init(from: 1, to: 2, label: "b", value: 1),
                    .init(from: 0, to: 3, label: "c", value: 0.54), .init(from: 2, to: 4, label: "d", value: 1),
                    .init(from: 3, to: 4, label: "e", value: 1)],
            highlightFrom: 0)
        #expect(g.highlightedEdges == [true, false, true, true, true])
        #expect(g.highlightedPaths?.count == 2)
        let places = try #require(g.layout())
        #expect(places.map(\.column) == [0, 0, 1, 1, 2])
        // A cycle is refused, not looped over.
        let cyclic = ExpressionGraph(nodes: [.init(name: "a", value: "1"), .init(name: "b", value: "1")],
                                     edges: [.init(from: 0, to: 1, label: "", value: 1), .init(from: 1, to: 0, label: "", value: 1)])
        #expect(cyclic.layout() == nil)
        #expect(ElementCounter.parse(cyclic.svg()) != nil)
    }
}
