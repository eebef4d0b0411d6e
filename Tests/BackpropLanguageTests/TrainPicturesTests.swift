import Backprop
import Foundation
import JSON
import Rendering
import Testing
@testable import BackpropLanguage

/// The pictures that teach (issue 15): gradient norms per layer, the decision boundary, kept
/// runs and `compare`, and the held-out line of the loss curve. Numbers come from
/// Tests/fixtures/gen_picture_fixtures.py (numpy, long double).
@Suite("Training pictures")
struct TrainPicturesTests {
    static let fixture: JSONValue? = try? LanguageFixtures.load("picture_cases.json")

    /// `[1 2; 3 4]` with every number written so that it reads back exactly.
    static func literal(_ rows: [[Double]]) -> String {
        "[" + rows.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "; ") + "]"
    }

    static func rows(_ value: JSONValue?) -> [[Double]] {
        (value?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.doubleValue) }
    }

    /// The cell that sets a fixture case's network, parameters and data.
    static func setup(_ c: JSONValue) -> String {
        let sizes = (c["sizes"]?.arrayValue ?? []).compactMap(\.intValue)
        let acts = (c["acts"]?.arrayValue ?? []).compactMap(\.stringValue)
        var lines = ["net " + ([String(sizes[0])] + zip(sizes.dropFirst(), acts).map { "\($0) \($1)" }).joined(separator: " -> ")]
        if let loss = c["loss"]?.stringValue { lines.append("loss \(loss)") }
        for (l, w) in (c["W"]?.arrayValue ?? []).enumerated() { lines.append("W\(l + 1) = " + literal(rows(w))) }
        for (l, b) in (c["b"]?.arrayValue ?? []).enumerated() { lines.append("b\(l + 1) = " + literal([(b.arrayValue ?? []).compactMap(\.doubleValue)])) }
        lines.append("x = " + literal(rows(c["x"])))
        lines.append("y = " + literal(rows(c["y"])))
        return lines.joined(separator: "\n")
    }

    static func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool {
        a == b || abs(a - b) <= rel * max(abs(a), abs(b))
    }

    // MARK: norms

    @Test func normsAgreeWithNumpy() throws {
        let cases = try #require(Self.fixture?["norms"]?.arrayValue)
        #expect(cases.count >= 8)
        for c in cases {
            let session = Session()
            run(session, Self.setup(c))
            let json = try #require(run(session, "norms").object(kind: "norms"))
            let layers = try #require(json["layers"]?.arrayValue)
            let name = c["name"]?.stringValue ?? "?"
            let want = [("weights", "weights"), ("bias", "bias"), ("weight_norm", "weight_norm")]
            for (key, fixtureKey) in want {
                let expected = (c[fixtureKey]?.arrayValue ?? []).compactMap(\.doubleValue)
                let got = layers.compactMap { $0[key]?.doubleValue }
                #expect(got.count == expected.count, "\(name) \(key)")
                for (g, e) in zip(got, expected) { #expect(Self.close(g, e), "\(name) \(key): \(g) vs numpy \(e)") }
            }
        }
    }

    @Test func theDeepSigmoidNetworkShowsTheVanishingGradient() throws {
        let cases = try #require(Self.fixture?["norms"]?.arrayValue)
        let sigmoid = try #require(cases.first { $0["name"]?.stringValue == "deep_sigmoid" })
        let session = Session()
        run(session, Self.setup(sigmoid))
        let ran = run(session, "norms")
        // The headline compares the first layer's gradient with the last's (numbers from numpy).
        let w = (sigmoid["weights"]?.arrayValue ?? []).compactMap(\.doubleValue)
        let ratio = try #require(w.first) / (try #require(w.last))
        #expect(ratio < 1e-2)
        let text = try #require(ran.resultText)
        #expect(text.contains("times ‖∇W₆‖"))
        #expect(text.contains(NumberFormat(precision: 3).scientific(ratio)), "\(text)")
        // The chart: one bar per norm, on a log axis; well-formed, and small.
        let html = try #require(ran.result?[MIME.html]?.stringValue)
        let svg = try PictureParser.image(in: html)
        #expect(svg.all("rect", class: "bar").count == 12)
        #expect(svg.texts.contains("norm (log scale)"))
        #expect(svg.texts.contains("‖∇W‖") && svg.texts.contains("‖∇b‖"))
        #expect(try StatementTests.svgOfImage(html).utf8.count < 20_000)
        // The bars' heights grow with the norms (log scale): layer 1's ‖∇W‖ bar is the shortest.
        let heights = svg.all("rect", class: "bar").compactMap { $0["height"].flatMap(Double.init) }
        let weightBars = stride(from: 0, to: heights.count, by: 2).map { heights[$0] }
        #expect(weightBars.first == weightBars.min())
    }

    @Test func aZeroGradientHasNoBarButAMarkAndLinearScaleWorks() throws {
        let session = Session()
        // relu units dead for the example: no gradient reaches W1 or b1.
        run(session, "net 2 -> 2 relu -> 1\nW1 = [-1 -1; -1 -1]\nb1 = 0\nx = [1 1]\ny = [1]")
        let ran = run(session, "norms scale linear")
        let svg = try PictureParser.image(in: try #require(ran.result?[MIME.html]?.stringValue))
        let layers = try #require(ran.object(kind: "norms")?["layers"]?.arrayValue)
        #expect(layers[0]["weights"]?.doubleValue == 0 && layers[0]["bias"]?.doubleValue == 0)
        #expect(svg.all("rect", class: "bar").count == 1)   // ‖∇W₂‖ = 0 too (h1 = 0), ‖∇b₂‖ is not
        #expect(svg.texts.filter { $0 == "0" }.count >= 3)
        #expect(!svg.texts.contains("norm (log scale)"))
        #expect(ran.resultText?.contains("nan") == false)
    }

    @Test func normsNeedAnExample() {
        let session = Session()
        run(session, "net 2 -> 1")
        #expect(runExpectingError(session, "norms").error?.ename == "StateError")
        #expect(runExpectingError(session, "norms scale cubic").error?.ename == "SyntaxError")
    }

    @Test func backwardStillShowsWhatItShowed() throws {
        let session = Session()
        run(session, workedExampleSetup)
        let text = try #require(run(session, "backward").resultText)
        #expect(!text.contains("‖"))
    }

    // MARK: boundary

    @Test func boundaryClassesAgreeWithANumpyForwardPass() throws {
        let cases = try #require(Self.fixture?["boundary"]?.arrayValue)
        #expect(cases.count >= 5)
        for c in cases {
            let name = c["name"]?.stringValue ?? "?"
            let session = Session()
            run(session, Self.setup(c))
            let cells = try #require(c["cells"]?.intValue)
            let json = try #require(run(session, "boundary grid \(cells)").object(kind: "boundary"))
            #expect(json["x_range"]?.arrayValue?.compactMap(\.doubleValue) == c["x_range"]?.arrayValue?.compactMap(\.doubleValue), "\(name)")
            #expect(json["y_range"]?.arrayValue?.compactMap(\.doubleValue) == c["y_range"]?.arrayValue?.compactMap(\.doubleValue), "\(name)")
            let ties = Set((c["ties"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.intValue) })
            let expected = (c["classes"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.intValue) }
            let got = (json["classes"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.intValue) }
            #expect(got.count == cells && expected.count == cells, "\(name)")
            var wrong = 0
            for r in 0..<min(got.count, expected.count) {
                for col in 0..<min(got[r].count, expected[r].count) where !ties.contains([r, col]) && got[r][col] != expected[r][col] {
                    wrong += 1
                }
            }
            #expect(wrong == 0, "\(name): \(wrong) cells differ from numpy")
        }
    }

    @Test func theBoundaryPictureHasOnePathPerClassAndEveryPoint() throws {
        let cases = try #require(Self.fixture?["boundary"]?.arrayValue)
        for c in cases {
            let session = Session()
            run(session, Self.setup(c))
            let cells = try #require(c["cells"]?.intValue)
            let ran = run(session, "boundary grid \(cells)")
            let html = try #require(ran.result?[MIME.html]?.stringValue)
            let svg = try PictureParser.image(in: html)
            let classes = Set((c["classes"]?.arrayValue ?? []).flatMap { ($0.arrayValue ?? []).compactMap(\.intValue) })
            #expect(svg.all("path", class: "region").count == classes.count)
            #expect(Set(svg.all("path", class: "region").compactMap { $0["data-class"].flatMap(Int.init) }) == classes)
            #expect(svg.all("circle", class: "point").count == (c["x"]?.arrayValue?.count ?? -1))
            // The runs of a path cover exactly its cells: count the "z" of every subpath.
            let runs = svg.all("path", class: "region").map { ($0["d"] ?? "").filter { $0 == "z" }.count }.reduce(0, +)
            #expect(runs >= classes.count && runs <= cells * cells)
            // A picture of its own (image/svg+xml) as well as the HTML image.
            #expect(ran.result?[MIME.svg]?.stringValue?.hasPrefix("<svg") == true)
        }
    }

    @Test func theBoundaryStaysSmallForAFineGridAndManyPoints() throws {
        let session = Session()
        // 2 000 examples on a ring, a fine grid: the points drawn are capped, the regions merged.
        let xs = (0..<2000).map { k -> [Double] in
            let t = Double(k) * 0.0031415, r = 1 + Double(k % 7) * 0.1
            return [r * cos(t * 2), r * sin(t * 2)]
        }
        run(session, "net 2 -> 6 tanh -> 3 softmax\ninit xavier seed 4\nx = " + Self.literal(xs))
        let ran = run(session, "boundary grid 100")
        let html = try #require(ran.result?[MIME.html]?.stringValue)
        let svg = try PictureParser.image(in: html)
        let drawn = svg.all("circle", class: "point").count
        #expect(drawn <= RegionMap.maxPoints && drawn >= RegionMap.maxPoints / 2)
        #expect(try StatementTests.svgOfImage(html).utf8.count < 150_000)
        #expect(ran.resultText?.contains("(\(drawn) drawn, every 4th)") == true)
        // Without y the points are hollow.
        #expect(svg.all("circle", class: "point").allSatisfy { $0["fill"] == "none" })
    }

    @Test func boundaryErrorsSayWhatIsWrongAndChangeNothing() throws {
        let session = Session()
        run(session, workedExampleSetup)
        let fourInputs = runExpectingError(session, "boundary")
        #expect(fourInputs.error?.ename == "ValueError")
        #expect(fourInputs.error?.message.contains("2 inputs, and this network has 4 inputs") == true)
        let before = session.state.network
        let train = runExpectingError(session, "train epochs 5 boundary")
        #expect(train.error?.message.contains("2 inputs") == true)
        #expect(session.state.network == before)
        #expect(runExpectingError(session, "boundary grid 3").error?.ename == "SyntaxError")
        #expect(runExpectingError(session, "boundary grid 101").error?.message.contains("100") == true)
        let fresh = Session()
        run(fresh, "net 2 -> 1")
        #expect(runExpectingError(fresh, "boundary").error?.ename == "StateError")  // no x
        run(session, "net 2 -> 1")
        session.state.x = try Matrix([[1, 2, 3]])
        #expect(runExpectingError(session, "boundary").error?.ename == "ShapeError")
        #expect(runExpectingError(session, "train boundary every 0").error?.ename == "SyntaxError")
    }

    @Test func trainDrawsTheBoundaryAfterwardsOrLiveOnOneDisplay() throws {
        let session = Session()
        run(session, "net 2 -> 4 tanh -> 1 sigmoid\nloss binary_cross_entropy\nx = [0 0; 0 1; 1 0; 1 1]\ny = [0; 1; 1; 0]")
        let after = run(session, "train epochs 20 eta 0.5 boundary")
        #expect(after.object(kind: "train") != nil && after.object(kind: "boundary") != nil)
        let live = run(session, "train epochs 40 eta 0.5 boundary every 10")
        var firstID: String? = nil
        var updates: [JSONValue] = []
        for output in live.outputs {
            switch output {
            case let .display(bundle, id?) where bundle[MIME.json]?["kind"]?.stringValue == "boundary": firstID = id
            case let .updateDisplay(bundle, id) where id == firstID: updates.append(bundle)
            default: break
            }
        }
        #expect(firstID != nil)
        #expect(!updates.isEmpty && updates.count <= 4 + 1)
        #expect(updates.last?[MIME.plain]?.stringValue?.contains("after epoch 40 (done)") == true)
        // Live frames are HTML images only (no second copy as image/svg+xml).
        #expect(updates.allSatisfy { $0[MIME.svg] == nil })
        // The live frames' last picture is the trained network's: the same as `boundary`.
        let now = run(session, "boundary").object(kind: "boundary")?["classes"]
        #expect(updates.last?[MIME.json]?["classes"] == now)
    }

    // MARK: compare

    @Test func compareOverlaysRunsAndSaysWhatDiffers() throws {
        let session = Session()
        let data = "x = [0 0; 0 1; 1 0; 1 1]\ny = [0; 1; 1; 0]"
        run(session, "net 2 -> 4 sigmoid -> 1 sigmoid\n\(data)\ninit xavier seed 2\ntrain epochs 2000 eta 0.5 as sigmoid_run")
        run(session, "net 2 -> 4 tanh -> 1 sigmoid\n\(data)\ninit xavier seed 2\ntrain epochs 2000 eta 0.5 as tanh_run")
        let ran = run(session, "compare sigmoid_run tanh_run scale log")
        let json = try #require(ran.object(kind: "compare"))
        #expect(json["differ"]?.arrayValue?.compactMap(\.stringValue) == ["network"])
        #expect(json["scale"]?.stringValue == "log")
        let runs = try #require(json["runs"]?.arrayValue)
        #expect(runs.count == 2)
        for r in runs { #expect((r["losses"]?.arrayValue?.count ?? 0) <= RunStore.maxPoints) }
        // The final losses in the table are the runs' own (each train's result).
        let text = try #require(ran.resultText)
        #expect(text.contains("they differ in network"))
        #expect(text.contains("2 inputs → 4 sigmoid → 1 sigmoid") && text.contains("2 inputs → 4 tanh → 1 sigmoid"))
        let svg = try PictureParser.image(in: try #require(ran.result?[MIME.html]?.stringValue))
        #expect(svg.all("path").count == 2)
        #expect(svg.texts.contains("sigmoid_run") && svg.texts.contains("tanh_run"))
        #expect(svg.texts.contains("loss (log scale)"))
        // Same settings, one name twice the run: "they differ only in their names".
        run(session, "net 2 -> 4 tanh -> 1 sigmoid\n\(data)\ninit xavier seed 2\ntrain epochs 2000 eta 0.5 as again")
        let same = run(session, "compare tanh_run again")
        #expect(same.object(kind: "compare")?["differ"]?.arrayValue?.isEmpty == true)
        #expect(same.object(kind: "compare")?["runs"]?.at(0, "final_loss") == same.object(kind: "compare")?["runs"]?.at(1, "final_loss"))
        // `compare` alone lists them.
        #expect(run(session, "compare").object(kind: "runs")?["names"]?.arrayValue?.count == 3)
    }

    @Test func compareRefusesRunsOnDifferentData() throws {
        let session = Session()
        run(session, "net 2 -> 3 tanh -> 1 sigmoid\nx = [0 0; 0 1; 1 0; 1 1]\ny = [0; 1; 1; 0]\ntrain epochs 10 as xor")
        run(session, "y = [0; 0; 0; 1]\ntrain epochs 10 as and")
        let ran = runExpectingError(session, "compare xor and")
        #expect(ran.error?.ename == "DataError")
        #expect(ran.error?.message.contains("different data") == true)
        // A split is part of the data.
        run(session, "split 0.5 seed 1\ntrain epochs 10 as and_split")
        #expect(runExpectingError(session, "compare and and_split").error?.ename == "DataError")
    }

    @Test func compareAndKeptRunsAreBoundedWithClearErrors() throws {
        let session = Session()
        run(session, "net 2 -> 1 sigmoid\nx = [0 0; 1 1]\ny = [0; 1]")
        for k in 1...RunStore.maxRuns { run(session, "train epochs 2 as r\(k)") }
        let more = runExpectingError(session, "train epochs 2 as one_more")
        #expect(more.error?.ename == "ValueError")
        #expect(more.error?.message.contains("at most \(RunStore.maxRuns) runs") == true)
        run(session, "train epochs 3 as r1")  // a kept name is replaced
        #expect(session.state.runs.run(named: "r1")?.epochsRun == 3)
        #expect(session.state.runs.runs.count == RunStore.maxRuns)
        #expect(runExpectingError(session, "compare r1 nope").error?.ename == "NameError")
        #expect(runExpectingError(session, "compare r1").error?.ename == "SyntaxError")
        #expect(runExpectingError(session, "compare r1 r1").error?.message.contains("named twice") == true)
        #expect(runExpectingError(session, "train as scale").error?.ename == "SyntaxError")
        #expect(runExpectingError(session, "train as").error?.message.contains("missing run name") == true)
        #expect(runExpectingError(session, "train as \"x\"").error?.ename == "SyntaxError")
        // 100 000 epochs keep at most 500 points.
        run(session, "train epochs 20000 as r2")
        let long = try #require(session.state.runs.run(named: "r2"))
        #expect(long.losses.count <= RunStore.maxPoints && long.epochs.last == 20000)
    }

    // MARK: the held-out line

    @Test func theLossCurveDrawsTrainingAndHeldOutWithASplit() throws {
        let session = Session()
        let xs: [[Double]] = (0..<40).map { (k: Int) -> [Double] in
            let a: Double = Double(k % 8) / 4 - 1, b: Double = Double(k / 8) / 2 - 1
            return [a, b]
        }
        let ys: [[Double]] = xs.map { (p: [Double]) -> [Double] in [p[0] * p[1] > 0 ? 1.0 : 0.0] }
        run(session, "net 2 -> 6 tanh -> 1 sigmoid\nloss binary_cross_entropy\nx = \(Self.literal(xs))\ny = \(Self.literal(ys))")
        let plain = run(session, "train epochs 30 eta 0.5")
        let one = try PictureParser.image(in: try #require(plain.result?[MIME.html]?.stringValue))
        #expect(one.all("path").count == 1 && !one.texts.contains("held-out"))
        let split = try Dataset(x: try #require(session.state.x), y: try #require(session.state.y)).split(fraction: 0.75, seed: 3)
        run(session, "split 0.75 seed 3")
        let ran = run(session, "train epochs 30 eta 0.5")
        let svg = try PictureParser.image(in: try #require(ran.result?[MIME.html]?.stringValue))
        #expect(svg.all("path").count == 2)
        #expect(svg.texts.contains("training") && svg.texts.contains("held-out"))
        let json = try #require(ran.object(kind: "train"))
        #expect(json["held_out_losses"]?.arrayValue?.count == 30)
        // The final held-out loss is that of a forward pass on the held-out examples.
        session.state.x = split.heldOut.x
        session.state.y = split.heldOut.y
        let forward = try #require(run(session, "forward").object(kind: "forward")?["loss"]?.doubleValue)
        let heldOut = try #require(json["final_held_out_loss"]?.doubleValue)
        #expect(Self.close(forward, heldOut, rel: 1e-12))
        #expect(ran.resultText?.contains("held-out loss") == true)
    }
}
