import Rendering

/// The loss curve of `train`: the chart (with the `scale` option's fixed axis) and its alt text.
enum LossCurvePicture {
    static func chart(xs: [Double], ys: [Double], scale: CurveScale?, maxPathPoints: Int,
                      heldOut: (xs: [Double], ys: [Double])? = nil) -> LineChart {
        let yScale: LineChart.YScale
        switch scale {
        case nil: yScale = .automatic
        case .linear?: yScale = .linear
        case .log?: yScale = .logarithmic
        }
        // With held-out data: two lines and a legend (training, held-out), on one scale.
        var series = [LineChart.Series(name: heldOut == nil ? "loss" : "training", xs: xs, ys: ys)]
        if let heldOut { series.append(.init(name: "held-out", xs: heldOut.xs, ys: heldOut.ys)) }
        return LineChart(series: series, title: heldOut == nil ? "Training loss" : "Training and held-out loss", xTitle: "epoch",
                         yTitle: "loss", yScale: yScale, maxPathPoints: maxPathPoints)
    }

    /// "Line chart of the training loss over epochs 1 to 300 (log scale): from 0.6931 at the
    /// first epoch to 0.0012 at the last, lowest 0.0011."
    static func alt(_ chart: LineChart, points: [StreamingDownsampler.Point], format: NumberFormat,
                    heldOut: [StreamingDownsampler.Point] = []) -> String {
        let training = trainingAlt(chart, points: points, format: format)
        let finite = heldOut.filter(\.value.isFinite)
        guard let first = finite.first, let last = finite.last, let low = finite.min(by: { $0.value < $1.value }) else { return training }
        return training + "; the held-out loss from \(format.string(first.value)) at epoch \(first.index) to "
            + "\(format.string(last.value)) at epoch \(last.index), lowest \(format.string(low.value)) at epoch \(low.index)"
    }

    static func trainingAlt(_ chart: LineChart, points: [StreamingDownsampler.Point], format: NumberFormat) -> String {
        let finite = points.filter(\.value.isFinite)
        let axis = chart.isLogarithmic ? "log scale" : "linear scale"
        guard let first = finite.first, let last = finite.last, let low = finite.min(by: { $0.value < $1.value }) else {
            return "Line chart of the training loss (\(axis)): no finite values to plot"
        }
        return "Line chart of the training loss over epochs \(points.first?.index ?? first.index) to \(points.last?.index ?? last.index) "
            + "(\(axis)): from \(format.string(first.value)) at epoch \(first.index) to \(format.string(last.value)) "
            + "at epoch \(last.index), lowest \(format.string(low.value)) at epoch \(low.index)"
    }
}
