/// A line chart as SVG (`image/svg+xml`), made for loss curves.
///
/// Long series (up to hundreds of thousands of points) are reduced to about
/// `maxPathPoints` per series, keeping each bucket's minimum and maximum so spikes
/// survive. Non-finite values (and, on a log scale, values ≤ 0) break the line. The value
/// axis switches to a log scale when all values are positive and span more than two
/// decades (`yScale = .automatic`).
///
/// ```swift
/// let chart = LineChart(series: [.init(ys: losses)], title: "Training loss")
/// let svg = chart.svg()   // "<svg xmlns=\"http://www.w3.org/2000/svg\" …"
/// ```
public struct LineChart: Sendable, Hashable {
    /// One line: x and y values of equal length (extra values of either are ignored).
    public struct Series: Sendable, Hashable {
        public var name: String?
        public var xs: [Double]
        public var ys: [Double]

        public init(name: String? = nil, xs: [Double], ys: [Double]) {
            self.name = name
            self.xs = xs
            self.ys = ys
        }

        /// Values at x = 1, 2, 3, … (epochs).
        public init(name: String? = nil, ys: [Double]) {
            self.init(name: name, xs: ys.indices.map { Double($0 + 1) }, ys: ys)
        }
    }

    public enum YScale: Sendable, Hashable {
        /// Logarithmic when `LineChart.prefersLogScale` says so, else linear.
        case automatic
        case linear
        case logarithmic
    }

    public var series: [Series]
    public var title: String?
    public var xTitle: String
    public var yTitle: String
    public var yScale: YScale
    public var width: Double
    public var height: Double
    /// Upper bound on points drawn per series (about; gaps may add a few).
    public var maxPathPoints: Int

    public init(series: [Series], title: String? = nil, xTitle: String = "epoch",
                yTitle: String = "loss", yScale: YScale = .automatic,
                width: Double = 560, height: Double = 320, maxPathPoints: Int = 1000) {
        self.series = series
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.yScale = yScale
        self.width = width
        self.height = height
        self.maxPathPoints = maxPathPoints
    }

