/// A picture in HTML as `<img src="data:image/svg+xml;base64,…" alt="…">`.
///
/// Why an image and not inline `<svg>`: JupyterLab's sanitizer strips inline SVG from an
/// untrusted notebook (a saved one, opened later) and leaves its text as a garbled line, and
/// it refuses `image/svg+xml` there; a `data:` image survives it, and nbconvert's HTML
/// export, nbviewer, GitHub and VS Code show it too.
///
/// Sizing: the image is `width: W/14 em` (W = the SVG's width in px, 14 px being the
/// notebook's default content font size) capped at `max-width: 100%`. So it is shown at its
/// natural size by default, grows with View → Increase Content Font Size, and shrinks to a
/// narrow column instead of being cut. The SVG's labels are 12 px or more at natural size,
/// at least 0.8 × the 14 px body text, and scale with the image. `width`/`height`
/// attributes keep the natural size where styles are stripped.
public enum SVGImage {
    /// The body font size (px) the pictures are designed against.
    public static let designFontSize = 14.0

    /// The `<img>` element for `svg` (a document written by this module's charts).
    /// `alt` says what the picture shows, for screen readers and where images are off.
    public static func html(svg: String, alt: String) -> String {
        let (width, height) = naturalSize(svg) ?? (560, 320)
        let em = SVGCanvas.number(width / designFontSize)
        return "<img src=\"" + dataURI(svg) + "\" alt=\"" + HTML.escape(alt) + "\""
            + " width=\"\(SVGCanvas.number(width))\" height=\"\(SVGCanvas.number(height))\""
            + " style=\"display:block;width:\(em)em;max-width:100%;height:auto\">"
    }

    /// `data:image/svg+xml;base64,…` of the document's UTF-8 bytes.
    public static func dataURI(_ svg: String) -> String {
        "data:image/svg+xml;base64," + Base64.encode(svg.utf8)
    }

    /// The root element's `width` and `height` attributes (plain numbers, as the charts
    /// write them); nil when they are missing.
    static func naturalSize(_ svg: String) -> (Double, Double)? {
        guard let start = svg.firstRange(of: "<svg"), let end = svg[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = svg[start.upperBound..<end]
        func attribute(_ name: String) -> Double? {
            guard let r = tag.firstRange(of: " " + name + "=\"") else { return nil }
            let rest = tag[r.upperBound...]
            guard let close = rest.firstIndex(of: "\"") else { return nil }
            return Double(rest[..<close]).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        }
        guard let w = attribute("width"), let h = attribute("height") else { return nil }
        return (w, h)
    }
}
