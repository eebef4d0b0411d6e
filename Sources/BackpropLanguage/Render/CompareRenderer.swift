import Backprop
import JSON
import Rendering

/// `compare`: kept runs on shared axes, what differs between them, their final losses.
enum CompareRenderer {
    /// The settings that differ between the runs (keys in the first run's order), and those
    /// shared.
    static func differences(_ runs: [StoredRun]) -> (differ: [String], same: [StoredRun.Setting]) {
        var keys: [String] = []
        for run in runs { for s in run.settings where !keys.contains(s.key) { keys.append(s.key) } }
        var differ: [String] = [], same: [StoredRun.Setting] = []
        for key in keys {
            let values = runs.map { $0.setting(key) ?? "—" }
            if Set(values).count > 1 { differ.append(key) } else { same.append(.init(key: key, value: values[0])) }
        }
        return (differ, same)
    }

    static func bundle(_ runs: [StoredRun], scale: CurveScale?, format: NumberFormat) -> JSONValue {
        let (differ, same) = differences(runs)
        var document = Document(format: format)
        let names = runs.map(\.name)
        document.headline([.text(differ.isEmpty
            ? "\(names.joined(separator: ", ")): the same data and settings (they differ only in their names)"
            : "\(names.joined(separator: " vs ")): the same data; they differ in \(Vocabulary.list(differ))")])
        var losses = DocumentTable(caption: "Final losses", columns: [
            .init("run"), .init("epochs", .right), .init("final loss (all data)", .decimal), .init("held-out loss", .decimal),
            .init("accuracy", .right),
        ])
        for run in runs {
            losses.addRow([.text(run.name), .text("\(run.epochsRun)"), .number(run.finalLoss),
                           run.finalHeldOutLoss.map(Cell.number) ?? .text("—"),
                           .text(run.accuracy.map { NumberFormat(precision: 1).fixed($0 * 100) + " %" } ?? "—")])
        }
        if let best = runs.min(by: { $0.finalLoss < $1.finalLoss }) {
            losses.footnotes = [.text("lowest final loss: \(best.name)")]
        }
        document.add(.table(losses))
        if !differ.isEmpty {
            var table = DocumentTable(caption: "What differs", columns: [.init("setting")] + runs.map { .init(.text($0.name)) })
            for key in differ { table.addRow([.text(key)] + runs.map { .text($0.setting(key) ?? "—") }) }
            document.add(.table(table))
        }
        let shared = same.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
        document.note(.text("the same in every run: data \(runs[0].dataDescription)\(shared.isEmpty ? "" : "; " + shared)"))
        if differ.contains("loss") { document.note(.text("the runs minimise different losses: their curves measure different things")) }
        let series = runs.map { LineChart.Series(name: $0.name, xs: $0.epochs.map(Double.init), ys: $0.losses) }
        let yScale: LineChart.YScale = scale == .log ? .logarithmic : (scale == .linear ? .linear : .automatic)
        let chart = LineChart(series: series, title: "Training loss", xTitle: "epoch", yTitle: "loss", yScale: yScale,
                              maxPathPoints: RunStore.maxPoints)
        let axis = chart.isLogarithmic ? "log scale" : "linear scale"
        let alt = "Line chart of the training loss of \(runs.count) runs on shared axes (\(axis)): "
            + runs.map { "\($0.name) from \(format.string($0.losses.first ?? .nan)) to \(format.string($0.losses.last ?? .nan)) over \($0.epochsRun) epochs" }.joined(separator: "; ")
        document.add(.picture(Picture(svg: chart.svg(), alt: alt, text: nil, asImagePart: false)))
        let json: JSONValue = [
            "kind": "compare", "scale": .string(chart.isLogarithmic ? "log" : "linear"),
            "differ": .array(differ.map { .string($0) }),
            "runs": .array(runs.map { run in
                ["name": .string(run.name), "epochs_run": .integer(run.epochsRun), "final_loss": .number(run.finalLoss),
                 "held_out_loss": run.finalHeldOutLoss.map { .number($0) } ?? .null,
                 "accuracy": run.accuracy.map { .number($0) } ?? .null,
                 "losses": .numbers(run.losses), "loss_epochs": .array(run.epochs.map { .integer($0) }),
                 "settings": .object(run.settings.map { ($0.key, .string($0.value)) })]
            }),
        ]
        return RichOutput(document: document, json: json).bundle
    }

    /// `compare` alone: the kept runs.
    static func list(_ store: RunStore, format: NumberFormat) -> JSONValue {
        var document = Document(format: format)
        let runs = store.runs
        document.headline([.text(runs.isEmpty ? "no runs kept yet: train … as NAME keeps one"
                                              : "\(runs.count) run\(runs.count == 1 ? "" : "s") kept (at most \(RunStore.maxRuns))")])
        if !runs.isEmpty {
            var table = DocumentTable(caption: "Kept runs", columns: [.init("run"), .init("network"), .init("epochs", .right),
                                                                     .init("final loss", .decimal), .init("data")])
            for run in runs {
                table.addRow([.text(run.name), .text(run.setting("network") ?? "—"), .text("\(run.epochsRun)"),
                              .number(run.finalLoss), .text(run.dataDescription)])
            }
            document.add(.table(table))
        }
        return RichOutput(document: document, json: ["kind": "runs", "names": .array(runs.map { .string($0.name) })]).bundle
    }
}
