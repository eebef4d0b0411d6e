import JSON
import Rendering
import Synchronization

/// `train`'s notebook extras: a Stop button and a live loss curve in the progress display.
/// Without a widget front end there is no button and the progress stays today's line.
///
/// Stop is the interrupt's path (the run keeps its last finished step) without the error:
/// the cell ends normally, so a notebook's queued cells still run.
final class TrainLive: Sendable {
    private let stop = StopFlag()
    private let panel: LivePanel?

    /// Shows the Stop button when `live` can (closing the previous train's).
    init(live: LiveContext?, emit: (Output) -> Void) {
        guard let live, live.isAvailable else { panel = nil; return }
        let stop = self.stop, slot = PanelSlot()
        panel = live.controls.panel(sliders: [], buttons: [LiveButton(label: "Stop") { _ in
            stop.raise()
            slot.panel?.setButton(0, label: "Stopping…", enabled: false)
        }], text: "(the Stop button needs a notebook front end; interrupt the kernel instead)", replacing: "train")
        slot.panel = panel
        if let panel { emit(.display(panel.bundle, displayID: nil)) }
    }

    /// Whether the notebook shows the button and the live curve.
    var isLive: Bool { panel != nil }

    /// Whether Stop was clicked.
    var stopRequested: Bool { stop.isRaised }

    /// The run ended: the button says how, and clicks do nothing.
    func finish(_ how: String) { panel?.setButton(0, label: how, enabled: false) }

    /// The most points the live curve draws: the redraws stay small whatever the epochs.
    static let curvePoints = 200

    /// The progress display with the curve so far (same MIME parts every time).
    static func progress(_ line: JSONValue, curve: StreamingDownsampler, format: NumberFormat) -> JSONValue {
        let points = curve.points
        var document = Document(format: format)
        let plain = line[MIME.plain]?.stringValue ?? ""
        if points.count >= 2 {
            let chart = LossCurvePicture.chart(xs: points.map { Double($0.index) }, ys: points.map(\.value), scale: nil,
                                               maxPathPoints: curvePoints)
            document.add(.picture(Picture(svg: chart.svg(), alt: LossCurvePicture.alt(chart, points: points, format: format),
                                          text: "", asImagePart: false)))
        }
        let pictureHTML = document.blocks.isEmpty ? "" : (RichOutput(document: document, json: .null).bundle[MIME.html]?.stringValue ?? "")
        return [MIME.plain: .string(plain), MIME.html: .string((line[MIME.html]?.stringValue ?? "") + pictureHTML),
                MIME.json: line[MIME.json] ?? .null]
    }
}

/// Set by the Stop button's click (on a comm thread), polled by the run between steps.
private final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func raise() { flag.store(true, ordering: .releasing) }
    var isRaised: Bool { flag.load(ordering: .acquiring) }
}
