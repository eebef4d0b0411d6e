import Testing
@testable import Rendering

@Suite("HTML")
struct HTMLTests {
    @Test func escaping() {
        #expect(HTML.escape(#"<script>alert("x") & 'y'</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
    }

    @Test func cells() {
        #expect(Cell.text("a<b").html == "a&lt;b")
        // Math in HTML is its Unicode form (no MathJax needed), escaped.
        #expect(Cell.math(#"\partial L / \partial w_{212}"#).html == "<span class=\"bp-math\">∂L / ∂w₂₁₂</span>")
        #expect(Cell.math("a < b", plain: "a < b & c").html == "<span class=\"bp-math\">a &lt; b &amp; c</span>")
        #expect(Cell.math("  ").html == "")
        #expect(Cell.text("costs $5 and $6").html == "costs <span>$</span>5 and <span>$</span>6")
        let joined = Cell.joined(["sum = ", .math(#"\sum_p"#, plain: "Σₚ")])
        #expect(joined.html == "sum = <span class=\"bp-math\">Σₚ</span>")
        #expect(joined.plainText == "sum = Σₚ")
    }

    @Test func tableEscapesTextAndEmitsMath() {
        var table = HTMLTable(caption: "Paths <1>",
                              columns: [.init("name"), .init(.math(#"\frac{\partial L}{\partial w}"#), .decimal)])
        table.addRow(["<script>alert(1)</script>", "0.5000"])
        table.addSeparator()
        table.addRow([.math("w_{131}"), "-1.2e-07", "extra"])
        table.footnotes = ["4 paths & more"]
        let html = table.render()
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<span class=\"bp-math\">∂L/∂w</span>"))
        #expect(html.contains("<span class=\"bp-math\">w₁₃₁</span>"))
        #expect(!html.contains("$") && !html.contains("\\"))
        #expect(html.contains("Paths &lt;1&gt;"))
        #expect(html.contains("4 paths &amp; more"))
        #expect(html.hasPrefix("<div style=\"overflow-x:auto;max-width:100%;min-width:0\">"))
        #expect(html.contains("font-size:inherit"), "tables follow the content font")
        #expect(html.components("<tbody>") == 2)
        #expect(html.components("<th ") == 3)
        #expect(html.contains("tabular-nums"))
        #expect(html.contains("var(--jp-border-color1, #bdbdbd)"))
        // No fixed text colours: the only colours are border variables with fallbacks.
        #expect(!html.contains("color:#") && !html.contains("color: #"))
    }

    @Test func matrixElidesAndNotes() {
        let values = (0..<64).map { row in (0..<784).map { Double($0 + row) } }
        let html = HTMLMatrix(values, label: .math("W_1")).render()
        #expect(html.contains("<span class=\"bp-math\">W₁</span> ="))
        #expect(html.contains(">783.0<"), "one format for the matrix: 4 significant digits of the largest entry")
        #expect(html.contains("64×784, showing corners"))
        #expect(html.contains("⋯") && html.contains("⋮") && html.contains("⋱"))
        #expect(html.components("<tr") == 11)
        // 4 + 1 + 4 cells per row.
        #expect(html.components("<td style=\"padding:0.15em") == 11 * 9)
        #expect(!HTMLMatrix([[1, 2]]).render().contains("showing"))
    }
}

@Suite("LaTeX")
struct LaTeXTests {
    @Test func numbers() {
        #expect(LaTeX.number(0.5) == "0.5000")
        #expect(LaTeX.number(1.23456e-7) == #"1.235 \times 10^{-7}"#)
        #expect(LaTeX.number(-3.1e12) == #"-3.100 \times 10^{12}"#)
        #expect(LaTeX.number(1e-5, format: NumberFormat(precision: 1)) == "10^{-5}")
        #expect(LaTeX.number(.nan) == #"\mathrm{NaN}"#)
        #expect(LaTeX.number(-.infinity) == #"-\infty"#)
    }

    @Test func bmatrix() {
        #expect(LaTeX.bmatrix([[0.1, 0.3], [-0.3, -0.2]], format: NumberFormat(precision: 1))
                == #"\begin{bmatrix} 0.1 & 0.3 \\ -0.3 & -0.2 \end{bmatrix}"#)
        let big = LaTeX.bmatrix(Array(repeating: Array(repeating: 1.0, count: 20), count: 20))
        #expect(big.contains(#"\cdots"#) && big.contains(#"\vdots"#) && big.contains(#"\ddots"#))
        #expect(big.components(#" \\ "#) == 10)      // 11 rows shown
        #expect(big.components(" & ") == 11 * 8)    // 9 columns shown
    }

    @Test func alignedBlock() {
        #expect(LaTeX.displayAligned(["a &= 1", "b &= 2"])
                == #"$$\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}$$"#)
    }
}

extension String {
    /// Occurrences of `needle` (non-overlapping).
    func components(_ needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
