import Testing
@testable import Rendering

@Suite("Display width and scripts")
struct DisplayWidthTests {
    @Test("width per grapheme cluster", arguments: [
        ("abc", 3),
        ("", 0),
        ("∂L/∂w₂₁₂", 8),
        ("∂ŷ₁/∂a₂₁", 8),
        ("ŷ", 1),
        ("y\u{0302}", 1),         // y + combining circumflex
        ("e\u{0301}\u{0323}", 1),  // two combining marks
        ("\u{0301}", 0),          // a lone combining mark
        ("∇⊙−→", 4),
        ("αβγΔσ", 5),
        ("₀₁₂₃₄₅₆₇₈₉", 10),
        ("損失", 4),
        ("ｘ", 2),                 // fullwidth x
        ("한국", 4),
        ("🙂", 2),
        ("❤\u{FE0F}", 2),
        ("a\u{200B}b", 2),        // zero-width space
        ("⎡─⎦", 3),
    ] as [(String, Int)])
    func width(text: String, expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test func padding() {
        #expect(DisplayWidth.padRight("ŷ₁", to: 4) == "ŷ₁  ")
        #expect(DisplayWidth.padLeft("損", to: 4) == "  損")
        #expect(DisplayWidth.center("ab", in: 5) == " ab  ")
        #expect(DisplayWidth.padRight("toolong", to: 3) == "toolong")
    }

    @Test func scripts() {
        #expect(Script.subscript("212") == "₂₁₂")
        #expect(Script.subscript("i-1") == "ᵢ₋₁")
        #expect(Script.superscript("-3") == "⁻³")
        #expect(Script.superscript("T") == "ᵀ")
        #expect(Script.subscript("Q") == "Q")
    }
}

@Suite("Text tables")
struct TextTableTests {
    func sampleTable(style: TextStyle = .unicode) -> TextTable {
        var table = TextTable(
            title: "Explain ∂L/∂w₂₁₂",
            columns: [.init("path"), .init("∂L/∂ŷ₁", .decimal), .init("∂ŷ₁/∂a₂₁", .decimal),
                      .init("∂a₂₁/∂w₂₁₂", .right), .init("note", .center)],
            style: style)
        table.addRow(["1", "-0.4594", "0.1770", "0.8022", "through ŷ₁"])
        table.addRow(["2", "12.5", "1.2346e-07", "∞", "損失"])
        table.addSeparator()
        table.addRow(["sum", "NaN", "3", "", "e\u{0301}"])
        table.footer = ["2 paths; the sum equals the backward gradient ∂L/∂w₂₁₂ = -0.1304"]
        return table
    }

    @Test(arguments: [TextStyle.unicode, .ascii])
    func everyLineHasTheSameWidth(style: TextStyle) {
        let lines = sampleTable(style: style).lines()
        #expect(lines.count == 9)
        // The title and the footer are free-width; the header, rules and rows line up.
        let body = lines.dropFirst().dropLast()
        let widths = Set(body.map(DisplayWidth.of))
        #expect(widths.count == 1, "widths: \(lines.map(DisplayWidth.of))")
    }

