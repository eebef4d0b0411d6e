/// Grouped bars as SVG, made for per-layer gradient norms: one group per layer, one bar per
/// series (‖∇W_l‖, ‖∇b_l‖), on a log value axis by default so that a gradient 10⁻⁶ times
/// another still shows as a bar.
///
/// Each bar is a `<rect class="bar">` with its value in a `<title>`; a value that cannot be
/// drawn (0 or negative on a log axis, non-finite) gets no bar but a "0" or "—" mark at the
/// axis, so it is never silently missing.
public struct BarChart: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        public var label: String
        /// One value per series.
        public var values: [Double]
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    public var groups: [Group]
    public var seriesNames: [String]
    public var title: String?
    public var xTitle: String
    public var yTitle: String
    public var logarithmic: Bool
    public var width: Double
    public var height: Double

    public init(groups: [Group], seriesNames: [String], title: String? = nil, xTitle: String = "layer",
                yTitle: String = "norm", logarithmic: Bool = true, width: Double = 560, height: Double = 320) {
        self.groups = groups
        self.seriesNames = seriesNames
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.logarithmic = logarithmic
        self.width = width
        self.height = height
    }

    /// A bar needs a positive finite value (a 0 bar would be invisible on either axis).
    private func drawable(_ v: Double) -> Bool { v.isFinite && v > 0 }

    /// The bars drawn (values that can be drawn).
    public var barCount: Int { groups.reduce(0) { $0 + $1.values.filter(drawable).count } }

    public func svg() -> String {
        let values = groups.flatMap(\.values).filter(drawable)
        let positive = values.filter { $0 > 0 }
        let yAxis: AxisScale
        if logarithmic {
            yAxis = AxisScale.logarithmic(minimum: positive.min() ?? 1, maximum: positive.max() ?? 10)
        } else {
            yAxis = AxisScale.linear(minimum: 0, maximum: values.max() ?? 1, targetTicks: 5,
                                     padToTicks: true, integers: false)
        }
        let left = 64.0, right = width - 20
        let top = title == nil ? 30.0 : 50.0, bottom = height - 44
        var canvas = SVGCanvas(width: width, height: height)
        if let title {
            canvas.text(title, left, 16, anchor: "start", "font-size=\"\(SVGCanvas.number(SVGCanvas.titleSize))\" font-weight=\"600\"")
        }
        // Legend, right-aligned above the plot.
        var x = right
        for (index, name) in seriesNames.enumerated().reversed() {
            let colour = SVGCanvas.series[index % SVGCanvas.series.count]
            canvas.text(name, x, top - 14, anchor: "end")
            x -= SVGCanvas.textWidth(name) + 6
            canvas.add("<rect x=\"\(SVGCanvas.number(x - 12))\" y=\"\(SVGCanvas.number(top - 20))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>")
            x -= 26
        }
        for tick in yAxis.ticks {
            guard let y = yAxis.position(tick.value, from: bottom, to: top) else { continue }
            canvas.line(left, y, right, y, "stroke=\"currentColor\" stroke-opacity=\"0.18\"")
            canvas.text(tick.label, left - 6, y, anchor: "end", SVGCanvas.labelAttribute)
        }
        canvas.line(left, top, left, bottom, "stroke=\"currentColor\"")
        canvas.line(left, bottom, right, bottom, "stroke=\"currentColor\"")
        canvas.text(xTitle, (left + right) / 2, height - 10)
        let yLabel = logarithmic ? yTitle + " (log scale)" : yTitle
        canvas.add("<text transform=\"translate(14 \(SVGCanvas.number((top + bottom) / 2))) rotate(-90)\" "
                   + "text-anchor=\"middle\" dy=\"0.35em\" fill=\"currentColor\">" + XML.escape(yLabel) + "</text>")

        let slot = (right - left) / Double(max(groups.count, 1))
        let barsPerGroup = max(seriesNames.count, groups.map(\.values.count).max() ?? 1, 1)
        let barWidth = max(1, slot * 0.7 / Double(barsPerGroup))
        let format = NumberFormat(precision: 3)
        for (g, group) in groups.enumerated() {
            let start = left + Double(g) * slot + slot * 0.15
            canvas.text(group.label, left + (Double(g) + 0.5) * slot, bottom + 15, SVGCanvas.labelAttribute)
            for (s, value) in group.values.enumerated() {
                let colour = SVGCanvas.series[s % SVGCanvas.series.count]
                let bx = start + Double(s) * barWidth
                let name = s < seriesNames.count ? seriesNames[s] : "series \(s + 1)"
                guard drawable(value), let y = yAxis.position(value, from: bottom, to: top) else {
                    let mark = value == 0 ? "0" : (value.isFinite ? "≤0" : "—")
                    canvas.text(mark, bx + barWidth / 2, bottom - 8, SVGCanvas.labelAttribute)
                    continue
                }
                // On a log axis a value below the lowest decade still shows as a sliver.
                let yTop = min(max(y, top), bottom - 1)
                canvas.add("<rect class=\"bar\" x=\"\(SVGCanvas.number(bx))\" y=\"\(SVGCanvas.number(yTop))\" "
                           + "width=\"\(SVGCanvas.number(barWidth - 1))\" height=\"\(SVGCanvas.number(bottom - yTop))\" "
                           + "fill=\"\(colour)\"><title>" + XML.escape("\(group.label) \(name) = \(format.scientific(value))")
                           + "</title></rect>")
            }
        }
        return canvas.document(title: title ?? yTitle + " by " + xTitle)
    }
}
