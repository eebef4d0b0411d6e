import Backprop
import JSON
import Rendering

/// `train`: live progress while it runs, then a summary and the loss curve.
enum TrainRenderer {
    /// How the progress line reads.
    enum Phase: Equatable {
        case running, done
        case interrupted
    }

    /// The most points of the loss curve in an output (JSON part and SVG): the output stays
    /// far below 64 KiB whatever the epoch count.
    static let curvePoints = 1000

    static func progress(epoch: Int, of epochs: Int, loss: Double?, format: NumberFormat, phase: Phase = .running) -> JSONValue {
        let fraction = epochs > 0 ? Double(epoch) / Double(epochs) : 0
        let width = 24
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let lossText = loss.map { "loss \(format.string($0))" } ?? "starting"
        let plain = progressLine(epoch: epoch, of: epochs, bar: bar, lossText: lossText, phase: phase)
        let state: String
        switch phase {
        case .running: state = "training"
        case .done: state = "done"
        case .interrupted: state = "interrupted at epoch \(epoch)"
        }
        let gauge = Progress(value: epoch, total: epochs, state: state, detail: lossText, text: plain)
        var json: JSONValue = ["kind": "train_progress", "epoch": .integer(epoch), "epochs": .integer(epochs),
                               "loss": loss.map { .number($0) } ?? .null]
        if phase != .running { json = json.setting("state", to: .string(phase == .done ? "done" : "interrupted")) }
        return RichOutput(document: Document([.progress(gauge)], format: format), json: json).bundle
    }

    static func progressLine(epoch: Int, of epochs: Int, bar: String, lossText: String, phase: Phase) -> String {
        switch phase {
        case .running: "training: epoch \(epoch)/\(epochs) ▕\(bar)▏ \(lossText)"
        case .done: "done: epoch \(epoch)/\(epochs) ▕\(bar)▏ \(lossText)"
        case .interrupted: "interrupted at epoch \(epoch) of \(epochs) ▕\(bar)▏ \(lossText)"
        }
    }

