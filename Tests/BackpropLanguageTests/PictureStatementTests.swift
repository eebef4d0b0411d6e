import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import BackpropLanguage
import JSON

/// Every element of a picture with its attributes, and its texts.
final class PictureParser: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text" { texts.append(text) }
    }

    func all(_ name: String, class cls: String? = nil) -> [[String: String]] {
        elements.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }.map(\.attributes)
    }

    /// The SVG inside the first `data:` image of an HTML part.
    static func image(in html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> PictureParser {
        let prefix = "<img src=\"data:image/svg+xml;base64,"
        let start = try #require(html.range(of: prefix), "no data-URI image in the HTML", sourceLocation: sourceLocation).upperBound
        let end = try #require(html[start...].firstIndex(of: "\""))
        let data = try #require(Data(base64Encoded: String(html[start..<end])), "not base64", sourceLocation: sourceLocation)
        let parser = PictureParser()
        let xml = XMLParser(data: data)
        xml.delegate = parser
        #expect(xml.parse(), "the image is not well-formed SVG", sourceLocation: sourceLocation)
        return parser
    }
}

extension StatementTests {
    /// The SVG document inside the first data-URI image of an HTML part.
    static func svgOfImage(_ html: String) throws -> String {
        let prefix = "<img src=\"data:image/svg+xml;base64,"
        let start = try #require(html.range(of: prefix)).upperBound
        let end = try #require(html[start...].firstIndex(of: "\""))
        return try #require(Data(base64Encoded: String(html[start..<end])).flatMap { String(data: $0, encoding: .utf8) })
    }
}

@Suite("Picture statements")
struct PictureStatementTests {
    static let chainCases: [JSONValue] = (try? LanguageFixtures.load("chain_cases.json"))?["cases"]?.arrayValue ?? []

    /// The chain rule read off the picture: Σ over paths from `variable` to `result` of the
    /// product of the edges' exact local derivatives (data-value).
    static func derivative(_ edges: [[String: String]], from variable: String, to result: String) -> Double {
        var memo: [String: Double] = [:]
        func total(_ node: String) -> Double {   // ∂node/∂variable
            if node == variable { return 1 }
            if let m = memo[node] { return m }
            let v = edges.filter { $0["data-to"] == node }
                .reduce(0.0) { $0 + (Double($1["data-value"] ?? "") ?? .nan) * total($1["data-from"] ?? "") }
            memo[node] = v
            return v
        }
        return total(result)
    }

