import Foundation
import JSON
import Rendering
import Testing
@testable import BackpropLanguage

/// Every statement of the spec through `Session.execute`: its text/plain and its JSON part.
/// Numbers are checked against the spec's worked example and the committed numpy fixtures.
@Suite struct StatementTests {
    static func workedSession() -> Session {
        let s = Session()
        run(s, workedExampleSetup)
        return s
    }

    static func value(_ s: Session, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> JSONValue? {
        let r = run(s, "show \(name)", sourceLocation: sourceLocation)
        #expect(r.resultJSON?["kind"]?.stringValue == "value", sourceLocation: sourceLocation)
        #expect(r.resultJSON?["name"]?.stringValue == name, sourceLocation: sourceLocation)
        return r.resultJSON?["value"]
    }

    // MARK: net, loss, init

    @Test func netSummary() throws {
        let s = Session()
        let r = run(s, "net 4 -> 4 sigmoid -> 2 softmax")
        let json = try #require(r.resultJSON)
        #expect(json["kind"]?.stringValue == "net")
        #expect(json["parameters"]?.intValue == 30)
        let layers = try #require(json["layers"]?.arrayValue)
        #expect(layers.map { $0["units"]?.intValue ?? -1 } == [4, 4, 2])
        #expect(layers.map { $0["activation"]?.stringValue ?? "null" } == ["null", "sigmoid", "softmax"])
        let text = try #require(r.resultText)
        #expect(text.contains("30 parameters"))
        #expect(text.contains("sigmoid") && text.contains("softmax") && text.contains("4×4") && text.contains("2×4"))
        expectAligned(text, "net table")
        #expect(r.result?[MIME.html]?.stringValue?.contains("<table") == true)
        #expect(r.result?["application/json"] == nil, "the machine-readable part is under \(MIME.json)")

        // The default seed makes a notebook re-run identically; the weights are not all zero.
        let w1 = Self.value(s, "W1")
        let other = Session()
        run(other, "net 4 -> 4 sigmoid -> 2 softmax")
        #expect(w1 == Self.value(other, "W1"))
        #expect(w1?.matrixValue?.joined().contains { $0 != 0 } == true)
        // Layers without an activation are linear.
        let lin = run(Session(), "net 3 -> 5 -> 2 tanh")
        #expect(lin.resultJSON?.at("layers", 1, "activation")?.stringValue == "linear")
    }

    @Test func lossSetsTheLossUsedByForward() throws {
        let s = Self.workedSession()
        let r = run(s, "loss cross_entropy")
        #expect(r.bundles.isEmpty)
        #expect(run(s, "show").resultJSON?["loss"]?.stringValue == "cross_entropy")
        let fixture = try LanguageFixtures.workedExample("cross_entropy")
        expectClose(Self.value(s, "loss")?.doubleValue, try #require(fixture.at("forward", "loss")?.doubleValue), "cross_entropy L")
        // loss before net is remembered
        let t = Session()
        run(t, "loss mse\nnet 2 -> 1")
        #expect(run(t, "show").resultJSON?.at("network", "loss")?.stringValue == "mse")
        for loss in ["squared_error", "mse", "cross_entropy", "binary_cross_entropy"] {
            run(t, "loss \(loss)")
            #expect(run(t, "show").resultJSON?["loss"]?.stringValue == loss)
        }
    }

    @Test func initSchemes() throws {
        let s = Session()
        run(s, "net 200 -> 200 tanh -> 10 softmax")
        run(s, "init zeros")
        #expect(Self.value(s, "W1")?.matrixValue?.joined().allSatisfy { $0 == 0 } == true)
        #expect(Self.value(s, "b2")?.numbers?.allSatisfy { $0 == 0 } == true)
        run(s, "init xavier seed 7")
        let a = Self.value(s, "W1")
        run(s, "init xavier seed 8")
        let b = Self.value(s, "W1")
        run(s, "init xavier seed 7")
        #expect(a == Self.value(s, "W1"))
        #expect(a != b)
        run(s, "init normal 0.1 seed 7")
        let w = try #require(Self.value(s, "W1")?.matrixValue?.joined()).map { $0 }
        let mean = w.reduce(0, +) / Double(w.count)
        let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(abs(mean) < 0.01 && abs(sd - 0.1) < 0.01, "normal 0.1: mean \(mean), sd \(sd)")
        run(s, "init normal 0.1 seed 7")
        #expect(Self.value(s, "W1")?.matrixValue?.joined().map { $0 } == w)
    }

    // MARK: assignment

    @Test func assignmentForms() throws {
        let s = Session()
        run(s, "net 2 -> 2 sigmoid -> 1")
        let want: JSONValue = [[0.1, 0.3], [-0.3, -0.2]]
        for form in ["W1 = [0.1 0.3; -0.3 -0.2]", "W1 = [0.1, 0.3; -0.3, -0.2]", "W1 = [0.1 0.3\n      -0.3 -0.2]",
                     "W1 = [[0.1, 0.3], [-0.3, -0.2]]", "W1 = [[0.1 0.3]\n [-0.3 -0.2]]"] {
            run(s, "init zeros")
            let r = run(s, form)
            #expect(r.bundles.isEmpty, "\(form)")
            #expect(Self.value(s, "W1") == want, "\(form)")
        }
        run(s, "b1 = 0")
        #expect(Self.value(s, "b1") == [0.0, 0.0])
        run(s, "b1 = [0.5 0.25]")
        #expect(Self.value(s, "b1") == [0.5, 0.25])
        run(s, "b1 = 1.5")
        #expect(Self.value(s, "b1") == [1.5, 1.5])
        run(s, "w212 = 0.9")
        #expect(Self.value(s, "W2") == [[0.0, 0.9]])
        #expect(Self.value(s, "w212") == 0.9)
        run(s, "w[2,1,1] = -0.7")
        #expect(Self.value(s, "W2") == [[-0.7, 0.9]])
        run(s, "b[1,2] = 0")
        #expect(Self.value(s, "b1") == [1.5, 0.0])
        run(s, "b21 = 3")
        #expect(Self.value(s, "b2") == [3.0])
        run(s, "x = [2 5]\ny = [1]")
        #expect(Self.value(s, "x") == [[2.0, 5.0]])
        #expect(Self.value(s, "y") == [[1.0]])
        run(s, "x = [1 2; 3 4; 5 6]\ny = [[1], [0], [1]]")
        #expect(Self.value(s, "x")?.matrixValue?.count == 3)
        // The bracket form for indices above 9.
        let t = Session()
        run(t, "net 12 -> 3 -> 2\nw[2,1,3] = 0.9\nw[1,2,12] = 0.5\nb[1,3] = 0.25")
        #expect(Self.value(t, "W2")?.matrixValue?[0][2] == 0.9)
        #expect(Self.value(t, "W1")?.matrixValue?[1][11] == 0.5)
        #expect(Self.value(t, "w[1,2,12]") == 0.5)
        #expect(Self.value(t, "b1")?.numbers?[2] == 0.25)
    }

    // MARK: data

    @Test func dataFromCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write("f1,f2,label\n1,2,cat\n3,4,dog\n5,6,cat\n0.5,-1,bird\n", to: dir.appendingPathComponent("small.csv"))
        let s = Session(directory: dir.path)
        let r = run(s, "data \"small.csv\" target label onehot")
        let json = try #require(r.resultJSON)
        #expect(json["kind"]?.stringValue == "data")
        #expect(json["rows"]?.intValue == 4)
        #expect(json["inputs"] == ["f1", "f2"])
        #expect(json["target"]?.stringValue == "label")
        #expect(json["classes"] == ["cat", "dog", "bird"])
        #expect(json["x_shape"] == [4, 2] && json["y_shape"] == [4, 3])
        let text = try #require(r.resultText)
        #expect(text.contains("cat, dog, bird"))
        expectAligned(text.split(separator: "\n").dropFirst().joined(separator: "\n"), "data table (below its title)")
        #expect(Self.value(s, "x") == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [0.5, -1.0]])
        #expect(Self.value(s, "y") == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        // a numeric target stays one column
        try write("a,b,t\n1,2,0.5\n3,4,1.5\n", to: dir.appendingPathComponent("num.csv"))
        run(s, "data \"num.csv\" target t")
        #expect(Self.value(s, "y") == [[0.5], [1.5]])
        // an absolute path works too
        let abs = run(s, "data \"\(dir.appendingPathComponent("small.csv").path)\" target label")
        #expect(abs.resultJSON?["rows"]?.intValue == 4)
    }

    @Test func dataIris() throws {
        let s = Session(directory: TestPaths.repository.appendingPathComponent("notebooks").path)
        let r = run(s, "data \"data/iris.csv\" target species onehot")
        let json = try #require(r.resultJSON)
        #expect(json["rows"]?.intValue == 150)
        #expect(json["x_shape"] == [150, 4] && json["y_shape"] == [150, 3])
        #expect(json["classes"] == ["setosa", "versicolor", "virginica"])
        #expect(json["inputs"] == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        let y = try #require(Self.value(s, "y")?.matrixValue)
        #expect(y.allSatisfy { $0.reduce(0, +) == 1 })
        #expect((0..<3).map { k in y.filter { $0[k] == 1 }.count } == [50, 50, 50])
        #expect(Self.value(s, "x")?.matrixValue?.first == [5.1, 3.5, 1.4, 0.2])
    }

    // MARK: forward and backward against every numpy fixture case

    static func literal(_ v: Double) -> String { "\(v)" }

    static func matrixLiteral(_ m: JSONValue?) -> String {
        let rows = m?.matrixValue ?? []
        return "[" + rows.map { $0.map(literal).joined(separator: " ") }.joined(separator: "; ") + "]"
    }

    /// A cell that sets up a fixture case.
    static func program(for c: JSONValue) -> String {
        let sizes = c["sizes"]?.arrayValue?.compactMap(\.intValue) ?? []
        let acts = c["activations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var lines = ["net " + sizes.enumerated().map { k, n in k == 0 ? "\(n)" : "\(n) \(acts[k - 1])" }.joined(separator: " -> ")]
        lines.append("loss \(c["loss"]?.stringValue ?? "?")")
        for l in 1..<sizes.count {
            lines.append("W\(l) = " + matrixLiteral(c.at("W", l - 1)))
            lines.append("b\(l) = [" + (c.at("b", l - 1)?.numbers ?? []).map(literal).joined(separator: " ") + "]")
        }
        lines.append("x = " + matrixLiteral(c["x"]))
        lines.append("y = " + matrixLiteral(c["y"]))
        return lines.joined(separator: "\n")
    }

    static let cases: [JSONValue] = (try? LanguageFixtures.load("cases.json"))?["cases"]?.arrayValue ?? []

    @Test func fixturesAreThere() { #expect(Self.cases.count == 71) }

    @Test(arguments: 0..<71) func forwardAndBackwardMatchNumpy(_ k: Int) throws {
        let c = try #require(k < Self.cases.count ? Self.cases[k] : nil)
        let name = c["name"]?.stringValue ?? "\(k)"
        let s = Session()
        run(s, Self.program(for: c))
        let depth = (c["sizes"]?.arrayValue?.count ?? 1) - 1
        let m = c["x"]?.arrayValue?.count ?? 0

        let f = run(s, "forward")
        let fj = try #require(f.resultJSON)
        #expect(fj["kind"]?.stringValue == "forward")
        #expect(fj["layers"]?.arrayValue?.count == depth)
        for l in 0..<depth {
            expectMatrixClose(fj.at("layers", l, "a"), c.at("forward", "a", l), "\(name) a\(l + 1)")
            expectMatrixClose(fj.at("layers", l, "h"), c.at("forward", "h", l), "\(name) h\(l + 1)")
        }
        expectMatrixClose(fj["yhat"], c.at("forward", "yhat"), "\(name) ŷ")
        expectClose(fj["loss"]?.doubleValue, c.at("forward", "loss")?.doubleValue ?? .nan, "\(name) L")
        let losses = fj["losses"]?.numbers ?? []
        let wantLosses = c.at("forward", "losses")?.numbers ?? []
        #expect(losses.count == m && wantLosses.count == m)
        for (g, w) in zip(losses, wantLosses) { expectClose(g, w, "\(name) per-example loss") }
        let text = try #require(f.resultText)
        #expect(text.contains(m == 1 ? "(1 example)" : "(\(m) examples)"), "\(name): \(text.prefix(80))")
        if m > 1 { #expect(text.contains("mean"), "\(name): per-example losses and the mean") }

        let b = run(s, "backward")
        let bj = try #require(b.resultJSON)
        #expect(bj["kind"]?.stringValue == "backward")
        expectClose(bj["loss"]?.doubleValue, c.at("forward", "loss")?.doubleValue ?? .nan, "\(name) backward L")
        // The notes' roadmap order of keys.
        var keys = ["dL/dyhat", "dL/da\(depth)"]
        for l in stride(from: depth, through: 1, by: -1) {
            keys += ["dL/dW\(l)", "dL/db\(l)"]
            if l > 1 { keys += ["dL/dh\(l - 1)", "dL/da\(l - 1)"] }
        }
        let grads = try #require(bj["grads"])
        #expect(grads.keys == keys, "\(name)")
        expectMatrixClose(grads["dL/dyhat"], c.at("grads", "dyhat"), "\(name) dL/dyhat")
        for l in 1...depth {
            expectMatrixClose(grads["dL/dW\(l)"], c.at("grads", "dW", l - 1), "\(name) dL/dW\(l)")
            expectMatrixClose(grads["dL/da\(l)"], c.at("grads", "da", l - 1), "\(name) dL/da\(l)")
            let db = grads["dL/db\(l)"]?.numbers ?? []
            let want = c.at("grads", "db", l - 1)?.numbers ?? []
            #expect(db.count == want.count, "\(name) db\(l) is a flat array")
            for (g, w) in zip(db, want) { expectClose(g, w, "\(name) dL/db\(l)") }
            if l < depth { expectMatrixClose(grads["dL/dh\(l)"], c.at("grads", "dh", l), "\(name) dL/dh\(l)") }
        }
        // show of a gradient runs the backward pass on the current state
        expectMatrixClose(Self.value(s, "dL/dW1"), c.at("grads", "dW", 0), "\(name) show dL/dW1")
        expectMatrixClose(Self.value(s, "dL/dx"), c.at("grads", "dh", 0), "\(name) show dL/dx")
    }

    /// explain on every sampled parameter of every fixture case: exact path counts (up to 2^31),
    /// listed ≤ limit, the sum equal to the gradient, the largest products.
    @Test(arguments: 0..<71) func explainMatchesNumpyPaths(_ k: Int) throws {
        let c = try #require(k < Self.cases.count ? Self.cases[k] : nil)
        let name = c["name"]?.stringValue ?? "\(k)"
        let s = Session()
        run(s, Self.program(for: c))
        for p in c["paths"]?.arrayValue ?? [] {
            let param = try #require(p["param"])
            let layer = param["layer"]?.intValue ?? 0, i = param["i"]?.intValue ?? 0
            let indices = param["kind"]?.stringValue == "w" ? [layer, i, param["j"]?.intValue ?? 0] : [layer, i]
            let letter = param["kind"]?.stringValue ?? "?"
            let spelled = indices.allSatisfy { $0 < 10 } ? letter + indices.map(String.init).joined()
                                                          : letter + "[" + indices.map(String.init).joined(separator: ",") + "]"
            let limit = 5
            let r = run(s, "explain dL/d\(spelled) limit \(limit)")
            let e = try #require(r.resultJSON, "\(name) \(spelled)")
            #expect(e["kind"]?.stringValue == "explain")
            #expect(e["target"]?.stringValue == "dL/d\(spelled)")
            let count = p["path_count"]?.intValue ?? -1
            #expect(e["path_count"]?.intValue == count, "\(name) \(spelled) path count")
            let listed = e["paths"]?.arrayValue ?? []
            #expect(listed.count == min(limit, count), "\(name) \(spelled) listed")
            #expect(e["listed"]?.intValue == listed.count)
            let gradient = try #require(e["gradient"]?.doubleValue)
            let want = p["sum"]?.doubleValue ?? .nan
            expectClose(gradient, want, rel: 1e-9, abs: 1e-13, "\(name) \(spelled) gradient")
            expectClose(e["path_sum"]?.doubleValue, want, rel: 1e-9, abs: 1e-13, "\(name) \(spelled) path sum")
            if p["enumerated"]?.boolValue == true {
                let got = listed.compactMap { $0["product"]?.doubleValue }.map { abs($0) }.sorted(by: >)
                let wantTop = (p["largest"]?.arrayValue ?? []).compactMap { $0["product"]?.doubleValue }.map { abs($0) }.sorted(by: >)
                for (g, w) in zip(got, wantTop) { expectClose(g, w, rel: 1e-9, abs: 1e-15, "\(name) \(spelled) largest path") }
                // each listed product is the product of its factors
                for path in listed {
                    let factors = path["factors"]?.arrayValue?.compactMap { $0["value"]?.doubleValue } ?? []
                    expectClose(factors.reduce(1, *), path["product"]?.doubleValue ?? .nan, rel: 1e-12, abs: 1e-300, "\(name) product")
                }
            }
            #expect((e["complete"]?.boolValue ?? false) == (count <= limit))
            expectAligned(try #require(r.resultText), "\(name) explain table")
        }
    }

    @Test func forwardWithoutTargetsHasNoLoss() throws {
        let s = Session()
        run(s, "net 2 -> 3 tanh -> 1\nx = [1 2; 3 4]")
        let f = try #require(run(s, "forward").resultJSON)
        #expect(f["loss"]?.isNull == true)
        #expect(f["yhat"]?.matrixValue?.count == 2)
    }

    @Test func forwardAndBackwardText() throws {
        let s = Self.workedSession()
        let f = try #require(run(s, "forward").resultText)
        for piece in ["a₁", "h₁", "a₂", "ŷ", "2.900", "0.9478", "0.7703", "L = 0.1055"] {
            #expect(f.contains(piece), "forward text lacks \(piece):\n\(f)")
        }
        let b = try #require(run(s, "backward").resultText)
        // the roadmap order in text, too
        let order = ["∂L/∂ŷ", "∂L/∂a₂", "∂L/∂W₂", "∂L/∂b₂", "∂L/∂h₁", "∂L/∂a₁", "∂L/∂W₁", "∂L/∂b₁"]
        let positions = order.map { b.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(b)")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "backward text order")
    }

    // MARK: show

    @Test func showEveryKindOfName() throws {
        let s = Self.workedSession()
        let fx = try LanguageFixtures.workedExample("squared_error")
        #expect(Self.value(s, "W1")?.matrixValue?.count == 4)
        #expect(Self.value(s, "W2") == [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]])
        #expect(Self.value(s, "b1") == [0.0, 0.0, 0.0, 0.0])
        #expect(Self.value(s, "w212") == 0.8)
        #expect(Self.value(s, "w131") == -0.3)
        #expect(Self.value(s, "b13") == 0.0)
        #expect(Self.value(s, "x") == [[2.0, 5.0, 3.0, 3.0]])
        #expect(Self.value(s, "y") == [[1.0, 0.0]])
        expectMatrixClose(Self.value(s, "a2"), fx.at("forward", "a", 1), "a2")
        expectMatrixClose(Self.value(s, "h1"), fx.at("forward", "h", 0), "h1")
        expectMatrixClose(Self.value(s, "yhat"), fx.at("forward", "yhat"), "yhat")
        expectSpec(Self.value(s, "a21")?.doubleValue, "1.6574", "a21 (a unit)")
        expectSpec(Self.value(s, "h13")?.doubleValue, "0.8909", "h13")
        expectSpec(Self.value(s, "yhat1")?.doubleValue, "0.7703", "yhat1")
        expectSpec(Self.value(s, "loss")?.doubleValue, "0.10549", "loss")
        expectSpec(Self.value(s, "dL/dw212")?.doubleValue, "-0.130377", "dL/dw212")
        expectSpec(Self.value(s, "dL/dw131")?.doubleValue, "0.0031594", "dL/dw131")
        expectMatrixClose(Self.value(s, "dL/dW1"), fx.at("grads", "dW", 0), "dL/dW1")
        let db2 = Self.value(s, "dL/db2")?.numbers ?? []
        #expect(db2.count == 2)
        for (g, w) in zip(db2, fx.at("grads", "db", 1)?.numbers ?? []) { expectClose(g, w, "dL/db2") }
        expectClose(Self.value(s, "dL/da21")?.doubleValue, fx.at("grads", "da", 1, 0, 0)?.doubleValue ?? .nan, "dL/da21")
        expectClose(Self.value(s, "dL/dh13")?.doubleValue, fx.at("grads", "dh", 1, 0, 2)?.doubleValue ?? .nan, "dL/dh13")
        expectMatrixClose(Self.value(s, "dL/dyhat"), fx.at("grads", "dyhat"), "dL/dyhat")
        // other spellings
        let unicode = run(s, "show ∂L/∂w212").resultJSON
        expectSpec(unicode?["value"]?.doubleValue, "-0.130377", "∂L/∂w212")
        expectSpec(run(s, "show w[2,1,2]").resultJSON?["value"]?.doubleValue, "0.8", "w[2,1,2]")

        // text forms
        let scalar = try #require(run(s, "show dL/dw212").resultText)
        #expect(scalar == "∂L/∂w₂₁₂ = -0.1304", "\(scalar)")
        let matrix = try #require(run(s, "show W1").resultText)
        #expect(matrix.split(separator: "\n").count == 4)
        expectAligned(matrix, "show W1")
        #expect(matrix.contains("W₁ = "))
        let unit = try #require(run(s, "show a21").resultText)
        #expect(unit == "a₂₁ = 1.657", "\(unit)")
        // a unit with m > 1 examples is one value per example
        run(s, "x = [2 5 3 3; 1 0 0 1]\ny = [1 0; 0 1]")
        #expect(Self.value(s, "a21")?.numbers?.count == 2)
        #expect(Self.value(s, "a2")?.matrixValue?.count == 2)
    }

    @Test func showAloneShowsTheSession() throws {
        let empty = run(Session(), "show")
        #expect(empty.resultJSON?["kind"]?.stringValue == "session")
        #expect(empty.resultJSON?["network"]?.isNull == true)
        #expect(empty.resultText?.contains("No network yet") == true)
        let s = Self.workedSession()
        let r = run(s, "show")
        let json = try #require(r.resultJSON)
        #expect(json.at("network", "parameters")?.intValue == 30)
        #expect(json.at("parameters", "W2") == [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]])
        #expect(json.at("parameters", "b1") == [0.0, 0.0, 0.0, 0.0])
        #expect(json["x"] == [[2.0, 5.0, 3.0, 3.0]] && json["y"] == [[1.0, 0.0]])
        #expect(json["loss"]?.stringValue == "squared_error" && json["precision"]?.intValue == 4)
        let text = try #require(r.resultText)
        #expect(text.contains("30 parameters") && text.contains("W₂") && text.contains("x = "))
    }

    // MARK: explain

    @Test func explainWorkedExampleTextAndLimit() throws {
        let s = Self.workedSession()
        let r = run(s, "explain dL/dw131")
        let text = try #require(r.resultText)
        expectAligned(text, "explain table")
        for piece in ["∂L/∂ŷ₁", "∂ŷ₁/∂a₂₁", "∂a₂₁/∂h₁₃", "∂h₁₃/∂a₁₃", "∂a₁₃/∂w₁₃₁", "0.003159"] {
            #expect(text.contains(piece), "explain text lacks \(piece)")
        }
        #expect(r.result?[MIME.latex]?.stringValue?.contains(#"\partial"#) == true)
        let limited = try #require(run(s, "explain dL/dw131 limit 2").resultJSON)
        #expect(limited["path_count"]?.intValue == 4)
        let paths = limited["paths"]?.arrayValue ?? []
        #expect(paths.count == 2)
        for p in paths { expectSpec(p["product"]?.doubleValue, "0.0047390", "the largest paths first") }
        expectSpec(limited["path_sum"]?.doubleValue, "0.0031594", "sum still exact")
        #expect(limited["complete"]?.boolValue == false)
        #expect(run(s, "explain dL/db21").resultJSON?["path_count"]?.intValue == 2)
        #expect(run(s, "explain w212").resultJSON?["target"]?.stringValue == "dL/dw212")
    }

    @Test func explainWithMorePathsThanTheLimit() throws {
        // m · Π_{k≥1}(n_k if softmax) · Π_{k>1} n_k = 3 · (6·5) · (6·5) = 2700 paths to w111.
        let s = Session()
        run(s, """
            net 4 -> 8 tanh -> 6 softmax -> 5 softmax
            x = [0.1 0.2 0.3 0.4; -0.5 0.2 0.1 0; 1 -1 0.5 0.25]
            y = [1 0 0 0 0; 0 1 0 0 0; 0 0 0 0 1]
            """)
        let e = try #require(run(s, "explain dL/dw111 limit 7").resultJSON)
        #expect(e["path_count"]?.intValue == 2700)
        #expect(e["paths"]?.arrayValue?.count == 7)
        let gradient = try #require(Self.value(s, "dL/dw111")?.doubleValue)
        expectClose(e["gradient"]?.doubleValue, gradient, rel: 1e-12, "explain gradient = backward")
        expectClose(e["path_sum"]?.doubleValue, gradient, rel: 1e-9, abs: 1e-15, "path sum = gradient")
        let mags = (e["paths"]?.arrayValue ?? []).compactMap { $0["product"]?.doubleValue }.map(abs)
        #expect(mags == mags.sorted(by: >), "largest first")
        #expect(e.at("paths", 0, "example")?.intValue != nil, "m > 1 paths name their example")
        let text = try #require(run(s, "explain dL/dw111 limit 7").resultText)
        #expect(text.contains("2700 paths"))
        expectAligned(text, "explain table with many paths")
    }

    // MARK: step

    @Test func stepMatchesNumpy() throws {
        let fx = try LanguageFixtures.workedExample("squared_error")
        let s = Self.workedSession()
        let r = run(s, "step eta = 0.5")
        let json = try #require(r.resultJSON)
        #expect(json["kind"]?.stringValue == "step" && json["eta"]?.doubleValue == 0.5)
        let changes = try #require(json["changes"]?.arrayValue)
        #expect(changes.count == 30)
        let dW1 = try #require(fx.at("grads", "dW", 0)?.matrixValue)
        let w131 = try #require(changes.first { $0["name"]?.stringValue == "w131" })
        #expect(w131["old"]?.doubleValue == -0.3)
        expectClose(w131["grad"]?.doubleValue, dW1[2][0], "w131 grad")
        expectClose(w131["new"]?.doubleValue, -0.3 - 0.5 * dW1[2][0], rel: 1e-12, "w131 new")
        expectClose(json["loss_before"]?.doubleValue, fx.at("forward", "loss")?.doubleValue ?? .nan, "loss before")
        expectClose(Self.value(s, "loss")?.doubleValue, json["loss_after"]?.doubleValue ?? .nan, rel: 1e-12, "loss after = show loss")
        expectClose(Self.value(s, "w131")?.doubleValue, -0.3 - 0.5 * dW1[2][0], rel: 1e-12, "the step changed w131")
        let text = try #require(r.resultText)
        expectAligned(text, "step table")
        #expect(text.contains("w₁₃₁") && text.hasPrefix("loss after the step = "))
        // both option spellings
        let a = Self.workedSession(), b = Self.workedSession()
        run(a, "step eta 0.25")
        run(b, "step eta = 0.25")
        #expect(Self.value(a, "W1") == Self.value(b, "W1"))
        // the default eta is 1 (the spec's after-step numbers)
        let c = Self.workedSession()
        #expect(run(c, "step").resultJSON?["eta"]?.doubleValue == 1)
        expectSpec(Self.value(c, "w212")?.doubleValue, "0.930377", "w212 after step")
        // large networks: one row per matrix
        let big = Session()
        run(big, "net 10 -> 10 tanh -> 3 softmax\nx = [1 2 3 4 5 6 7 8 9 10]\ny = [0 1 0]")
        let bigText = try #require(run(big, "step").resultText)
        expectAligned(bigText, "step summary table")
        #expect(bigText.contains("W₁") && bigText.contains("100") && bigText.contains("b₂"), "\(bigText)")
    }

    // MARK: train

    static let xorSetup = """
        net 2 -> 4 tanh -> 1 sigmoid
        loss binary_cross_entropy
        x = [0 0; 0 1; 1 0; 1 1]
        y = [0; 1; 1; 0]
        """

    @Test func trainEpochsProgressAndCurve() throws {
        let s = Session()
        run(s, Self.xorSetup)
        let r = run(s, "train epochs 300 eta 0.5")
        let json = try #require(r.object(kind: "train"))
        #expect(json.keys.starts(with: ["kind", "epochs_run", "final_loss", "accuracy", "stopped", "losses"]) ||
                Set(["kind", "epochs_run", "final_loss", "accuracy", "stopped", "losses"]).isSubset(of: Set(json.keys)))
        #expect(json["epochs_run"]?.intValue == 300)
        #expect(json["stopped"]?.stringValue == "epochs")
        let losses = try #require(json["losses"]?.numbers)
        #expect(losses.count == 300)
        #expect(losses.allSatisfy { $0.isFinite })
        #expect((losses.last ?? 1) < (losses.first ?? 0))
        expectClose(json["final_loss"]?.doubleValue, Self.value(s, "loss")?.doubleValue ?? .nan, rel: 1e-12, "final loss is the loss of the kept parameters")
        // 0/1 single-column targets are classes: accuracy from ŷ ≥ 0.5
        let yhat = try #require(Self.value(s, "yhat")?.matrixValue)
        let right = zip(yhat, [0.0, 1, 1, 0]).filter { ($0[0] >= 0.5) == ($1 == 1) }.count
        expectClose(json["accuracy"]?.doubleValue, Double(right) / 4, "accuracy")
        // live progress: a display with an id, then updates of that id
        var progressID: String?
        for case let .display(bundle, id?) in r.outputs where bundle[MIME.json]?["kind"]?.stringValue == "train_progress" {
            progressID = id
        }
        let id = try #require(progressID)
        let updates = r.outputs.compactMap { if case let .updateDisplay(b, i) = $0, i == id { return b } else { return nil } }
        #expect(!updates.isEmpty)
        #expect(updates.last?[MIME.json]?["epoch"]?.intValue == 300)
        // the loss curve
        let result = try #require(r.result)
        #expect(result[MIME.svg] == nil, "the loss curve is in the HTML, as an image")
        let resultHTML = try #require(result[MIME.html]?.stringValue)
        let svg = try Self.svgOfImage(resultHTML)
        let parsed = try #require(SVGCounter.parse(svg), "the loss curve is XML")
        #expect(parsed.count("svg") == 1)
        #expect(parsed.count("path") + parsed.count("polyline") >= 1, "\(parsed.counts)")
        let text = try #require(r.resultText)
        // The headline (final loss), the outcome line, the title, the table, the sparkline.
        let table = text.split(separator: "\n").dropFirst(3).dropLast().joined(separator: "\n")
        expectAligned(table, "train table")
        #expect(text.contains("epochs run") && text.contains("300"))
    }

    @Test func trainUntilAndBatch() throws {
        let s = Session()
        run(s, Self.xorSetup)
        let r = run(s, "train epochs 5000 eta 1 until loss < 0.3")
        let json = try #require(r.object(kind: "train"))
        #expect(json["stopped"]?.stringValue == "target")
        let run_ = try #require(json["epochs_run"]?.intValue)
        #expect(run_ < 5000)
        let losses = try #require(json["losses"]?.numbers)
        #expect(losses.count == run_)
        #expect((losses.last ?? 1) < 0.3 && losses.dropLast().allSatisfy { $0 >= 0.3 })
        let b = run(s, "train epochs 3 batch 2 eta 0.1")
        #expect(b.object(kind: "train")?["epochs_run"]?.intValue == 3)
        #expect(b.resultText?.contains("batch") == true)
    }

    @Test func trainAccuracyOnOneHotIris() throws {
        let s = Session(directory: TestPaths.repository.appendingPathComponent("notebooks").path)
        run(s, """
            data "data/iris.csv" target species onehot normalize
            net 4 -> 8 tanh -> 3 softmax
            loss cross_entropy
            """)
        let r = run(s, "train epochs 100 eta 0.5")
        let json = try #require(r.object(kind: "train"))
        let accuracy = try #require(json["accuracy"]?.doubleValue)
        // independently: argmax of ŷ against the one-hot y after training
        let yhat = try #require(Self.value(s, "yhat")?.matrixValue)
        let y = try #require(Self.value(s, "y")?.matrixValue)
        let right = zip(yhat, y).filter { p, t in
            let k = p.indices.max { p[$0] < p[$1] } ?? -1
            return t[k] == 1
        }.count
        expectClose(accuracy, Double(right) / 150, "iris accuracy")
        #expect(accuracy > 0.85)
        #expect(r.resultText?.contains("%") == true)
        // regression targets have no accuracy
        let t = Session()
        run(t, "net 1 -> 1\nx = [1; 2]\ny = [0.5; 0.7]")
        #expect(run(t, "train epochs 2 eta 0.1").object(kind: "train")?["accuracy"]?.isNull == true)
    }

    // MARK: gradcheck

    @Test func gradcheckWorkedExample() throws {
        let fx = try LanguageFixtures.workedExample("squared_error")
        let s = Self.workedSession()
        let r = run(s, "gradcheck")
        let json = try #require(r.resultJSON)
        #expect(json["kind"]?.stringValue == "gradcheck")
        #expect(json["passed"]?.boolValue == true)
        #expect(json["eps"]?.doubleValue == 1e-6)
        let entries = try #require(json["entries"]?.arrayValue)
        #expect(entries.allSatisfy { $0["passed"]?.boolValue == true })
        // The maximum counts entries whose gradients are not both near zero (those are judged absolutely).
        let meaningful = entries.filter { max(abs($0["analytic"]?.doubleValue ?? 0), abs($0["numeric"]?.doubleValue ?? 0)) >= 1e-7 }
        #expect(meaningful.count < entries.count, "the worked example has exactly-zero gradients (w111…w114, b11)")
        #expect(json["max_relative_error"]?.doubleValue == meaningful.compactMap { $0["relative_error"]?.doubleValue }.max())
        #expect((json["max_relative_error"]?.doubleValue ?? 1) < 1e-5)
        let absolute = entries.map { abs(($0["analytic"]?.doubleValue ?? 0) - ($0["numeric"]?.doubleValue ?? 0)) }.max()
        #expect(json["max_absolute_error"]?.doubleValue == absolute)
        #expect(entries.count == 30)
        let dW2 = try #require(fx.at("grads", "dW", 1)?.matrixValue)
        let w212 = try #require(entries.first { $0["name"]?.stringValue == "w212" })
        expectClose(w212["analytic"]?.doubleValue, dW2[0][1], "analytic w212")
        expectClose(w212["numeric"]?.doubleValue, dW2[0][1], rel: 1e-6, "numeric w212")
        for e in entries {
            let a = e["analytic"]?.doubleValue ?? .nan, n = e["numeric"]?.doubleValue ?? .nan
            #expect(abs(a - n) <= 1e-6, "\(e["name"]?.stringValue ?? "")")
        }
        let text = try #require(r.resultText)
        expectAligned(text, "gradcheck table")
        #expect(text.contains("passed") && text.contains("w₂₁₂") && text.contains("✓"))
        #expect(run(s, "gradcheck eps 1e-4").resultJSON?["eps"]?.doubleValue == 1e-4)
    }

    // MARK: chain

    static let chainCases: [JSONValue] = (try? LanguageFixtures.load("chain_cases.json"))?["cases"]?.arrayValue ?? []

    @Test func chainFixturesAreThere() { #expect(Self.chainCases.count == 38) }

    @Test(arguments: 0..<38) func chainMatchesSympy(_ k: Int) throws {
        let c = try #require(k < Self.chainCases.count ? Self.chainCases[k] : nil)
        let statement = try #require(c["statement"]?.stringValue)
        let r = run(Session(), statement)
        let json = try #require(r.resultJSON, "\(statement)")
        #expect(json["kind"]?.stringValue == "chain")
        expectClose(json["value"]?.doubleValue, c["value"]?.doubleValue ?? .nan, rel: 1e-9, abs: 1e-12, "\(statement) value")
        let want = c["derivatives"]?.objectValue ?? []
        #expect(json["derivatives"]?.keys.sorted() == want.map(\.key).sorted(), "\(statement)")
        for (name, value) in want {
            expectClose(json.at("derivatives", name)?.doubleValue, value.doubleValue ?? .nan, rel: 1e-9, abs: 1e-12,
                        "\(statement) d/d\(name)")
        }
    }

    @Test func chainNodesAndText() throws {
        let r = run(Session(), "chain exp(exp(x^2)) at x = 0.5")
        let json = try #require(r.resultJSON)
        expectSpec(json.at("derivatives", "x")?.doubleValue, "4.636804", "the spec's number is the derivative")
        expectSpec(json["value"]?.doubleValue, "3.611147", "the value")
        let nodes = try #require(json["nodes"]?.arrayValue)
        // intermediate nodes h1, h2, then the result under a name that is not a variable
        #expect(nodes.map { $0["name"]?.stringValue ?? "" }.prefix(2) == ["h1", "h2"])
        #expect(nodes.count == 3 && nodes.last?["name"]?.stringValue != "x")
        #expect(nodes.first?["expr"]?.stringValue == "x^2")
        #expect(nodes.map { $0["expr"]?.stringValue ?? "" }.dropFirst() == ["exp(h1)", "exp(h2)"])
        expectClose(nodes.first?["value"]?.doubleValue, 0.25, "h1")
        let text = try #require(r.resultText)
        #expect(text.hasPrefix("∂y/∂x = 4.637") && text.contains("3.611"))
        // the headline (the derivative) and the value, then two tables
        let tables = blocks(text.split(separator: "\n", maxSplits: 2).last.map(String.init) ?? "")
        #expect(tables.count == 2)
        for t in tables { expectAligned(t, "chain table") }
        #expect(r.result?[MIME.latex]?.stringValue?.contains("e^{") == true)
        // two variables: a path per route, summed per variable
        let two = try #require(run(Session(), "chain x*y + sin(x) at x = 1, y = 2").resultJSON)
        let xPaths = (two["paths"]?.arrayValue ?? []).filter { $0["variable"]?.stringValue == "x" }
        #expect(xPaths.count == 2)
        expectClose(xPaths.compactMap { $0["product"]?.doubleValue }.reduce(0, +), two.at("derivatives", "x")?.doubleValue ?? .nan,
                    rel: 1e-12, "sum over paths")
        expectClose(two.at("numeric", "y")?.doubleValue, 1, rel: 1e-6, "numerical check")
    }

    // MARK: graph

    @Test func graphIsAnSVGOfUnitsAndEdges() throws {
        let s = Self.workedSession()
        let r = run(s, "graph")
        #expect(r.result == nil, "a picture is a display")
        let bundle = try #require(r.bundles.first)
        #expect(bundle[MIME.json]?["kind"]?.stringValue == "graph")
        #expect(bundle[MIME.json]?["sizes"] == [4, 4, 2])
        #expect(bundle[MIME.json]?["edges"]?.stringValue == "weights")
        #expect(bundle[MIME.plain]?.stringValue?.contains("4 sigmoid") == true)
        let svg = try #require(bundle[MIME.svg]?.stringValue)
        let parsed = try #require(SVGCounter.parse(svg), "graph SVG is XML")
        #expect(parsed.count("circle") == 10, "\(parsed.counts)")
        #expect(parsed.count("line") >= 24, "\(parsed.counts)")
        run(s, "backward")
        let after = try #require(run(s, "graph").bundles.first)
        #expect(after[MIME.json]?["edges"]?.stringValue == "gradients")
        #expect(SVGCounter.parse(after[MIME.svg]?.stringValue ?? "") != nil)
        // changing parameters makes the shown gradients stale
        run(s, "w212 = 0.1")
        #expect(run(s, "graph").bundles.first?[MIME.json]?["edges"]?.stringValue == "weights")
    }

    // MARK: save and load

    @Test func saveLoadRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = Session(directory: dir.path)
        run(s, workedExampleSetup + "\nloss cross_entropy\nprecision 6\nstep eta 0.3")
        let before = run(s, "show").resultJSON
        let saved = run(s, "save \"model.json\"")
        #expect(saved.resultJSON?["kind"]?.stringValue == "save" && saved.resultJSON?["parameters"]?.intValue == 30)
        #expect(saved.resultText?.contains("model.json") == true)
        let data = try Data(contentsOf: dir.appendingPathComponent("model.json"))
        #expect((try? JSONValue.parse(Array(data))) != nil)
        let t = Session(directory: dir.path)
        let loaded = run(t, "load \"model.json\"")
        #expect(loaded.resultJSON?["kind"]?.stringValue == "net")
        #expect(run(t, "show").resultJSON == before, "every parameter, the data, loss and precision survive")
        #expect(Self.value(t, "loss") == Self.value(s, "loss"))
    }

    // MARK: precision, print, warn, clear, help

    @Test func precisionChangesTablesNotJSON() throws {
        let s = Self.workedSession()
        #expect(run(s, "precision 6").bundles.isEmpty)
        let r = run(s, "show dL/dw212")
        #expect(r.resultText == "∂L/∂w₂₁₂ = -0.130377", "\(r.resultText ?? "")")
        expectClose(r.resultJSON?["value"]?.doubleValue, -0.13037670618017344, rel: 1e-12, "full precision in JSON")
        #expect(run(s, "show").resultJSON?["precision"]?.intValue == 6)
        run(s, "precision 2")
        #expect(run(s, "show w212").resultText == "w₂₁₂ = 0.80")
    }

    @Test func printAndWarnStreams() {
        let s = Session()
        let r = run(s, "print \"hello\"\nwarn \"careful\"\nprint \"ünïcode ∂\"")
        #expect(r.stream(.stdout) == "hello\nünïcode ∂\n")
        #expect(r.stream(.stderr) == "careful\n")
        #expect(r.bundles.isEmpty)
        #expect(r.outputs.first?.machineReadable == ["kind": "stream", "name": "stdout", "text": "hello\n"])
    }

    @Test func clearClearsTheOutput() {
        let r = run(Session(), "print \"a\"\nclear\nprint \"b\"")
        #expect(r.outputs.count == 3)
        if case .clear = r.outputs[1] {} else { Issue.record("expected a clear: \(r.outputs)") }
        #expect(r.outputs[1].machineReadable == nil)
    }

    @Test func helpListsEveryStatement() throws {
        let r = run(Session(), "help")
        #expect(r.result == nil, "help is a display, not the result")
        #expect(r.page == nil, "help is a display (saved notebooks keep it), not a pager payload")
        let html = try #require(r.help?[MIME.html]?.stringValue)
        #expect(html.contains("<pre") && html.contains("explain"))
        let json = try #require(r.help?[MIME.json])
        #expect(json["kind"]?.stringValue == "help" && json["topic"]?.isNull == true)
        let text = try #require(r.help?[MIME.plain]?.stringValue)
        for keyword in ["net", "loss", "init", "data", "forward", "backward", "show", "explain", "step", "train",
                        "gradcheck", "chain", "graph", "save", "load", "precision", "print", "clear", "help"] {
            #expect(text.contains(keyword), "help lacks \(keyword)")
        }
        let e = run(Session(), "help explain")
        #expect(e.help?[MIME.json]?["topic"]?.stringValue == "explain")
        #expect(e.help?[MIME.plain]?.stringValue?.contains("explain dL/dw") == true)
        #expect(e.help?[MIME.plain]?.stringValue != text)
    }

    @Test func theLastStatementIsTheResultTheOthersAreDisplays() {
        let s = Session()
        let r = run(s, "net 2 -> 1\nchain x at x = 1")
        #expect(r.outputs.count == 2)
        if case .display = r.outputs[0] {} else { Issue.record("first is a display") }
        #expect(r.resultJSON?["kind"]?.stringValue == "chain")
    }
}