    /// The summary table, the loss curve (downsampled in `curve`) and, in text, a first line
    /// with the outcome: a terminal front end does not see the progress line's updates.
    static func result(_ r: TrainingResult, curve: StreamingDownsampler, options: TrainingOptions, classes: [String]?,
                       history: String?, format: NumberFormat, scale: CurveScale? = nil,
                       curves: TrainCurves = TrainCurves(heldOutCount: nil)) -> JSONValue {
        let why: String
        switch r.stopped {
        case .epochs: why = "ran all \(options.epochs) epochs"
        case .target: why = "loss fell below \(format.string(options.targetLoss ?? 0))"
        case .interrupted: why = "interrupted after \(r.stepsRun) step\(r.stepsRun == 1 ? "" : "s")"
        case .diverged: why = "diverged"
        }
        var rows: [(String, String)] = [
            ("epochs run", "\(r.epochsRun)"),
            (curves.heldOutCount == nil ? "final loss (all data)" : "final loss (training part)", format.string(r.finalLoss)),
            ("accuracy", r.accuracy.map { NumberFormat(precision: 1).fixed($0 * 100) + " %" } ?? "— (targets are not classes)"),
            ("stopped", why),
            ("eta", ChainRenderer.constant(options.eta)),
            ("batch", options.batchSize.map(String.init) ?? "all examples"),
        ]
        if let first = curve.first { rows.insert(("first epoch loss", format.string(first.value)), at: 1) }
        if let last = r.lastEpochLoss, options.batchSize != nil { rows.insert(("last epoch loss (mean over its steps)", format.string(last)), at: 2) }
        let points = curve.points
        if curve.isDownsampled {
            rows.append(("curve", "\(points.count) points of \(curve.count) epochs (each span's first, lowest, highest)"))
        }
        if let history { rows.append(("history", "every epoch's loss in \(history)")) }
        rows += curves.summaryRows(r, options: options, format: format)
        var table = DocumentTable(caption: "Training", columns: [.init(""), .init("")])
        for (k, v) in rows { table.addRow([.text(k), .text(v)]) }
        let xs = points.map { Double($0.index) }, ys = points.map(\.value)
        let heldOutPoints = curves.heldOutCount == nil ? [] : curves.heldOutLoss.points
        let chart = LossCurvePicture.chart(xs: xs, ys: ys, scale: scale, maxPathPoints: curvePoints,
                                           heldOut: heldOutPoints.isEmpty ? nil : (heldOutPoints.map { Double($0.index) }, heldOutPoints.map(\.value)))
        // The curve is in the HTML only, as a data-URI image (every notebook viewer shows it, an
        // untrusted one too); a second copy as image/svg+xml would not fit the 64 KiB output.
        let svg = points.isEmpty ? nil : chart.svg()
        var json: JSONValue = [
            "kind": "train", "epochs_run": .integer(r.epochsRun), "steps_run": .integer(r.stepsRun),
            "final_loss": .number(r.finalLoss),
            "accuracy": r.accuracy.map { .number($0) } ?? .null, "stopped": .string(r.stopped.rawValue),
            "losses": .numbers(ys), "loss_epochs": .array(points.map { .integer($0.index) }),
            "downsampled": .bool(curve.isDownsampled),
        ]
        json = curves.annotate(json.setting("optimizer", to: .string(options.optimizer.rule.name)), result: r)
        let phase: Phase = r.stopped == .interrupted ? .interrupted : .done
        let outcome = progress(epoch: r.epochsRun, of: options.epochs, loss: r.lastEpochLoss, format: format, phase: phase)
        // The answer first: the final loss. In text the progress line follows (a terminal
        // never saw the progress display's updates).
        var document = Document(format: format)
        document.headline(["final loss = ", .number(r.finalLoss), .text(r.accuracy.map { ", accuracy " + NumberFormat(precision: 1).fixed($0 * 100) + " %" } ?? "")])
        document.add(.paragraph(.text(outcome[MIME.plain]?.stringValue ?? "")))
        document.add(.table(table))
        if let svg {
            // Only as the HTML's image: a second copy as image/svg+xml would not fit the 64 KiB output.
            document.add(.picture(Picture(svg: svg, alt: LossCurvePicture.alt(chart, points: points, format: format, heldOut: heldOutPoints),
                                          text: sparkline(points, epochs: curve.count), asImagePart: false)))
        }
        return RichOutput(document: document, json: json).bundle
    }

    /// A one-line picture of the loss for terminals: each column shows the last kept point
    /// of its span of epochs.
    static func sparkline(_ points: [StreamingDownsampler.Point], epochs: Int, width: Int = 48) -> String {
        let finite = points.filter(\.value.isFinite)
        guard let lo = finite.map(\.value).min(), let hi = finite.map(\.value).max(),
              let firstIndex = points.first?.index else { return "" }
        let ticks = Array("▁▂▃▄▅▆▇█")
        let columns = min(width, max(epochs, 1))
        var column: [Double?] = Array(repeating: nil, count: columns)
        for p in finite {
            let c = min(columns - 1, (p.index - firstIndex) * columns / max(epochs, 1))
            column[max(c, 0)] = p.value
        }
        var line = ""
        for v in column {
            guard let v else { line += " "; continue }
            let t = hi > lo ? (v - lo) / (hi - lo) : 0
            line.append(ticks[min(ticks.count - 1, Int(t * Double(ticks.count - 1) + 0.5))])
        }
        return "loss " + line
    }
}

/// `gradcheck`: analytic beside numeric gradients.
enum GradcheckRenderer {
    /// Networks with more parameters than this list only the worst entries.
    static let listLimit = 40