    @Test func chainFixturesAreThere() { #expect(Self.chainCases.count == 38) }

    @Test(arguments: 0..<38) func chainPictureAgreesWithSympy(_ k: Int) throws {
        let c = try #require(k < Self.chainCases.count ? Self.chainCases[k] : nil)
        let statement = try #require(c["statement"]?.stringValue)
        let r = run(Session(), statement)
        let json = try #require(r.resultJSON)
        let html = try #require(r.result?[MIME.html]?.stringValue)
        #expect(!html.contains("<svg"), "inline SVG is stripped in untrusted notebooks")
        let variables = (c["vars"]?.objectValue ?? []).map(\.key)
        let steps = json["nodes"]?.arrayValue ?? []
        guard variables.count + steps.count <= ChainPicture.maxDrawnNodes else {
            #expect(html.contains("it is not drawn"), "\(statement)")
            return
        }
        let picture = try PictureParser.image(in: html)
        // One box per sub-expression: each variable once, each intermediate node.
        let boxes = picture.all("rect", class: "node").compactMap { $0["data-name"] }
        #expect(boxes.sorted() == (variables + steps.compactMap { $0["name"]?.stringValue }).sorted(), "\(statement)")
        let result = try #require(steps.last?["name"]?.stringValue)
        // Edges carry the local derivatives; their path sums are sympy's partial derivatives.
        let edges = picture.all("path").filter { $0["data-value"] != nil }
        for (name, want) in c["derivatives"]?.objectValue ?? [] {
            let got = Self.derivative(edges, from: name, to: result)
            let expected = want.doubleValue ?? .nan
            #expect(abs(got - expected) <= 1e-9 * max(1, abs(expected)), "\(statement): ∂/∂\(name) \(got) vs \(expected)")
        }
        // The highlighted arrows are exactly those on a path from the first variable.
        let first = try #require(r.resultJSON.flatMap { _ in variables.isEmpty ? nil : json["derivatives"]?.objectValue?.first?.key })
        let highlighted = Set(picture.all("path", class: "path").compactMap { e in e["data-from"].map { $0 + "→" + (e["data-to"] ?? "") } })
        var reaches: Set<String> = [first]
        for step in steps { // steps are in evaluation order: operands before users
            let name = step["name"]?.stringValue ?? ""
            if edges.contains(where: { $0["data-to"] == name && reaches.contains($0["data-from"] ?? "") }) { reaches.insert(name) }
        }
        let expected = Set(edges.filter { reaches.contains($0["data-from"] ?? "") }.map { ($0["data-from"] ?? "") + "→" + ($0["data-to"] ?? "") })
        #expect(highlighted == expected, "\(statement)")
        #expect(picture.texts.contains { $0.hasPrefix("highlighted: the ") }, "\(statement)")
    }

    @Test func chainPictureHasAltText() throws {
        let r = run(Session(), "chain exp(exp(x^2)) at x = 0.5")
        let html = try #require(r.result?[MIME.html]?.stringValue)
        #expect(html.contains("alt=\"Expression graph") && html.contains("h1 = x^2 = 0.2500"))
    }

    @Test func graphIsAnImageWithAltTextAndNoFallbackPretence() throws {
        let s = StatementTests.workedSession()
        let bundle = try #require(run(s, "graph").bundles.first)
        let plain = try #require(bundle[MIME.plain]?.stringValue)
        #expect(!plain.contains("needs a notebook"))
        let html = try #require(bundle[MIME.html]?.stringValue)
        #expect(!html.contains("<svg"))
        #expect(html.contains("alt=\"Diagram of the network 4 inputs → 4 sigmoid → 2 softmax"))
        let picture = try PictureParser.image(in: html)
        #expect(picture.all("circle").count == 10)
        // image/svg+xml stays in the bundle too (nbconvert's PDF export takes it), the same picture.
        #expect(bundle[MIME.svg]?.stringValue?.contains("<svg") == true)
    }

    @Test func graphPathsHighlightsTheWeightsPaths() throws {
        let s = StatementTests.workedSession()
        let bundle = try #require(run(s, "graph paths w131").bundles.first)
        #expect(bundle[MIME.json]?["paths"]?.stringValue == "w131")
        let picture = try PictureParser.image(in: try #require(bundle[MIME.html]?.stringValue))
        // net 4 -> 4 -> 2: w131's edge x₁ → h₁₃, then h₁₃ → ŷ₁ and h₁₃ → ŷ₂: 2 = n₂ paths.
        #expect(picture.all("line", class: "path").count == 1 + 2)
        #expect(picture.texts.contains("highlighted: the 2 paths through the units from w₁₃₁ to the output"))
        let plain = bundle[MIME.plain]?.stringValue ?? ""
        #expect(plain.contains("its edge x₁ → h₁₃") && plain.contains("2 routes"), "\(plain)")
        // dL/dw212 and b13 are accepted; layer 2 weights have one route each.
        let w212 = try PictureParser.image(in: try #require(run(s, "graph paths dL/dw212").bundles.first?[MIME.html]?.stringValue))
        #expect(w212.all("line", class: "path").count == 1)
        let b13 = try PictureParser.image(in: try #require(run(s, "graph paths b13").bundles.first?[MIME.html]?.stringValue))
        #expect(b13.all("line", class: "path").count == 2)
    }

    @Test func graphPathsRefusesWhatIsNotAParameter() throws {
        let s = StatementTests.workedSession()
        for (code, words) in [("graph paths w931", "layer"), ("graph paths x", "weight or bias"), ("graph paths", "missing"),
                              ("graph w131", "unknown option"), ("graph paths W1", "weight or bias")] {
            let error = try #require(runExpectingError(s, code).error, "\(code)")
            #expect(error.description.contains(words), "\(code): \(error.description)")
        }
        #expect(run(s, "graph").bundles.first?[MIME.json]?["paths"] == nil)
    }

    static let xor = "net 2 -> 3 tanh -> 1 sigmoid\nloss binary_cross_entropy\nx = [0 0; 0 1; 1 0; 1 1]\ny = [0; 1; 1; 0]"

    @Test func trainScaleFixesTheLossAxis() throws {
        func isLog(_ options: String) throws -> Bool {
            let s = Session()
            run(s, Self.xor)
            let r = run(s, "train epochs 30 eta 0.5 " + options)
            let html = try #require(r.result?[MIME.html]?.stringValue)
            let picture = try PictureParser.image(in: html)
            #expect(html.contains("alt=\"Line chart of the training loss"))
            return picture.texts.contains("loss (log scale)")
        }
        // 30 epochs of XOR: the loss spans well under two decades, so automatic is linear.
        #expect(try !isLog(""))
        #expect(try isLog("scale log"))
        #expect(try !isLog("scale linear"))
        let s = Session()
        run(s, Self.xor)
        let error = try #require(runExpectingError(s, "train epochs 3 scale logarithmic").error)
        #expect(error.description.contains("unknown value 'logarithmic' for scale") && error.description.contains("log"))
    }
}
