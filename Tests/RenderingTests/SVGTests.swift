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
        #expect(d.filter { $0 == "L" || $0 == "M" }.count <= 1002)
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
        #expect(parsed.texts.contains("sigmoid") && parsed.texts.contains("softmax"))
        #expect(parsed.texts.contains("ŷ₁"))
        #expect(parsed.texts.contains { $0.hasPrefix("width ∝ |weight|, widest = 0.9000") })
        let widths = (parsed.attributes["line"] ?? []).compactMap { $0["stroke-width"].flatMap(Double.init) }
        #expect(widths.max() == 6)   // |-0.9| is the widest edge
        #expect(svg.contains("#1f77b4") && svg.contains("#e8710a"))
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
