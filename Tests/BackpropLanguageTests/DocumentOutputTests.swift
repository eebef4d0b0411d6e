import Testing
import Backprop
import BackpropLanguage
import JSON
import Rendering

/// Issue 12's output: the answer as the headline, significant digits, HTML that needs no
/// MathJax, explain's `nonzero` and `factored`, help as a display. Numbers come from the
/// notes (0.0031594) and the numpy fixtures.
extension StatementTests {
    @Test func explainHeadlineIsTheAnswer() throws {
        let r = run(Self.workedSession(), "explain dL/dw131")
        let text = try #require(r.resultText)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "∂L/∂w₁₃₁ = 0.003159 = backward pass ✓")
        #expect(lines.dropFirst().first == "w₁₃₁: into unit 3 of layer 1 from input x₁")
        let html = try #require(r.result?[MIME.html]?.stringValue)
        #expect(html.contains("<div class=\"bp-headline\" style=\"font-weight:600;margin:0.2em 0 0.5em 0\">"))
        #expect(html.contains("∂L/∂w₁₃₁</span> = 0.003159 = backward pass ✓</div>"))
        // precision N is N significant digits.
        let s = Self.workedSession()
        run(s, "precision 2")
        #expect(run(s, "explain dL/dw131").resultText?.hasPrefix("∂L/∂w₁₃₁ = 0.0032 = backward pass ✓") == true)
    }

    @Test func explainSaysWhatTheWeightConnects() throws {
        let s = Self.workedSession()
        #expect(run(s, "explain w212").resultText?.contains("w₂₁₂: into unit 1 of layer 2 (the output ŷ₁) from unit 2 of layer 1 (h₁₂)") == true)
        #expect(run(s, "explain b13").resultText?.contains("b₁₃: the bias of unit 3 of layer 1") == true)
    }

    @Test func explainFactoredGroupsSharedFactors() throws {
        let r = run(Self.workedSession(), "explain dL/dw131 factored")
        let json = try #require(r.resultJSON)
        #expect(json.at("factored", "expression")?.stringValue == "(∂L/∂a₂₁·w₂₁₃ + ∂L/∂a₂₂·w₂₂₃)·σ′(a₁₃)·x₁")
        expectSpec(json.at("factored", "value")?.doubleValue, "0.0031594", "factored value")
        #expect(r.result?[MIME.latex]?.stringValue?.contains(#"\left(\frac{\partial L}{\partial a_{21}} \cdot w_{213}"#) == true)
    }

    /// On every fixture case whose paths are few enough to list, the factored sum equals numpy's gradient.
    @Test(arguments: 0..<71) func explainFactoredMatchesNumpy(_ k: Int) throws {
        let c = try #require(k < Self.cases.count ? Self.cases[k] : nil)
        let name = c["name"]?.stringValue ?? "\(k)"
        let s = Session()
        run(s, Self.program(for: c))
        for p in c["paths"]?.arrayValue ?? [] {
            guard let count = p["path_count"]?.intValue, count <= 2000, let param = p["param"] else { continue }
            let layer = param["layer"]?.intValue ?? 0, i = param["i"]?.intValue ?? 0
            let indices = param["kind"]?.stringValue == "w" ? [layer, i, param["j"]?.intValue ?? 0] : [layer, i]
            let letter = param["kind"]?.stringValue ?? "?"
            let spelled = indices.allSatisfy { $0 < 10 } ? letter + indices.map(String.init).joined()
                                                          : letter + "[" + indices.map(String.init).joined(separator: ",") + "]"
            let e = try #require(run(s, "explain dL/d\(spelled) limit \(max(count, 1)) factored").resultJSON, "\(name) \(spelled)")
            let want = p["sum"]?.doubleValue ?? .nan
            expectClose(e.at("factored", "value")?.doubleValue, want, rel: 1e-9, abs: 1e-13, "\(name) \(spelled) factored")
        }
    }

    @Test func explainNonzeroHidesZeroPaths() throws {
        let s = Session()
        run(s, """
            net 2 -> 3 sigmoid -> 2 sigmoid
            W1 = [0.1 0.2; 0.3 0.4; 0.5 0.6]
            W2 = [0 0.5 1; 0.3 0 0.2]
            x = [1 2]
            y = [1 0]
            """)
        let all = try #require(run(s, "explain dL/dw111").resultJSON)
        #expect(all["paths"]?.arrayValue?.count == 2)
        let r = run(s, "explain dL/dw111 nonzero")
        let json = try #require(r.resultJSON)
        #expect(json["paths"]?.arrayValue?.count == 1 && json["hidden_zero_paths"]?.intValue == 1)
        #expect(json.at("paths", 0, "product")?.doubleValue != 0)
        #expect(r.resultText?.contains("1 path whose product is exactly 0 is hidden (nonzero)") == true)
    }

    @Test func explainStatesTheOneOverM() throws {
        let s = Session()
        run(s, "net 2 -> 2 sigmoid -> 1 sigmoid\nx = [1 2; 3 4]\ny = [1; 0]")
        #expect(run(s, "explain dL/dw111").resultText?.contains("the 1/m = 1/2") == true)
        #expect(run(Self.workedSession(), "explain dL/dw111").resultText?.contains("1/m") == false)
    }

    @Test func headlinesOfStepTrainChainGradcheck() throws {
        let s = Self.workedSession()
        let step = try #require(run(s, "step eta = 1").resultText)
        let after = try #require(run(s, "forward").resultJSON?["loss"]?.doubleValue)
        #expect(step.hasPrefix("loss after the step = " + NumberFormat().string(after) + " (before: 0.1055)"))
        let chain = try #require(run(Session(), "chain x^2 * sin(x) at x = 2").resultText)
        // d/dx x² sin x = 2x sin x + x² cos x = 1.9726… at x = 2 (4 sin 2 + 4 cos 2).
        #expect(chain.hasPrefix("∂y/∂x = 1.973\n"))
        let check = try #require(run(Self.workedSession(), "gradcheck").resultText)
        #expect(check.hasPrefix("gradient check passed: all 30 entries agree with central differences"))
        // ∂L/∂w₁₁₁ is exactly 0 in the worked example (h₁₁'s two outgoing weights are equal): judged absolutely.
        #expect(check.contains("judged absolutely: |Δ| = "))
        let train = try #require(run(Self.workedSession(), "train epochs 5").resultText)
        #expect(train.hasPrefix("final loss = "))
    }

    /// No statement's HTML relies on MathJax: no `$`, no backslash commands.
    @Test func htmlHasNoRawTeX() throws {
        let s = Self.workedSession()
        for code in ["net 4 -> 4 sigmoid -> 2 softmax", "forward", "backward", "explain dL/dw131 factored", "show dL/dW1",
                     "show W2", "show", "gradcheck", "chain x^2 * sin(x) at x = 2", "help", "help explain", "graph"] {
            let r = run(code == "net 4 -> 4 sigmoid -> 2 softmax" ? Session() : s, code)
            let bundles = r.outputs.compactMap { output -> JSONValue? in
                switch output {
                case let .result(b), let .display(b, _): return b
                default: return nil
                }
            }
            #expect(!bundles.isEmpty, "\(code) shows something")
            for bundle in bundles {
                let html = try #require(bundle[MIME.html]?.stringValue, "\(code) has HTML")
                let outsideSVG = html.split(separator: "<svg").first.map(String.init) ?? html
                #expect(!outsideSVG.contains("$") && !outsideSVG.contains("\\"), "\(code): raw TeX in HTML")
                #expect(!html.contains("opacity:0.75"), "\(code): no dimmed notes")
            }
        }
    }
}