    /// True when every finite value is > 0 and the largest is more than 100 times the
    /// smallest: a linear axis would flatten everything after the first epochs.
    public static func prefersLogScale(_ values: [Double]) -> Bool {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            if value <= 0 { return false }
            low = min(low, value)
            high = max(high, value)
        }
        return low.isFinite && high / low > 100
    }

    /// Whether the value axis is logarithmic (`yScale`, or the data's choice when automatic).
    public var isLogarithmic: Bool {
        switch yScale {
        case .automatic: Self.prefersLogScale(series.flatMap { $0.ys.prefix($0.xs.count) })
        case .linear: false
        case .logarithmic: true
        }
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let isLog = isLogarithmic
        func valid(_ x: Double, _ y: Double) -> Bool {
            x.isFinite && y.isFinite && (!isLog || y > 0)
        }

        var xLow = Double.infinity, xHigh = -Double.infinity
        var yLow = Double.infinity, yHigh = -Double.infinity
        var integerXs = true
        var pointCount = 0
        for line in series {
            for (x, y) in zip(line.xs, line.ys) where valid(x, y) {
                xLow = min(xLow, x); xHigh = max(xHigh, x)
                yLow = min(yLow, y); yHigh = max(yHigh, y)
                if x.rounded() != x { integerXs = false }
                pointCount += 1
            }
        }
        let hasData = pointCount > 0
        if !hasData { xLow = 0; xHigh = 1; yLow = isLog ? 1 : 0; yHigh = isLog ? 10 : 1 }

        let xAxis = AxisScale.linear(minimum: xLow, maximum: xHigh, targetTicks: 6,
                                     padToTicks: false, integers: integerXs)
        let yAxis = isLog
            ? AxisScale.logarithmic(minimum: yLow, maximum: yHigh)
            : AxisScale.linear(minimum: yLow, maximum: yHigh, targetTicks: 5,
                               padToTicks: true, integers: false)

        let left = 64.0, right = width - 20
        let top = title == nil ? 16.0 : 36.0, bottom = height - 44
        var canvas = SVGCanvas(width: width, height: height)

        if let title {
            canvas.text(title, left, 16, anchor: "start", "font-size=\"\(SVGCanvas.number(SVGCanvas.titleSize))\" font-weight=\"600\"")
        }
        let named = series.enumerated().filter { $0.element.name != nil }
        if series.count > 1 || !named.isEmpty {
            var x = right
            for (index, line) in series.enumerated().reversed() {
                let name = line.name ?? "series \(index + 1)"
                let colour = SVGCanvas.series[index % SVGCanvas.series.count]
                canvas.text(name, x, top - 10, anchor: "end")
                x -= SVGCanvas.textWidth(name) + 6
                canvas.line(x - 18, top - 10, x, top - 10,
                            "stroke=\"\(colour)\" stroke-width=\"2\"")
                x -= 30
            }
        }

        // Grid and value-axis ticks.
        for tick in yAxis.ticks {
            guard let y = yAxis.position(tick.value, from: bottom, to: top) else { continue }
            canvas.line(left, y, right, y, "stroke=\"currentColor\" stroke-opacity=\"0.18\"")
            canvas.text(tick.label, left - 6, y, anchor: "end", SVGCanvas.labelAttribute)
        }
        for tick in xAxis.ticks {
            guard let x = xAxis.position(tick.value, from: left, to: right) else { continue }
            canvas.line(x, bottom, x, bottom + 4, "stroke=\"currentColor\"")
            canvas.text(tick.label, x, bottom + 15, SVGCanvas.labelAttribute)
        }
        canvas.line(left, top, left, bottom, "stroke=\"currentColor\"")
        canvas.line(left, bottom, right, bottom, "stroke=\"currentColor\"")
        canvas.text(xTitle, (left + right) / 2, height - 10)
        let yLabel = isLog ? yTitle + " (log scale)" : yTitle
        canvas.add("<text transform=\"translate(14 \(SVGCanvas.number((top + bottom) / 2))) rotate(-90)\" "
                   + "text-anchor=\"middle\" dy=\"0.35em\" fill=\"currentColor\">"
                   + XML.escape(yLabel) + "</text>")

        if !hasData {
            canvas.text("no finite values to plot", (left + right) / 2, (top + bottom) / 2)
        }

        for (index, line) in series.enumerated() {
            let count = min(line.xs.count, line.ys.count)
            let values: [Double?] = (0..<count).map { i in
                valid(line.xs[i], line.ys[i]) ? line.ys[i] : nil
            }
            let kept = Downsampling.minMax(values, maxPoints: maxPathPoints)
            let colour = SVGCanvas.series[index % SVGCanvas.series.count]
            var segments: [[(Double, Double)]] = [[]]
            for entry in kept {
                guard let i = entry,
                      let x = xAxis.position(line.xs[i], from: left, to: right),
                      let y = yAxis.position(line.ys[i], from: bottom, to: top) else {
                    if segments.last?.isEmpty == false { segments.append([]) }
                    continue
                }
                segments[segments.count - 1].append((x, y))
            }
            var path = ""
            for segment in segments where segment.count > 1 {
                // After "M x y", further pairs are implicit line-tos: "M1 2 3 4" = "M1 2 L3 4"
                // (a byte per point less, twice over in the bundle: SVG and base64 image).
                for (position, point) in segment.enumerated() {
                    path += (position == 0 ? "M" : " ")
                        + SVGCanvas.number(point.0) + " " + SVGCanvas.number(point.1)
                }
            }
            let lonePoints = segments.filter { $0.count == 1 }.flatMap { $0 }
            if !path.isEmpty {
                canvas.add("<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.75\" "
                           + "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
            }
            for (x, y) in lonePoints {
                canvas.add("<circle cx=\"\(SVGCanvas.number(x))\" cy=\"\(SVGCanvas.number(y))\" "
                           + "r=\"2.5\" fill=\"\(colour)\"/>")
            }
        }
        return canvas.document(title: title ?? yTitle + " by " + xTitle)
    }
}
