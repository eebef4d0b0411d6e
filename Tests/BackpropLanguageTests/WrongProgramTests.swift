import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// Wrong programs: each gives its error (name, message, line, column), leaves the session as it
/// was, keeps the effect of the statements before it in the same cell (a syntax error anywhere
/// runs nothing), and crashes nothing.
@Suite struct WrongProgramTests {
    struct Case: Sendable, CustomStringConvertible {
        var label: String
        /// Run first (must succeed); `{worked}` is the spec's worked example.
        var setup: String
        var cell: String
        var ename: String
        var fragments: [String]
        var line: Int
        var column: Int
        /// A syntax error (or a cell refused whole): nothing of the cell runs.
        var runsNothing = false
        var description: String { label }
    }

    static let worked = workedExampleSetup
    static let xorNet = "net 2 -> 3 -> 1\nx = [1 2; 3 4]\ny = [1; 2]"
    static let deep = "chain " + String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000) + " at x = 1"
    static let huge = "x = [" + String(repeating: "1 ", count: 5_300_000) + "]"

    static let cases: [Case] = [
        Case(label: "unknown statement", setup: "", cell: "frobnicate 3", ename: "SyntaxError",
             fragments: ["frobnicate"], line: 1, column: 1, runsNothing: true),
        Case(label: "misspelled activation", setup: "", cell: "net 4 -> 4 sigmod -> 2 softmax", ename: "SyntaxError",
             fragments: ["sigmod", "did you mean 'sigmoid'"], line: 1, column: 12, runsNothing: true),
        Case(label: "misspelled loss", setup: "", cell: "loss cross_entropi", ename: "SyntaxError",
             fragments: ["cross_entropy"], line: 1, column: 6, runsNothing: true),
        Case(label: "closing bracket too many", setup: worked, cell: "W2 = [1 2 3 4; 5 6 7 8]]", ename: "SyntaxError",
             fragments: ["]"], line: 1, column: 24, runsNothing: true),
        Case(label: "bracket never closed", setup: worked, cell: "x = [2 5 3 3", ename: "SyntaxError",
             fragments: ["["], line: 1, column: 5, runsNothing: true),
        Case(label: "ragged matrix row", setup: worked, cell: "W2 = [0.5 0.8 0.2 0.4; 0.5 0.2 0.3]", ename: "SyntaxError",
             fragments: ["row 2", "3", "4"], line: 1, column: 24, runsNothing: true),
        Case(label: "W1 of the wrong shape", setup: worked, cell: "W1 = [1 2; 3 4]", ename: "ShapeError",
             fragments: ["W1", "4×4", "2×2"], line: 1, column: 6),
        Case(label: "w[5,1,1] out of range", setup: worked, cell: "w[5,1,1] = 0.5", ename: "IndexError",
             fragments: ["5", "no layer 5"], line: 1, column: 3),  // the caret is under the bad index
        Case(label: "y of the wrong width", setup: worked, cell: "y = [1 0 0]", ename: "ShapeError",
             fragments: ["y", "1×2", "1×3"], line: 1, column: 5),
        Case(label: "x of the wrong width", setup: worked, cell: "x = [1 2 3]", ename: "ShapeError",
             fragments: ["x", "1×4", "1×3"], line: 1, column: 5),
        Case(label: "bias of the wrong length", setup: worked, cell: "b1 = [1 2]", ename: "ShapeError",
             fragments: ["b1", "4", "2"], line: 1, column: 6),
        Case(label: "a matrix for one weight", setup: worked, cell: "w212 = [1 2]", ename: "ShapeError",
             fragments: ["w212"], line: 1, column: 8),
        Case(label: "missing data file", setup: worked, cell: "data \"nope.csv\" target label", ename: "FileNotFoundError",
             fragments: ["nope.csv"], line: 1, column: 6),
        Case(label: "CSV with a non-numeric cell", setup: worked, cell: "data \"bad.csv\" target label", ename: "DataError",
             fragments: ["line 3", "f2", "\"abc\" is not a number"], line: 1, column: 6),
        Case(label: "CSV without the target column", setup: worked, cell: "data \"ok.csv\" target lable", ename: "DataError",
             fragments: ["lable", "did you mean \"label\""], line: 1, column: 22),
        Case(label: "eta negative", setup: worked, cell: "step eta -1", ename: "SyntaxError",
             fragments: ["eta", "greater than 0"], line: 1, column: 10, runsNothing: true),
        Case(label: "eta nan", setup: worked, cell: "train epochs 10 eta nan", ename: "SyntaxError",
             fragments: ["eta", "finite"], line: 1, column: 21, runsNothing: true),
        Case(label: "epochs 0", setup: worked, cell: "train epochs 0", ename: "SyntaxError",
             fragments: ["epochs", "at least 1"], line: 1, column: 14, runsNothing: true),
        Case(label: "batch 0", setup: worked, cell: "train epochs 10 batch 0", ename: "SyntaxError",
             fragments: ["batch", "at least 1"], line: 1, column: 23, runsNothing: true),
        Case(label: "chain nested 10 000 deep", setup: worked, cell: deep, ename: "SyntaxError",
             fragments: ["nested too deeply"], line: 1, column: 47, runsNothing: true),
        Case(label: "a 10 MB cell", setup: worked, cell: huge, ename: "ValueError",
             fragments: ["limit"], line: 1, column: 1, runsNothing: true),
        Case(label: "training that diverges to NaN", setup: xorNet, cell: "train epochs 1000 eta 100", ename: "NumericalError",
             fragments: ["diverged", "unchanged"], line: 1, column: 23),
        Case(label: "explain before x is set", setup: "net 4 -> 4 sigmoid -> 2 softmax", cell: "explain dL/dw131",
             ename: "StateError", fragments: ["x"], line: 1, column: 1),
        Case(label: "forward before net", setup: "", cell: "forward", ename: "StateError",
             fragments: ["no network"], line: 1, column: 1),
        Case(label: "backward without y", setup: "net 4 -> 4 sigmoid -> 2 softmax\nx = [2 5 3 3]", cell: "backward",
             ename: "StateError", fragments: ["y"], line: 1, column: 1),
        Case(label: "log of a negative number in chain", setup: "", cell: "chain log(x) at x = -1", ename: "NumericalError",
             fragments: ["not finite"], line: 1, column: 7),
        Case(label: "chain with an unbound variable", setup: "", cell: "chain x*z at x = 1", ename: "SyntaxError",
             fragments: ["no value given for z"], line: 1, column: 11, runsNothing: true),
        Case(label: "load of a non-JSON file", setup: worked, cell: "load \"notjson.json\"", ename: "FileError",
             fragments: ["not JSON"], line: 1, column: 6),
        Case(label: "load of a file with a wrong shape", setup: worked, cell: "load \"wrongshape.json\"", ename: "FileError",
             fragments: ["W1"], line: 1, column: 6),
        Case(label: "load of a directory", setup: worked, cell: "load \"subdir\"", ename: "FileError",
             fragments: ["directory"], line: 1, column: 6),
        Case(label: "precision 99", setup: worked, cell: "precision 99", ename: "SyntaxError",
             fragments: ["precision", "0 to 17"], line: 1, column: 11, runsNothing: true),
        Case(label: "unknown name in show", setup: worked, cell: "show zeta", ename: "SyntaxError",
             fragments: ["zeta"], line: 1, column: 6, runsNothing: true),
        Case(label: "show of a unit out of range", setup: worked, cell: "show dL/dw999", ename: "IndexError",
             fragments: ["9", "no layer 9"], line: 1, column: 11),  // under the bad index, not under dL/d
        Case(label: "assignment to a2", setup: worked, cell: "a2 = [1 2]", ename: "SyntaxError",
             fragments: ["cannot assign to a2"], line: 1, column: 1, runsNothing: true),
        Case(label: "init normal with a negative std", setup: worked, cell: "init normal -0.1 seed 3", ename: "SyntaxError",
             fragments: ["standard deviation", "not negative"], line: 1, column: 13, runsNothing: true),
        Case(label: "explain limit 0", setup: worked, cell: "explain dL/dw131 limit 0", ename: "SyntaxError",
             fragments: ["limit", "at least 1"], line: 1, column: 24, runsNothing: true),
        Case(label: "gradcheck eps 0", setup: worked, cell: "gradcheck eps 0", ename: "SyntaxError",
             fragments: ["eps", "greater than 0"], line: 1, column: 15, runsNothing: true),
        Case(label: "an infinite input", setup: worked, cell: "x = [1e400 0 0 0]", ename: "SyntaxError",
             fragments: ["out of range"], line: 1, column: 6, runsNothing: true),
        Case(label: "cross_entropy with negative targets", setup: worked + "\ny = [-1 2]",
             cell: "loss cross_entropy", ename: "ValueError", fragments: ["cross_entropy needs targets ≥ 0"], line: 1, column: 1),
        Case(label: "precision 18", setup: worked, cell: "precision 18", ename: "SyntaxError",
             fragments: ["precision"], line: 1, column: 11, runsNothing: true),
        Case(label: "unterminated string", setup: "", cell: "print \"abc", ename: "SyntaxError",
             fragments: ["string"], line: 1, column: 7, runsNothing: true),
        Case(label: "a layer of zero units", setup: "", cell: "net 4 -> 0 sigmoid", ename: "SyntaxError",
             fragments: ["0"], line: 1, column: 10, runsNothing: true),
    ]

    @Test func atLeastThirtyWrongPrograms() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.label)).count == Self.cases.count)
    }

    /// The directory holding the data and model files the cases name.
    static let directory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bp-wrong-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("subdir"), withIntermediateDirectories: true)
        try? write("f1,f2,label\n1,2,a\n3,abc,b\n", to: dir.appendingPathComponent("bad.csv"))
        try? write("f1,f2,label\n1,2,a\n3,4,b\n", to: dir.appendingPathComponent("ok.csv"))
        try? write("hello, this is not a model\n", to: dir.appendingPathComponent("notjson.json"))
        try? write("""
            {"format": "backprop-kernel/1", "sizes": [4, 4, 2], "activations": ["sigmoid", "softmax"], "loss": "squared_error",
             "W": [[[1, 2], [3, 4]], [[1, 2, 3, 4], [5, 6, 7, 8]]], "b": [[0, 0, 0, 0], [0, 0]], "x": null, "y": null}
            """, to: dir.appendingPathComponent("wrongshape.json"))
        return dir.path
    }()

    /// What the session holds: its names and everything `show` reports.
    static func snapshot(_ s: Session) -> (names: [String], shown: JSONValue?) {
        let r = s.execute("show")
        return (s.definedNames, r.outputs.last.flatMap { if case let .result(b) = $0 { return b[MIME.json] } else { return nil } })
    }

    @Test(arguments: cases) func wrongProgram(_ c: Case) throws {
        // Alone: the error, its place, and a session left as it was.
        let s = Session(directory: Self.directory)
        if !c.setup.isEmpty { run(s, c.setup) }
        let before = Self.snapshot(s)
        let r = runExpectingError(s, c.cell)
        let error = try #require(r.error, "\(c.label): no error")
        #expect(error.ename == c.ename, "\(c.label): \(error)")
        for fragment in c.fragments {
            #expect(error.message.contains(fragment), "\(c.label): message \"\(error.message)\" lacks \"\(fragment)\"")
        }
        #expect(error.line == c.line && error.column == c.column,
                "\(c.label): at \(error.line):\(error.column), want \(c.line):\(c.column)")
        #expect(error.traceback.first?.hasPrefix(c.ename) == true)
        #expect(error.traceback.joined(separator: "\n").utf8.count < 2_000, "\(c.label): the traceback stays short")
        #expect(error.json.at("error", "ename")?.stringValue == c.ename)
        #expect(error.json.at("error", "line")?.intValue == c.line)
        #expect(error.json.at("error", "column")?.intValue == c.column)
        let after = Self.snapshot(s)
        #expect(after.names == before.names, "\(c.label): defined names changed")
        #expect(after.shown == before.shown, "\(c.label): the session changed")
        if c.runsNothing { #expect(r.outputs.isEmpty, "\(c.label): a syntax error runs nothing") }

        // After other statements of the same cell: those keep their effect, unless the cell has a syntax error.
        let t = Session(directory: Self.directory)
        if !c.setup.isEmpty { run(t, c.setup) }
        let r2 = runExpectingError(t, "precision 7\nprint \"earlier\"\n" + c.cell)
        let error2 = try #require(r2.error)
        #expect(error2.ename == c.ename)
        let shifted = c.label == "a 10 MB cell" ? 1 : c.line + 2
        #expect(error2.line == shifted, "\(c.label): line \(error2.line), want \(shifted)")
        let precision = Self.snapshot(t).shown?["precision"]?.intValue
        if c.runsNothing {
            #expect(precision == 4, "\(c.label): nothing of the cell runs")
            #expect(r2.stream(.stdout).isEmpty)
        } else {
            #expect(precision == 7, "\(c.label): earlier statements keep their effect")
            #expect(r2.stream(.stdout) == "earlier\n")
        }
        // The session still works.
        #expect(t.execute("print \"ok\"").error == nil)
    }

    @Test func divergenceLeavesTheParametersAsTheyWere() throws {
        let s = Session()
        run(s, Self.xorNet)
        let w1 = s.execute("show W1").outputs.last?.machineReadable
        let r = runExpectingError(s, "train epochs 1000 eta 100")
        #expect(r.error?.ename == "NumericalError")
        #expect(s.execute("show W1").outputs.last?.machineReadable == w1)
        let f = run(s, "forward")
        #expect(f.resultJSON?["loss"]?.doubleValue?.isFinite == true)
    }
}
