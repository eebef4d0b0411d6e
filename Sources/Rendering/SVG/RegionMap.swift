/// The decision-boundary picture: the plane of two inputs coloured by the class a network
/// gives each cell of a grid, with the data points on top (TF Playground's main view).
///
/// Bounded by construction: each row of the grid is merged into runs of one class, and each
/// class is one `<path class="region">` of those runs (so the document grows with the
/// boundary's length, at most cells² rectangles, never with the data); at most `maxPoints`
/// points are drawn (a deterministic stride through them).
public struct RegionMap: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var x: Double, y: Double
        /// The target class, or nil (drawn hollow).
        public var label: Int?
        public init(x: Double, y: Double, label: Int?) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public var cells: Int
    /// Row by row from the lowest y up: `classes[r * cells + c]`.
    public var classes: [Int]
    public var classNames: [String]
    public var xLow: Double, xHigh: Double, yLow: Double, yHigh: Double
    public var points: [Point]
    public var title: String?
    public var xTitle: String
    public var yTitle: String
    public static let maxPoints = 600

    /// Ten colour-blind-aware hues (Tableau 10); regions use them as light tints.
    static let palette = ["#1f77b4", "#d95f02", "#2ca02c", "#9467bd", "#8c564b",
                          "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728"]

    public init(cells: Int, classes: [Int], classNames: [String], xLow: Double, xHigh: Double, yLow: Double, yHigh: Double,
                points: [Point], title: String? = nil, xTitle: String = "x₁", yTitle: String = "x₂") {
        self.cells = cells
        self.classes = classes
        self.classNames = classNames
        self.xLow = xLow
        self.xHigh = xHigh
        self.yLow = yLow
        self.yHigh = yHigh
        self.points = points
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// The points drawn: all of them up to `maxPoints`, else every k-th.
    public var drawnPoints: [Point] {
        guard points.count > Self.maxPoints else { return points }
        let stride = (points.count + Self.maxPoints - 1) / Self.maxPoints
        return Swift.stride(from: 0, to: points.count, by: stride).map { points[$0] }
    }

    /// The classes that cover at least one cell, in order.
    public var classesShown: [Int] { Array(Set(classes)).sorted() }

    static func colour(_ k: Int) -> String { palette[((k % palette.count) + palette.count) % palette.count] }

    public func svg() -> String {
        let side = 320.0
        let left = 56.0, top = title == nil ? 16.0 : 36.0
        let legendWidth = 150.0
        let width = left + side + 20 + legendWidth, height = top + side + 44
        let right = left + side, bottom = top + side
        var canvas = SVGCanvas(width: width, height: height)
        if let title {
            canvas.text(title, left, 16, anchor: "start", "font-size=\"\(SVGCanvas.number(SVGCanvas.titleSize))\" font-weight=\"600\"")
        }
        let n = max(cells, 1)
        let cw = side / Double(n)
        // Runs of one class per row, collected per class: one path each.
        var runs: [Int: String] = [:]
        for r in 0..<n {
            var c = 0
            let y = bottom - Double(r + 1) * cw
            while c < n {
                let k = r * n + c
                guard k < classes.count else { break }
                let cls = classes[k]
                var end = c + 1
                while end < n, r * n + end < classes.count, classes[r * n + end] == cls { end += 1 }
                runs[cls, default: ""] += "M\(SVGCanvas.number(left + Double(c) * cw)) \(SVGCanvas.number(y))"
                    + "h\(SVGCanvas.number(Double(end - c) * cw))v\(SVGCanvas.number(cw))h\(SVGCanvas.number(-Double(end - c) * cw))z"
                c = end
            }
        }
        for cls in runs.keys.sorted() {
            canvas.add("<path class=\"region\" data-class=\"\(cls)\" d=\"\(runs[cls] ?? "")\" fill=\"\(Self.colour(cls))\" fill-opacity=\"0.28\"/>")
        }
        let xAxis = AxisScale.linear(minimum: xLow, maximum: xHigh, targetTicks: 5, padToTicks: false, integers: false)
        let yAxis = AxisScale.linear(minimum: yLow, maximum: yHigh, targetTicks: 5, padToTicks: false, integers: false)
        for tick in xAxis.ticks {
            guard let x = xAxis.position(tick.value, from: left, to: right), x >= left - 0.5, x <= right + 0.5 else { continue }
            canvas.line(x, bottom, x, bottom + 4, "stroke=\"currentColor\"")
            canvas.text(tick.label, x, bottom + 15, SVGCanvas.labelAttribute)
        }
        for tick in yAxis.ticks {
            guard let y = yAxis.position(tick.value, from: bottom, to: top), y >= top - 0.5, y <= bottom + 0.5 else { continue }
            canvas.line(left - 4, y, left, y, "stroke=\"currentColor\"")
            canvas.text(tick.label, left - 6, y, anchor: "end", SVGCanvas.labelAttribute)
        }
        canvas.add("<rect x=\"\(SVGCanvas.number(left))\" y=\"\(SVGCanvas.number(top))\" width=\"\(SVGCanvas.number(side))\" "
                   + "height=\"\(SVGCanvas.number(side))\" fill=\"none\" stroke=\"currentColor\"/>")
        canvas.text(xTitle, (left + right) / 2, height - 10)
        canvas.add("<text transform=\"translate(14 \(SVGCanvas.number((top + bottom) / 2))) rotate(-90)\" "
                   + "text-anchor=\"middle\" dy=\"0.35em\" fill=\"currentColor\">" + XML.escape(yTitle) + "</text>")
        for p in drawnPoints {
            guard let px = xAxis.position(p.x, from: left, to: right), let py = yAxis.position(p.y, from: bottom, to: top),
                  px >= left, px <= right, py >= top, py <= bottom else { continue }
            let fill = p.label.map(Self.colour) ?? "none"
            canvas.add("<circle class=\"point\" cx=\"\(SVGCanvas.number(px))\" cy=\"\(SVGCanvas.number(py))\" r=\"3\" "
                       + "fill=\"\(fill)\" stroke=\"\(SVGCanvas.ink)\" stroke-width=\"0.8\"/>")
        }
        // Legend: one swatch per class.
        var ly = top + 8
        for (k, name) in classNames.enumerated() {
            canvas.add("<rect x=\"\(SVGCanvas.number(right + 20))\" y=\"\(SVGCanvas.number(ly - 6))\" width=\"12\" height=\"12\" "
                       + "fill=\"\(Self.colour(k))\" fill-opacity=\"0.6\" stroke=\"\(SVGCanvas.ink)\" stroke-width=\"0.5\"/>")
            canvas.text(name, right + 38, ly, anchor: "start")
            ly += 18
            if ly > bottom { break }
        }
        return canvas.document(title: title ?? "decision regions over \(xTitle), \(yTitle)")
    }
}