    static func bundle(_ r: GradientCheckResult, format: NumberFormat) -> JSONValue {
        let verdict = r.passed ? "passed" : "FAILED"
        let title = "Gradient check (central differences, ε = \(ChainRenderer.constant(r.eps))): \(verdict)"
        var entries = r.entries
        var note: String? = nil
        if entries.count > listLimit {
            // Failed entries first, then by relative error: a failure is never cut off.
            entries = entries.sorted { ($0.passed ? 1 : 0, -$0.relativeError) < ($1.passed ? 1 : 0, -$1.relativeError) }
                .prefix(listLimit).map { $0 }
            note = "showing the failed entries, then the largest relative errors, \(listLimit) of \(r.entries.count) parameters"
        }
        var table = DocumentTable(caption: .text(title), columns: [.init("parameter"), .init("analytic", .decimal), .init("numeric", .decimal),
                                                                   .init("relative error", .right), .init("ok")])
        let sci = NumberFormat(precision: 2)
        for e in entries {
            let name = Names.valueName(e.parameter)
            // An entry that passed only by the absolute test (a gradient near 0, where the
            // relative error is meaningless) says so instead of showing a large relative error.
            let absolutely = e.passed && !(e.relativeError <= GradientCheckResult.relativeTolerance)
            let error = absolutely ? "judged absolutely: |Δ| = " + sci.scientific(abs(e.analytic - e.numeric))
                                   : sci.scientific(e.relativeError)
            table.addRow([.math(Names.latex(name), plain: Names.plain(name)), .number(e.analytic), .number(e.numeric),
                          .text(error), .text(e.passed ? "✓" : "✗")])
        }
        let leftOut = r.leftOutCount
        let scale = sci.scientific(GradientCheckResult.meaningfulScale)
        var footer = [
            "max relative error = \(sci.scientific(r.maxRelativeError)), max absolute error = \(sci.scientific(r.maxAbsoluteError))",
            "an entry passes with a relative error below \(sci.scientific(GradientCheckResult.relativeTolerance)) or an absolute error below \(sci.scientific(GradientCheckResult.absoluteTolerance)); gradients near 0 are judged absolutely",
        ]
        if leftOut > 0 {
            footer.insert("left out of the max relative error: \(leftOut) passing entr\(leftOut == 1 ? "y" : "ies") whose analytic and numeric gradients are both below \(scale) (there a relative error measures only rounding noise)", at: 1)
        }
        let failed = r.entries.filter { !$0.passed }
        if !failed.isEmpty {
            let names = failed.prefix(10).map { Names.plain(Names.valueName($0.parameter)) }.joined(separator: ", ")
            footer.append("FAILED: \(failed.count) entr\(failed.count == 1 ? "y" : "ies") (\(names)\(failed.count > 10 ? ", …" : ""))")
        }
        if let note { footer.insert(note, at: 0) }
        table.footnotes = footer.map(Cell.text)
        // The answer first: the verdict.
        var document = Document(format: format)
        let count = r.entries.count
        document.headline([.text(r.passed
            ? "gradient check passed: all \(count) entr\(count == 1 ? "y agrees" : "ies agree") with central differences"
            : (r.complete ? "gradient check FAILED: \(failed.count) of \(count) entr\(count == 1 ? "y disagrees" : "ies disagree")"
                          : "gradient check FAILED: stopped before every entry was checked"))])
        document.add(.table(table))
        let json: JSONValue = [
            "kind": "gradcheck", "eps": .number(r.eps), "max_relative_error": .number(r.maxRelativeError),
            "max_absolute_error": .number(r.maxAbsoluteError),
            "left_out": .integer(leftOut), "meaningful_scale": .number(GradientCheckResult.meaningfulScale),
            "passed": .bool(r.passed),
            "entries": .array(r.entries.map {
                ["name": .string($0.parameter.description), "analytic": .number($0.analytic), "numeric": .number($0.numeric),
                 "relative_error": .number($0.relativeError), "passed": .bool($0.passed)]
            }),
        ]
        return RichOutput(document: document, json: json).bundle
    }
}
