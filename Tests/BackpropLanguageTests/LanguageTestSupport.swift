import Foundation
import FoundationXML
import JSON
import Rendering
import Testing
@testable import BackpropLanguage

// Shared helpers for the interpreter-level tests: running cells, reading the machine-readable
// part of bundles, the committed numpy fixtures, text-table alignment and SVG parsing.

enum TestPaths {
    /// Tests/
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = tests.deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("BackpropTests/Fixtures")
    static let programs = tests.appendingPathComponent("programs")
    static let iris = repository.appendingPathComponent("notebooks/data/iris.csv")

    /// The CLI: $BACKPROP_KERNEL_BIN, else .build/debug, else .build-langtests/debug.
    static func binary() -> URL? {
        if let path = ProcessInfo.processInfo.environment["BACKPROP_KERNEL_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        for dir in [".build/debug", ".build-langtests/debug"] {
            let url = repository.appendingPathComponent(dir).appendingPathComponent("backprop-kernel")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }
}

/// The spec's worked example up to its first `forward`: the script in Tests/programs, so the
/// example is written down once.
let workedExampleSetup: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("programs/worked_example.bp")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.prefix { $0 != "forward" }.joined(separator: "\n")
}()

/// A cell's outputs, with accessors for its bundles.
struct Ran {
    var outputs: [Output]
    var error: LanguageError?

    /// Display and result bundles, in order (not progress updates, streams or pages).
    var bundles: [JSONValue] {
        outputs.compactMap {
            switch $0 {
            case let .display(b, _), let .result(b): return b
            default: return nil
            }
        }
    }

    /// The final bundles' machine-readable objects, without the live-progress displays.
    var objects: [JSONValue] {
        bundles.compactMap { $0[MIME.json] }.filter { $0["kind"]?.stringValue != "train_progress" }
    }

    var result: JSONValue? {
        for case let .result(b) in outputs { return b }
        return nil
    }

    var resultJSON: JSONValue? { result?[MIME.json] }

    /// What went to the pager (`help … page`; plain `help` is a display).
    var page: JSONValue? {
        for case let .page(b) in outputs { return b }
        return nil
    }

    /// The help display.
    var help: JSONValue? {
        for case let .display(b, _) in outputs where b[MIME.json]?["kind"]?.stringValue == "help" { return b }
        return nil
    }
    var resultText: String? { result?[MIME.plain]?.stringValue }

    func object(kind: String) -> JSONValue? { objects.first { $0["kind"]?.stringValue == kind } }

    func stream(_ which: Output.Stream) -> String {
        outputs.compactMap { if case let .stream(s, t) = $0, s == which { return t } else { return nil } }.joined()
    }
}

