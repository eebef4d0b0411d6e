import Backprop
import JSON
import Rendering

/// The per-epoch training accuracy and held-out loss and accuracy of one `train`, downsampled
/// like the loss curve (at most `TrainRenderer.curvePoints` each), so the output stays bounded
/// whatever the epochs; a loss-curve picture can draw the held-out line from them.
struct TrainCurves: Sendable {
    /// The held-out examples (nil without `split`).
    let heldOutCount: Int?
    var accuracy = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)
    var heldOutLoss = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)
    var heldOutAccuracy = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)

    init(heldOutCount: Int?) { self.heldOutCount = heldOutCount }

    mutating func add(_ p: TrainingProgress) {
        if let a = p.accuracy { accuracy.add(a, at: p.epoch) }
        if let l = p.heldOutLoss { heldOutLoss.add(l, at: p.epoch) }
        if let a = p.heldOutAccuracy { heldOutAccuracy.add(a, at: p.epoch) }
    }

    func summaryRows(_ r: TrainingResult, options: TrainingOptions, format: NumberFormat) -> [(String, String)] {
        var rows: [(String, String)] = []
        let percent = { (v: Double) in NumberFormat(precision: 1).fixed(v * 100) + " %" }
        if options.optimizer.rule != .sgd || options.optimizer.weightDecay > 0 {
            var text = options.optimizer.rule.name
            if options.optimizer.weightDecay > 0 { text += ", weight_decay \(ChainRenderer.constant(options.optimizer.weightDecay))" }
            rows.append(("optimizer", text))
        }
        if options.l2 > 0 { rows.append(("l2", ChainRenderer.constant(options.l2) + " (the training losses include (λ/2)·Σθ²)")) }
        if let n = heldOutCount {
            rows.append(("held out", "\(n) examples (split); the losses above are of the training part"))
            if let l = r.finalHeldOutLoss { rows.append(("final held-out loss", format.string(l))) }
            if let a = r.finalHeldOutAccuracy { rows.append(("held-out accuracy", percent(a))) }
            if let best = heldOutLoss.points.min(by: { $0.value < $1.value }) {
                rows.append(("lowest held-out loss", "\(format.string(best.value)) at epoch \(best.index)"))
            }
        }
        return rows
    }

    /// The curves in the machine-readable part: `accuracies`, `held_out_losses`,
    /// `held_out_accuracies`, each with its epochs.
    func annotate(_ json: JSONValue, result r: TrainingResult) -> JSONValue {
        var out = json
        func add(_ key: String, _ curve: StreamingDownsampler) {
            let points = curve.points
            out = out.setting(key, to: .numbers(points.map(\.value)))
            out = out.setting(key + "_epochs", to: .array(points.map { .integer($0.index) }))
        }
        if accuracy.count > 0 { add("accuracies", accuracy) }
        if let n = heldOutCount {
            out = out.setting("held_out", to: .integer(n))
            add("held_out_losses", heldOutLoss)
            if heldOutAccuracy.count > 0 { add("held_out_accuracies", heldOutAccuracy) }
            out = out.setting("final_held_out_loss", to: r.finalHeldOutLoss.map { .number($0) } ?? .null)
            out = out.setting("final_held_out_accuracy", to: r.finalHeldOutAccuracy.map { .number($0) } ?? .null)
        }
        return out
    }
}
