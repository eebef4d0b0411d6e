/// Collects SVG elements and writes the document. Internal: the public charts use it.
///
/// JupyterLab shows `image/svg+xml` inside an `<img>`, where `currentColor` does not
/// inherit the page's text colour. The root therefore sets `color` to a mid grey that
/// keeps about 4.3:1 contrast on both white and JupyterLab's dark background, and the
/// elements draw in `currentColor`.
struct SVGCanvas {
    static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
    static let neutral = "#7a7a7a"
    /// Colour-blind-safe accents readable on light and dark backgrounds.
    static let positive = "#1f77b4"
    static let negative = "#e8710a"
    static let series = ["#1f77b4", "#e8710a", "#2ca02c", "#9467bd", "#8c564b"]

    var width: Double
    var height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func add(_ element: String) {
        elements.append(element)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: String) {
        add("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
            + "y2=\"\(Self.number(y2))\" \(attributes)/>")
    }

    /// Text at (x, y), vertically centred on y; `anchor` is start, middle or end.
    mutating func text(_ content: String, _ x: Double, _ y: Double, anchor: String = "middle",
                       _ attributes: String = "") {
        let extra = attributes.isEmpty ? "" : " " + attributes
        add("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" dy=\"0.35em\" "
            + "text-anchor=\"\(anchor)\" fill=\"currentColor\"\(extra)>" + XML.escape(content) + "</text>")
    }

    /// The complete document; `title` becomes the accessible name.
    func document(title: String?) -> String {
        let w = Self.number(width)
        let h = Self.number(height)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" "
            + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" font-family=\"\(Self.fontFamily)\" "
            + "font-size=\"11\" color=\"\(Self.neutral)\">\n"
        if let title { svg += "<title>" + XML.escape(title) + "</title>\n" }
        for element in elements { svg += element + "\n" }
        return svg + "</svg>"
    }

    /// A coordinate with at most one decimal (`12`, `12.5`, `-3.2`); non-finite as `0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((min(max(value, -1e9), 1e9) * 10).rounded())
        let whole = tenths / 10
        let fraction = (tenths % 10).magnitude
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
