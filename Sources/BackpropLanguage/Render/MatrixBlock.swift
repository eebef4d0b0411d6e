import Backprop
import Rendering

/// A labelled value (number, vector or matrix) in the three human-readable forms.
struct LabelledValue {
    var plainLabel: String
    var latexLabel: String
    var rows: [[Double]]
    /// True for a scalar (printed as `name = value`).
    var isScalar: Bool

    init(plain: String, latex: String, matrix: Matrix) {
        plainLabel = plain
        latexLabel = latex
        rows = matrix.rowArrays
        isScalar = false
    }

    init(plain: String, latex: String, vector: [Double]) {
        plainLabel = plain
        latexLabel = latex
        rows = [vector]
        isScalar = false
    }

    init(plain: String, latex: String, scalar: Double) {
        plainLabel = plain
        latexLabel = latex
        rows = [[scalar]]
        isScalar = true
    }

    /// The value as a document's labelled matrix.
    var labelled: LabelledMatrix {
        let label = Cell.math(latexLabel, plain: plainLabel)
        return isScalar ? LabelledMatrix(label, scalar: rows.first?.first ?? .nan) : LabelledMatrix(label, rows: rows)
    }

    /// Several values, one after another, under a title and above notes.
    static func stack(_ allValues: [LabelledValue], title: String?, htmlTitle: Cell? = nil,
                      footer: [String] = []) -> [Block] {
        // An interrupt cuts a deep network's output short; the interpreter then discards it.
        var values: [LabelledMatrix] = []
        for value in allValues {
            if values.count & 0xFF == 0, Cancellation.isRequested { break }
            values.append(value.labelled)
        }
        var blocks: [Block] = []
        if let title = htmlTitle ?? title.map(Cell.text) { blocks.append(.title(title)) }
        blocks.append(.values(values))
        blocks.append(contentsOf: footer.map { .note(.text($0)) })
        return blocks
    }
}
