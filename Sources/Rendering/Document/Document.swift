/// What one statement shows, independent of any output format: the answer as a headline,
/// tables, labelled matrices, notes and pictures, in reading order.
///
/// A renderer builds one `Document`; one backend per MIME type writes it (`PlainBackend`,
/// `HTMLBackend`, `LaTeXBackend`, `MarkdownBackend`), and `DocumentBackends.bundle` puts the
/// parts together. A new output format is one new backend file and one line in
/// `DocumentBackends.all`.
///
/// ```swift
/// var doc = Document(format: NumberFormat())
/// doc.headline([.math(#"\frac{\partial L}{\partial w_{131}}"#, plain: "∂L/∂w₁₃₁"), " = ", .number(0.0031594)])
/// doc.add(.table(table))
/// doc.note("gradients include the 1/m of the mean over m = 4 examples")
/// PlainBackend().render(doc)   // "∂L/∂w₁₃₁ = 0.003159\n…"
/// ```
public struct Document: Sendable {
    public var blocks: [Block]
    /// How numbers are written (`precision N` = N significant digits).
    public var format: NumberFormat

    public init(_ blocks: [Block] = [], format: NumberFormat = NumberFormat()) {
        self.blocks = blocks
        self.format = format
    }

    public mutating func add(_ block: Block) { blocks.append(block) }
    public mutating func headline(_ pieces: [Cell]) { blocks.append(.headline(.joined(pieces))) }
    public mutating func title(_ text: Cell) { blocks.append(.title(text)) }
    public mutating func note(_ text: Cell) { blocks.append(.note(text)) }
    public mutating func notes(_ texts: [String]) { blocks.append(contentsOf: texts.map { .note(.text($0)) }) }

    /// The pictures, in order (the bundle's `image/svg+xml` part is the first).
    public var pictures: [Picture] {
        blocks.compactMap { if case let .picture(p) = $0 { return p } else { return nil } }
    }
}

/// One block of a document.
public enum Block: Sendable {
    /// The answer: first, at body size in bold, never dimmed.
    case headline(Cell)
    /// A section title (bold).
    case title(Cell)
    /// A line of text at body size.
    case paragraph(Cell)
    /// A secondary line (how a number was computed, what was left out).
    case note(Cell)
    case table(DocumentTable)
    /// Labelled numbers, vectors and matrices, side by side where there is room.
    case values([LabelledMatrix])
    /// Typeset equations (LaTeX, each usually with one `&`): only the formats that typeset
    /// math write them (text/latex); the others show the same content in tables.
    case equations([String])
    case picture(Picture)
    /// A gauge (training progress).
    case progress(Progress)
    /// Preformatted text (help), shown as it is.
    case preformatted(String)
    /// A break between sections.
    case rule
}

/// A gauge: `value` of `total` with what is happening (`state`) and a detail (`loss 0.1234`);
/// `text` is its one-line form with the gauge drawn in characters.
public struct Progress: Sendable, Hashable {
    public var value: Int
    public var total: Int
    public var state: String
    public var detail: String
    public var text: String
    public init(value: Int, total: Int, state: String, detail: String, text: String) {
        self.value = value
        self.total = total
        self.state = state
        self.detail = detail
        self.text = text
    }
}

/// A picture: an SVG document, the text that says what it shows (its alt text), and
/// optionally the same picture drawn in characters for text/plain (a sparkline).
public struct Picture: Sendable, Hashable {
    public var svg: String
    public var alt: String
    public var text: String?
    /// Whether the bundle also carries it as its own image/svg+xml part (for PDF export and
    /// front ends that show images but not HTML); large pictures are only in the HTML.
    public var asImagePart: Bool
    public init(svg: String, alt: String, text: String? = nil, asImagePart: Bool = true) {
        self.svg = svg
        self.alt = alt
        self.text = text
        self.asImagePart = asImagePart
    }
}

/// A number, vector or matrix with its name; all entries share one `NumberScale`.
public struct LabelledMatrix: Sendable, Hashable {
    public var label: Cell
    public var rows: [[Double]]
    /// Written `name = value` on one line.
    public var isScalar: Bool

    public init(_ label: Cell, rows: [[Double]]) {
        self.label = label
        self.rows = rows
        isScalar = false
    }

    public init(_ label: Cell, scalar: Double) {
        self.label = label
        rows = [[scalar]]
        isScalar = true
    }
}

/// A table: caption, columns, groups of rows, footnotes. Number cells (`Cell.number`) of a
/// `.decimal` column share one `NumberScale` (its factor goes into the header).
public struct DocumentTable: Sendable {
    public struct Column: Sendable {
        public var header: Cell
        public var alignment: ColumnAlignment
        public init(_ header: Cell, _ alignment: ColumnAlignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    public var caption: Cell?
    public var columns: [Column]
    public var footnotes: [Cell] = []
    public private(set) var groups: [[[Cell]]] = [[]]

    public init(caption: Cell? = nil, columns: [Column]) {
        self.caption = caption
        self.columns = columns
    }

    public mutating func addRow(_ cells: [Cell]) {
        groups[groups.count - 1].append(cells)
    }

    public mutating func addSeparator() {
        if groups.last?.isEmpty == false { groups.append([]) }
    }

    public var rows: [[Cell]] { Array(groups.joined()) }

    /// The shared scale of each column's numbers (nil for a column without numbers).
    public func scales(_ format: NumberFormat) -> [NumberScale?] {
        let count = max(columns.count, rows.map(\.count).max() ?? 0)
        return (0..<count).map { index in
            let numbers = rows.compactMap { index < $0.count ? $0[index].numbers : nil }.joined()
            return numbers.isEmpty ? nil : NumberScale(numbers, format: format)
        }
    }
}