/// Runs a cell that must succeed.
@discardableResult
func run(_ session: Session, _ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Ran {
    let (outputs, error) = session.execute(code)
    #expect(error == nil, "unexpected error: \(error.map(\.description) ?? "")", sourceLocation: sourceLocation)
    return Ran(outputs: outputs, error: error)
}

/// Runs a cell and returns its error (nil if it succeeded).
func runExpectingError(_ session: Session, _ code: String) -> Ran {
    let (outputs, error) = session.execute(code)
    return Ran(outputs: outputs, error: error)
}

// MARK: - JSON access

extension JSONValue {
    /// Follows keys (String) and indices (Int).
    func at(_ path: Any...) -> JSONValue? {
        var current: JSONValue? = self
        for step in path {
            if let key = step as? String { current = current?[key] }
            else if let index = step as? Int {
                guard let a = current?.arrayValue, index < a.count else { return nil }
                current = a[index]
            }
        }
        return current
    }

    var numbers: [Double]? {
        guard let a = arrayValue else { return nil }
        let d = a.compactMap(\.doubleValue)
        return d.count == a.count ? d : nil
    }

    var matrixValue: [[Double]]? {
        guard let rows = arrayValue else { return nil }
        let m = rows.compactMap(\.numbers)
        return m.count == rows.count ? m : nil
    }

    var keys: [String] { objectValue?.map(\.key) ?? [] }
}

// MARK: - Numbers

/// |got − want| ≤ rel·|want| + abs.
func isClose(_ got: Double?, _ want: Double, rel: Double = 1e-9, abs absTol: Double = 1e-15) -> Bool {
    guard let got else { return false }
    if got == want { return true }
    return Swift.abs(got - want) <= rel * Swift.abs(want) + absTol
}

func expectClose(_ got: Double?, _ want: Double, rel: Double = 1e-9, abs absTol: Double = 1e-15, _ what: String,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(isClose(got, want, rel: rel, abs: absTol), "\(what): got \(got.map { "\($0)" } ?? "nil"), want \(want)",
            sourceLocation: sourceLocation)
}

/// A number printed in the spec with its digits: within 1e-6, or half a unit of its last digit if coarser.
func expectSpec(_ got: Double?, _ printed: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let want = Double(printed.replacingOccurrences(of: "−", with: "-")) else {
        Issue.record("bad spec number \(printed)", sourceLocation: sourceLocation); return
    }
    let decimals = printed.split(separator: ".").dropFirst().first?.count ?? 0
    let tolerance = max(1e-6, 0.5 * pow(10, -Double(decimals)) + 1e-12)
    #expect(got.map { Swift.abs($0 - want) <= tolerance } ?? false,
            "\(what): got \(got.map { "\($0)" } ?? "nil"), spec says \(printed)", sourceLocation: sourceLocation)
}

func expectMatrixClose(_ got: JSONValue?, _ want: JSONValue?, rel: Double = 1e-9, abs absTol: Double = 1e-15, _ what: String,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let g = got?.matrixValue, let w = want?.matrixValue else {
        Issue.record("\(what): not matrices: \(String(describing: got)) / \(String(describing: want))", sourceLocation: sourceLocation)
        return
    }
    #expect(g.count == w.count && zip(g, w).allSatisfy { $0.count == $1.count }, "\(what): shape", sourceLocation: sourceLocation)
    for (i, (gr, wr)) in zip(g, w).enumerated() {
        for (j, (a, b)) in zip(gr, wr).enumerated() where !isClose(a, b, rel: rel, abs: absTol) {
            Issue.record("\(what)[\(i + 1),\(j + 1)]: got \(a), want \(b)", sourceLocation: sourceLocation)
            return
        }
    }
}

// MARK: - Fixtures

enum LanguageFixtures {
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(name))
        return try JSONValue.parse(Array(data))
    }

    /// The worked example's variant for a loss (squared_error or cross_entropy).
    static func workedExample(_ loss: String) throws -> JSONValue {
        let root = try load("worked_example.json")
        return try #require(root["variants"]?.arrayValue?.first { $0["loss"]?.stringValue == loss })
    }
}

// MARK: - Text layout

/// Expects the lines of one table or matrix block to have the same display width: for a table,
/// from its header row to its last rule (the title above and the notes below are free-width);
/// for a matrix, every line.
func expectAligned(_ text: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let isRule = { (line: String) in !line.isEmpty && line.allSatisfy { $0 == "─" || $0 == "-" } }
    if let first = lines.firstIndex(where: isRule), let last = lines.lastIndex(where: isRule) {
        lines = Array(lines[max(0, first - 1)...last])
    }
    let widths = lines.map { DisplayWidth.of($0) }
    #expect(Set(widths).count == 1,
            "\(what): lines of widths \(widths):\n\(text)", sourceLocation: sourceLocation)
}

/// Blocks of text separated by blank lines.
func blocks(_ text: String) -> [String] {
    text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

// MARK: - SVG

/// Parses an SVG document and counts its elements by name.
final class SVGCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var failed: Error?

    static func parse(_ svg: String) -> SVGCounter? {
        let counter = SVGCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        guard parser.parse() else { return nil }
        return counter
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
    }

    func count(_ name: String) -> Int { counts[name] ?? 0 }
}

// MARK: - Files

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bp-langtests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
}
