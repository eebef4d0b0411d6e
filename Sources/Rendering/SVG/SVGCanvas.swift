/// Collects SVG elements and writes the document. Internal: the public charts use it.
///
/// Pictures are shown as images (`<img>`, see `SVGImage`), where `currentColor` does not
/// inherit the page's text colour and the page's theme is unknown. So every picture paints
/// its own light background and draws in a dark `currentColor` on it: legible in a light
/// and a dark theme, in a PDF and on GitHub alike (the accents below keep 3:1 or more on
/// white).
///
/// Sizes: text is `labelSize` (12 px) or more, shown at natural size beside 14 px body text
/// (see `SVGImage` for how the image scales with the column and the content font size).
struct SVGCanvas {
    static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
    /// The text and line colour (on `background`: 15:1).
    static let ink = "#222222"
    static let background = "#ffffff"
    /// The smallest text: axis ticks, unit labels, edge labels.
    static let labelSize = 12.0
    /// Ordinary text and headings.
    static let textSize = 13.0
    static let titleSize = 14.0
    static let labelAttribute = "font-size=\"\(number(labelSize))\""
    /// About how wide a character of `size` px is in the sans-serif fonts above (for room).
    static func textWidth(_ text: String, size: Double = textSize) -> Double {
        Double(DisplayWidth.of(text)) * size * 0.6
    }
    /// Colour-blind-safe accents (blue and orange), 3.5:1 or more on the white background.
    static let positive = "#1f77b4"
    static let negative = "#d95f02"
    /// The highlighted paths (a purple apart from both accents).
    static let highlight = "#7b2fbe"
    static let series = ["#1f77b4", "#d95f02", "#2ca02c", "#9467bd", "#8c564b"]

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
        // An attribute may appear once: the default fill only when `attributes` sets none.
        let fill = attributes.contains("fill=") ? "" : " fill=\"currentColor\""
        add("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" dy=\"0.35em\" "
            + "text-anchor=\"\(anchor)\"\(fill)\(extra)>" + XML.escape(content) + "</text>")
    }

    /// The complete document; `title` becomes the accessible name.
    func document(title: String?) -> String {
        let w = Self.number(width)
        let h = Self.number(height)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" "
            + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" font-family=\"\(Self.fontFamily)\" "
            + "font-size=\"\(Self.number(Self.textSize))\" color=\"\(Self.ink)\">\n"
        if let title { svg += "<title>" + XML.escape(title) + "</title>\n" }
        svg += "<rect width=\"\(w)\" height=\"\(h)\" rx=\"6\" fill=\"\(Self.background)\"/>\n"
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
