import BackpropLanguage
import JSON
import JupyterKernel
import JupyterWidgets
import Synchronization

/// The language's live controls made of Jupyter widgets: sliders are FloatSliders, buttons
/// Buttons, in one VBox. BackpropLanguage asks through `LiveControls`; only this file knows
/// the widget models.
final class WidgetControls: LiveControls {
    private let widgets: WidgetManager
    /// The last panel made with each `replacing` key.
    private let keyed = Mutex<[String: WidgetPanel]>([:])

    init(widgets: WidgetManager) { self.widgets = widgets }

    var isAvailable: Bool { widgets.hasFrontEnd }

    func panel(sliders: [LiveSlider], buttons: [LiveButton], text: String, replacing key: String?) -> LivePanel? {
        var made: [Widget] = []
        func fail() -> LivePanel? { made.forEach { $0.close() }; return nil }
        for slider in sliders {
            guard let widget = widgets.create(.floatSlider, [
                ("min", .number(slider.min)), ("max", .number(slider.max)), ("step", .number(slider.step)),
                ("value", .number(slider.value)), ("description", .string(slider.label)),
                ("readout_format", ".4f"), ("continuous_update", true),
            ]) else { return fail() }
            let onChange = slider.onChange
            widget.onChange { changes, message in
                guard let value = changes.first(where: { $0.key == "value" })?.value.doubleValue else { return }
                onChange(value, Reply(output: message.output))
            }
            made.append(widget)
        }
        let sliderCount = made.count
        for button in buttons {
            guard let widget = widgets.create(.button, [("description", .string(button.label))]) else { return fail() }
            let onClick = button.onClick
            widget.onClick { message in onClick(Reply(output: message.output)) }
            made.append(widget)
        }
        guard let box = widgets.create(.vBox, [("children", .array(made.map(\.reference)))]) else { return fail() }
        let panel = WidgetPanel(box: box, sliders: Array(made[..<sliderCount]), buttons: Array(made[sliderCount...]), text: text)
        if let key {
            let previous = keyed.withLock { table in
                defer { table[key] = panel }
                return table[key]
            }
            previous?.close()
        }
        return panel
    }
}

/// A handler's output: a child of the front end's comm message.
private struct Reply: LiveReply {
    let output: OutputSink
    func updateDisplay(_ bundle: JSONValue, displayID: String) {
        output.updateDisplay(data: bundle, metadata: [:], displayID: displayID)
    }
}

private final class WidgetPanel: LivePanel {
    let box: Widget
    let sliders: [Widget]
    let buttons: [Widget]
    let bundle: JSONValue

    init(box: Widget, sliders: [Widget], buttons: [Widget], text: String) {
        self.box = box
        self.sliders = sliders
        self.buttons = buttons
        self.bundle = box.view(text: text)
    }

    func setSlider(_ index: Int, to value: Double) {
        guard sliders.indices.contains(index) else { return }
        sliders[index].set([("value", .number(value))])
    }

    func setButton(_ index: Int, label: String, enabled: Bool) {
        guard buttons.indices.contains(index) else { return }
        buttons[index].set([("description", .string(label)), ("disabled", .bool(!enabled))])
    }

    func close() {
        for widget in sliders + buttons { widget.close() }
        box.close()
    }
}
