/// Writes a `Document` in one MIME type. Returns nil when the format has nothing to show for
/// this document (text/latex for a document without math), so the bundle leaves the part out.
public protocol DocumentBackend: Sendable {
    var mime: String { get }
    func render(_ document: Document) -> String?
}

/// The backends whose parts every bundle carries, in bundle order (the JSON part and the SVG
/// of the first picture are added by the language). A new output format: one backend file,
/// one entry here.
public enum DocumentBackends {
    public static let all: [any DocumentBackend] = [PlainBackend(), HTMLBackend(), LaTeXBackend()]
    /// Written on request only (`run --markdown`-style tools, tests): front ends rank
    /// text/markdown above text/latex and some above text/html.
    public static let optional: [any DocumentBackend] = [MarkdownBackend()]
}

extension DocumentTable {
    /// The header of column `index` with the column's shared factor (`product (×10⁻⁴)`).
    func header(_ index: Int, scale: NumberScale?, factor: (NumberScale) -> Cell) -> Cell {
        let header = index < columns.count ? columns[index].header : .text("")
        guard let scale, scale.hasFactor else { return header }
        return .joined([header, " (", factor(scale), ")"])
    }

    func alignment(_ index: Int) -> ColumnAlignment {
        index < columns.count ? columns[index].alignment : .left
    }

    var columnCount: Int { max(columns.count, rows.map(\.count).max() ?? 0) }
}