    @Test func layout() {
        var table = TextTable(columns: [.init("unit"), .init("a", .decimal), .init("h", .decimal)])
        table.addRow(["h₁₁", "2.9000", "0.9478"])
        table.addRow(["ŷ₁", "-1.6574", "12"])
        table.addRow(["x", "NaN", "1e-05"])
        #expect(table.lines() == [
            "unit        a        h",
            "──────────────────────",
            "h₁₁    2.9000   0.9478",
            "ŷ₁    -1.6574  12     ",
            "x         NaN   1e-05 ",
        ])
    }

    @Test func separatorsAreNormalised() {
        var table = TextTable(columns: [.init("a")], style: .ascii)
        table.addSeparator()
        table.addRow(["1"])
        table.addSeparator()
        table.addSeparator()
        table.addRow(["2"])
        table.addSeparator()
        #expect(table.lines() == ["a", "-", "1", "-", "2"])
        #expect(table.rowCount == 2)
    }

    @Test func extraCellsAndLineBreaksDoNotBreakTheLayout() {
        var table = TextTable(columns: [.init("a")])
        table.addRow(["x\ny", "extra"])
        let lines = table.lines()
        #expect(lines[2] == "x y  extra")
        #expect(Set(lines.map(DisplayWidth.of)).count == 1)
    }

    @Test func mathCellsUseTheirPlainForm() {
        var table = TextTable(columns: [.init("name"), .init("value", .decimal)])
        table.addRow([Cell.math(#"\partial L/\partial w_{212}"#, plain: "∂L/∂w₂₁₂"), "1.5"])
        #expect(table.lines()[2] == "∂L/∂w₂₁₂    1.5")
    }
}

@Suite("Text matrices")
struct TextMatrixTests {
    @Test func smallMatrix() {
        #expect(TextMatrix([[0.1, 0.3], [-0.3, -0.2]], label: "W1").lines() == [
            "W1 = ⎡ 0.1000  0.3000 ⎤",
            "     ⎣-0.3000 -0.2000 ⎦",
        ])
        // 1 significant digit of the largest entry: no decimals.
        #expect(TextMatrix([[1, 2], [3, 4], [5, 6]], format: NumberFormat(precision: 1)).lines() == [
            "⎡ 1  2 ⎤",
            "⎢ 3  4 ⎥",
            "⎣ 5  6 ⎦",
        ])
    }

    @Test func vectorOnOneLine() {
        #expect(TextMatrix([[0.5, -0.5]], label: "b1").render() == "b1 = [ 0.5000 -0.5000 ]")
    }

    @Test func asciiStyle() {
        #expect(TextMatrix([[1, 2], [3, 4]], label: "A", format: NumberFormat(precision: 0),
                           style: .ascii).lines() == ["A = [ 1  2 ]", "    [ 3  4 ]"])
    }

    @Test func largeMatrixElidesCorners() {
        let values = (0..<64).map { row in (0..<784).map { column in Double(row * 1000 + column) } }
        let lines = TextMatrix(values, label: "W1", format: NumberFormat(precision: 0)).lines()
        // 5 + gap + 5 rows shown, then the note.
        #expect(lines.count == 12)
        #expect(lines.last == "     (64×784, showing corners)")
        #expect(lines[0].contains("…"))
        #expect(lines[5].hasPrefix("W1 = ⎢"))
        #expect(lines[5].contains("⋮"))
        #expect(lines[0].contains(" 0 ") && lines[0].contains(" 783 "))
        #expect(lines[10].contains(" 63000 ") && lines[10].contains(" 63783 "))
        #expect(!lines.joined().contains(" 5 "))
        let matrixLines = lines.dropLast()
        #expect(Set(matrixLines.map(DisplayWidth.of)).count == 1)
        #expect(matrixLines.allSatisfy { $0.hasSuffix("⎤") || $0.hasSuffix("⎥") || $0.hasSuffix("⎦") })
    }

    @Test func elisionLimits() {
        #expect(MatrixElision.indices(count: 10, limit: 10) == Array(0..<10))
        #expect(MatrixElision.indices(count: 11, limit: 10) == [0, 1, 2, 3, nil, 7, 8, 9, 10])
        #expect(MatrixElision.indices(count: 5, limit: 1) == [0, nil, 4])
        let onlyColumns = MatrixElision(rowCount: 2, columnCount: 30, maxRows: 12, maxColumns: 10)
        #expect(onlyColumns.note == "2×30, showing first and last columns")
    }

    @Test func raggedAndEmptyInputsDoNotCrash() {
        #expect(TextMatrix([], label: "E").render() == "E = [ ]")
        let ragged = TextMatrix([[1, 2, 3], [4]], format: NumberFormat(precision: 0)).lines()
        #expect(ragged.count == 2)
        #expect(DisplayWidth.of(ragged[0]) == DisplayWidth.of(ragged[1]))
    }
}
