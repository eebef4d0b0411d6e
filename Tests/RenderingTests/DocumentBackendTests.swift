import Testing
@testable import Rendering

/// One document, written by each backend: the text each one produces.
@Suite struct DocumentBackendTests {
    /// The notes' answer 0.0031594 (∂L/∂w₁₃₁ of the worked example) and a small table.
    static func sample() -> Document {
        var doc = Document(format: NumberFormat())
        doc.headline([.math(#"\frac{\partial L}{\partial w_{131}}"#, plain: "∂L/∂w₁₃₁"), " = ", .number(0.0031594), " = backward pass ✓"])
        var table = DocumentTable(caption: "Paths", columns: [.init("path", .right), .init("product", .decimal)])
        table.addRow(["1", .number(-1e-4)])
        table.addSeparator()
        table.addRow(["2", .number(-4.0574e-5)])
        table.footnotes = ["sum of the 2 paths"]
        doc.add(.table(table))
        doc.add(.values([LabelledMatrix(.math("W_{1}", plain: "W₁"), rows: [[0.1, 0.3], [-0.3, -0.2]])]))
        doc.note("a note")
        doc.add(.picture(Picture(svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", alt: "a network")))
        return doc
    }

    @Test func plainText() throws {
        let text = try #require(PlainBackend().render(Self.sample()))
        #expect(text == """
            ∂L/∂w₁₃₁ = 0.003159 = backward pass ✓
            Paths
            path  product (×10⁻⁴)
            ─────────────────────
               1           -1.000
            ─────────────────────
               2           -0.406
            ─────────────────────
            sum of the 2 paths
            W₁ = ⎡ 0.1000  0.3000 ⎤
                 ⎣-0.3000 -0.2000 ⎦
            a note
            [picture: a network]
            """)
    }

    @Test func htmlReadsWithoutMathJax() throws {
        let html = try #require(HTMLBackend().render(Self.sample()))
        #expect(!html.contains("$") && !html.contains("\\"), "no TeX for MathJax to typeset: \(html)")
        #expect(html.contains("∂L/∂w₁₃₁"))
        // The headline: bold at body size, not dimmed.
        let headline = try #require(html.firstRange(of: "<div class=\"bp-headline\" style=\"")).upperBound
        let style = html[headline...].prefix { $0 != "\"" }
        #expect(style.contains("font-weight:600") && !style.contains("opacity") && !style.contains("font-size"))
        #expect(!html.contains("opacity"), "no dimmed notes")
        // One format per column, a true minus sign, the shared factor in the header.
        #expect(html.contains("\u{2212}1.000") && html.contains("\u{2212}0.406") && html.contains("product (×10⁻⁴)"))
        #expect(html.contains("\u{2212}0.3000"))
        // Tables follow the content font and scroll inside the output when wide.
        #expect(html.contains("font-size:inherit"))
        #expect(html.contains("overflow-x:auto"))
        // The picture goes through HTMLBackend.embed as a data: image with its alt text (an
        // untrusted notebook's sanitizer strips inline <svg>).
        #expect(!html.contains("<svg") && html.contains("<img src=\"data:image/svg+xml;base64,") && html.contains("alt=\"a network\""))
    }

    @Test func latexHasTheMathOnly() throws {
        let latex = try #require(LaTeXBackend().render(Self.sample()))
        #expect(latex == #"$$\begin{aligned} \frac{\partial L}{\partial w_{131}} &= 0.003159\text{ = backward pass }\checkmark  \\ W_{1} &= \begin{bmatrix} 0.1000 & 0.3000 \\ -0.3000 & -0.2000 \end{bmatrix} \end{aligned}$$"#)
        #expect(LaTeXBackend().render(Document([.paragraph("no math here")])) == nil)
    }

    @Test func markdownPipeTable() throws {
        let markdown = try #require(MarkdownBackend().render(Self.sample()))
        #expect(markdown.hasPrefix("**∂L/∂w₁₃₁ = 0.003159 = backward pass ✓**"))
        #expect(markdown.contains("| path | product (×10⁻⁴) |\n| --: | --: |\n| 1 | -1.000 |\n| 2 | -0.406 |"))
    }

    @Test func everyDefaultBackendHasItsMIMEType() {
        #expect(DocumentBackends.all.map(\.mime) == ["text/plain", "text/html", "text/latex"])
        #expect(DocumentBackends.optional.map(\.mime) == ["text/markdown"])
    }

    @Test func matrixWithASharedFactor() {
        // The vanishing-gradient case: one format, not "-0.0001" beside "-4.0574e-05".
        #expect(TextMatrix([[-1e-4, -4.0574e-5]], label: "g").lines() == ["g = 10⁻⁴ × [-1.000 -0.406 ]"])
        let html = HTMLMatrix([[-1e-4, -4.0574e-5]], label: "g").render()
        #expect(html.contains("10<sup>\u{2212}4</sup> ×") && html.contains("\u{2212}0.406"))
        #expect(LaTeX.bmatrix([[-1e-4, -4.0574e-5]]) == #"10^{-4} \begin{bmatrix} -1.000 & -0.406 \end{bmatrix}"#)
    }

    @Test func unicodeMathFromLaTeX() {
        #expect(UnicodeMath.plain(#"\frac{\partial L}{\partial w_{212}}"#) == "∂L/∂w₂₁₂")
        #expect(UnicodeMath.plain(#"\nabla_{W_{1}} L"#) == "∇W₁ L")
        #expect(UnicodeMath.plain(#"1.5 \times 10^{-7}"#) == "1.5 × 10⁻⁷")
        #expect(Cell.math(#"\sigma(a_{1})"#).html == "<span class=\"bp-math\">σ(a₁)</span>")
    }

    @Test func latexTextKeepsMathSymbolsOutOfTextMode() {
        #expect(LaTeX.text("∂L/∂w₁ ≠ 5%") == #"\partial \text{L/}\partial \text{w}_{1}\text{ }\neq \text{ 5\%}"#)
        // The optimisers' formulas: arrows, Greek, hats, powers and norms leave \text{} too.
        #expect(LaTeX.text("θ ← m̂/(√v̂ + ε), β₂ᵗ, ‖∇W‖²") ==
                #"\theta \text{ }\leftarrow \text{ }\hat{m}\text{/(}\surd \hat{v}\text{ + }\varepsilon \text{), }\beta _{2}^{t}\text{, }\Vert \nabla \text{W}\Vert ^{2}"#)
    }
}
