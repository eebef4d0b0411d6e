import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// `backprop-kernel run [--json] FILE.bp` through the built binary, checked against the spec's
/// worked-example numbers and the committed numpy fixture.
@Suite(.serialized) struct CLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data

        /// One JSON object per stdout line.
        func jsonLines() throws -> [JSONValue] {
            try stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        }
    }

    static func cli(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let binary = try #require(TestPaths.binary(), "build the CLI first (swift build) or set BACKPROP_KERNEL_BIN")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdoutData = try Data(contentsOf: outURL)
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), stdoutBytes: stdoutData)
    }

    static func program(_ name: String) -> String { TestPaths.programs.appendingPathComponent(name).path }

    /// The objects of `run --json` with a given kind.
    static func objects(_ lines: [JSONValue], kind: String) -> [JSONValue] {
        lines.filter { $0["kind"]?.stringValue == kind }
    }

    static func path(_ explanation: JSONValue, _ k: Int) -> Double? { explanation.at("paths", k, "product")?.doubleValue }

    @Test func workedExampleThroughRunJSON() throws {
        let r = try Self.cli(["run", "--json", Self.program("worked_example.bp")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try r.jsonLines()
        #expect(!lines.contains { $0["error"] != nil })
        let fixture = try LanguageFixtures.workedExample("squared_error")

        // net
        let net = try #require(Self.objects(lines, kind: "net").first)
        #expect(net["parameters"]?.intValue == 30)
        #expect(net["layers"]?.arrayValue?.map { $0["units"]?.intValue ?? -1 } == [4, 4, 2])
        #expect(net.at("layers", 0, "activation")?.isNull == true)
        #expect(net.at("layers", 2, "activation")?.stringValue == "softmax")

        // forward: a1, h1, a2, ŷ, L.
        let forward = try #require(Self.objects(lines, kind: "forward").first)
        let a1 = try #require(forward.at("layers", 0, "a")?.matrixValue)
        let h1 = try #require(forward.at("layers", 0, "h")?.matrixValue)
        let a2 = try #require(forward.at("layers", 1, "a")?.matrixValue)
        let yhat = try #require(forward["yhat"]?.matrixValue)
        #expect(a1.count == 1 && h1.count == 1 && a2.count == 1 && yhat.count == 1, "one row per example")
        for (k, s) in ["2.9", "1.4", "2.1", "2.3"].enumerated() { expectSpec(a1.first?[k], s, "a1[\(k + 1)]") }
        for (k, s) in ["0.9478", "0.8022", "0.8909", "0.9089"].enumerated() { expectSpec(h1.first?[k], s, "h1[\(k + 1)]") }
        for (k, s) in ["1.6574", "0.4472"].enumerated() { expectSpec(a2.first?[k], s, "a2[\(k + 1)]") }
        for (k, s) in ["0.7703", "0.2297"].enumerated() { expectSpec(yhat.first?[k], s, "ŷ[\(k + 1)]") }
        expectSpec(forward["loss"]?.doubleValue, "0.10549", "L")
        #expect(forward["losses"]?.numbers?.count == 1)
        // and to the numpy reference at full precision
        expectMatrixClose(forward.at("layers", 0, "h"), fixture.at("forward", "h", 0), "h1")
        expectMatrixClose(forward["yhat"], fixture.at("forward", "yhat"), "ŷ")
        expectClose(forward["loss"]?.doubleValue, try #require(fixture.at("forward", "loss")?.doubleValue), "L")

        // explain dL/dw212: two paths of −0.065188.
        let explains = Self.objects(lines, kind: "explain")
        #expect(explains.count == 2)
        let w212 = try #require(explains.first { $0["target"]?.stringValue == "dL/dw212" })
        expectSpec(w212["gradient"]?.doubleValue, "-0.130377", "dL/dw212")
        #expect(w212["path_count"]?.intValue == 2)
        #expect(w212["paths"]?.arrayValue?.count == 2)
        expectSpec(Self.path(w212, 0), "-0.065188", "w212 path 1")
        expectSpec(Self.path(w212, 1), "-0.065188", "w212 path 2")
        expectClose(w212["path_sum"]?.doubleValue, try #require(w212["gradient"]?.doubleValue), rel: 1e-12, "w212 path sum")
        // factor names and values as in the fixture (∂L/∂ŷ1, ∂ŷ1/∂a21, ∂a21/∂w212)
        let wantW212 = try #require(fixture.at("dL/dw212", "paths")?.arrayValue)
        for (k, want) in wantW212.enumerated() {
            let got = w212.at("paths", k, "factors")?.arrayValue ?? []
            let wantFactors = want["factors"]?.arrayValue ?? []
            #expect(got.map { $0["name"]?.stringValue ?? "" } == wantFactors.map { $0["name"]?.stringValue ?? "" }, "w212 path \(k + 1) names")
            for (g, w) in zip(got, wantFactors) {
                expectClose(g["value"]?.doubleValue, w["value"]?.doubleValue ?? .nan, "w212 factor \(w["name"]?.stringValue ?? "")")
            }
        }

        // explain dL/dw131: four paths.
        let w131 = try #require(explains.first { $0["target"]?.stringValue == "dL/dw131" })
        expectSpec(w131["gradient"]?.doubleValue, "0.0031594", "dL/dw131")
        #expect(w131["path_count"]?.intValue == 4)
        let products = (0..<4).compactMap { Self.path(w131, $0) }.sorted()
        #expect(products.count == 4)
        for (k, s) in ["-0.0031594", "-0.0031594", "0.0047390", "0.0047390"].enumerated() where k < products.count {
            expectSpec(products[k], s, "w131 path product \(k + 1)")
        }
        let wantW131 = try #require(fixture.at("dL/dw131", "paths")?.arrayValue)
        let fixtureProducts = wantW131.compactMap { $0["product"]?.doubleValue }.sorted()
        for (g, w) in zip(products, fixtureProducts) { expectClose(g, w, "w131 path product vs numpy") }
        expectClose(w131["path_sum"]?.doubleValue, try #require(fixture.at("dL/dw131", "gradient")?.doubleValue), "w131 path sum")
        let factorNames = Set((0..<4).compactMap { w131.at("paths", $0, "factors")?.arrayValue?.compactMap { $0["name"]?.stringValue } }.map { $0.joined(separator: " ") })
        let wantNames = Set(wantW131.compactMap { $0["factors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } }.map { $0.joined(separator: " ") })
        #expect(factorNames == wantNames)
        #expect(factorNames.contains("∂L/∂ŷ1 ∂ŷ1/∂a21 ∂a21/∂h13 ∂h13/∂a13 ∂a13/∂w131"))

        // step eta = 1
        let step = try #require(Self.objects(lines, kind: "step").first)
        #expect(step["eta"]?.doubleValue == 1)
        let changes = try #require(step["changes"]?.arrayValue)
        #expect(changes.count == 30)
        let new212 = changes.first { $0["name"]?.stringValue == "w212" }?["new"]?.doubleValue
        let new131 = changes.first { $0["name"]?.stringValue == "w131" }?["new"]?.doubleValue
        let old212 = changes.first { $0["name"]?.stringValue == "w212" }?["old"]?.doubleValue
        #expect(old212 == 0.8)
        expectSpec(new212, "0.930377", "w212 after step")
        expectSpec(new131, "-0.303159", "w131 after step")
        expectClose(new212, try #require(fixture.at("after_step", "w212")?.doubleValue), "w212 vs numpy")
        expectClose(new131, try #require(fixture.at("after_step", "w131")?.doubleValue), "w131 vs numpy")
        expectClose(step["loss_before"]?.doubleValue, try #require(fixture.at("after_step", "loss_before")?.doubleValue), "loss before")
        expectClose(step["loss_after"]?.doubleValue, try #require(fixture.at("after_step", "loss_after")?.doubleValue), "loss after")
    }

    @Test func crossEntropyVariantThroughRunJSON() throws {
        let r = try Self.cli(["run", "--json", Self.program("worked_example_cross_entropy.bp")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try r.jsonLines()
        let fixture = try LanguageFixtures.workedExample("cross_entropy")
        let forward = try #require(Self.objects(lines, kind: "forward").first)
        expectSpec(forward["loss"]?.doubleValue, "0.260929", "L (cross_entropy)")
        expectClose(forward["loss"]?.doubleValue, try #require(fixture.at("forward", "loss")?.doubleValue), "L vs numpy")
        let backward = try #require(Self.objects(lines, kind: "backward").first)
        expectMatrixClose(backward.at("grads", "dL/dW1"), fixture.at("grads", "dW", 0), "dL/dW1")
        expectMatrixClose(backward.at("grads", "dL/dW2"), fixture.at("grads", "dW", 1), "dL/dW2")
        let explains = Self.objects(lines, kind: "explain")
        let w212 = try #require(explains.first { $0["target"]?.stringValue == "dL/dw212" })
        let w131 = try #require(explains.first { $0["target"]?.stringValue == "dL/dw131" })
        expectSpec(w212["gradient"]?.doubleValue, "-0.184233", "dL/dw212 (cross_entropy)")
        expectSpec(w131["gradient"]?.doubleValue, "0.0044644", "dL/dw131 (cross_entropy)")
        expectClose(w212["path_sum"]?.doubleValue, try #require(fixture.at("dL/dw212", "gradient")?.doubleValue), "w212 path sum")
        expectClose(w131["path_sum"]?.doubleValue, try #require(fixture.at("dL/dw131", "gradient")?.doubleValue), "w131 path sum")
        #expect(w131["path_count"]?.intValue == 4)
        let step = try #require(Self.objects(lines, kind: "step").first)
        let changes = step["changes"]?.arrayValue ?? []
        expectClose(changes.first { $0["name"]?.stringValue == "w212" }?["new"]?.doubleValue,
                    try #require(fixture.at("after_step", "w212")?.doubleValue), "w212 after step")
        expectClose(changes.first { $0["name"]?.stringValue == "w131" }?["new"]?.doubleValue,
                    try #require(fixture.at("after_step", "w131")?.doubleValue), "w131 after step")
    }

    @Test func textModeSucceedsWithTables() throws {
        let r = try Self.cli(["run", Self.program("worked_example.bp")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("0.1055"), "the loss in the forward table")
        #expect(r.stdout.contains("-0.1304"), "dL/dw212 in the explain table")
        #expect(r.stdout.contains("0.9304"), "w212 after the step")
        #expect(!r.stdout.contains("\"kind\""), "text mode prints no JSON")
    }

    @Test func anErroringScriptExitsOneWithLineAndColumn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.bp")
        try write("net 4 -> 4 sigmoid -> 2 softmax\nprint \"before\"\nW1 = [1 2; 3 4]\nprint \"after\"\n", to: file)
        let r = try Self.cli(["run", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("before"))
        #expect(!r.stdout.contains("after"))
        #expect(r.stderr.contains("ShapeError"))
        #expect(r.stderr.contains("line 3"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("column 6"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("W1 = [1 2; 3 4]"))

        let j = try Self.cli(["run", "--json", file.path])
        #expect(j.status == 1)
        let last = try #require(try j.jsonLines().last)
        #expect(last.at("error", "ename")?.stringValue == "ShapeError")
        #expect(last.at("error", "line")?.intValue == 3)
        #expect(last.at("error", "column")?.intValue == 6)
    }

    @Test func aSyntaxErrorRunsNothing() throws {
        let r = try Self.cli(["run", "-"], stdin: Data("print \"first\"\nnet 4 -> 4 sigmod\n".utf8))
        #expect(r.status == 1)
        #expect(!r.stdout.contains("first"))
        #expect(r.stderr.contains("SyntaxError"))
        #expect(r.stderr.contains("sigmoid"))
        #expect(r.stderr.contains("line 2"), "stderr: \(r.stderr)")
    }

    @Test func dashReadsStandardInput() throws {
        let source = try String(contentsOfFile: Self.program("worked_example.bp"), encoding: .utf8)
        let r = try Self.cli(["run", "--json", "-"], stdin: Data(source.utf8))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let forward = try #require(Self.objects(try r.jsonLines(), kind: "forward").first)
        expectSpec(forward["loss"]?.doubleValue, "0.10549", "L from stdin")
        let text = try Self.cli(["run", "-"], stdin: Data("print \"hello from stdin\"\nchain x*y at x = 2, y = 3\n".utf8))
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("hello from stdin\n"))
        #expect(text.stdout.contains("= 6"))
    }

    @Test func bytesThatAreNotUTF8() throws {
        var bytes = Data("net 4 -> 2 sigmoid\nprint \"".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, 0xC3])
        bytes.append(Data("\"\n".utf8))
        let r = try Self.cli(["run", "-"], stdin: bytes)
        #expect(r.status == 1)
        #expect(r.stderr.contains("EncodingError"), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let j = try Self.cli(["run", "--json", "-"], stdin: bytes)
        #expect(j.status == 1)
        let error = try #require(try j.jsonLines().first)
        #expect(error.at("error", "ename")?.stringValue == "EncodingError")
        #expect(error.at("error", "line")?.intValue != nil && error.at("error", "column")?.intValue != nil)
    }

    @Test func aMissingScriptFileExitsOne() throws {
        let r = try Self.cli(["run", "/nonexistent/nowhere.bp"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nowhere.bp"))
    }

    @Test func streamsGoToTheirFileDescriptors() throws {
        let r = try Self.cli(["run", "-"], stdin: Data("print \"to stdout\"\nwarn \"to stderr\"\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout.contains("to stdout") && !r.stdout.contains("to stderr"))
        #expect(r.stderr.contains("to stderr") && !r.stderr.contains("to stdout"))
        let j = try Self.cli(["run", "--json", "-"], stdin: Data("print \"a\"\nwarn \"b\"\n".utf8))
        let lines = try j.jsonLines()
        #expect(lines.count == 2)
        #expect(lines.first?["name"]?.stringValue == "stdout" && lines.first?["text"]?.stringValue == "a\n")
        #expect(lines.last?["name"]?.stringValue == "stderr" && lines.last?["text"]?.stringValue == "b\n")
    }
}
