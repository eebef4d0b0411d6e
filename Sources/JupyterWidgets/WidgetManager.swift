import JSON
import JupyterKernel
import Synchronization

/// The kernel side of the Jupyter widget protocol 2.1.0 (ipywidgets 8) over a kernel's
/// comms: makes widgets (comm_open on `jupyter.widget` with `{state, buffer_paths}` and
/// `metadata.version`), and serves the `jupyter.widget.control` target's `request_states`
/// so a reloaded page gets its widgets back. Knows nothing of the language. Thread-safe.
public final class WidgetManager: Sendable {
    /// The widget messaging protocol version (metadata.version of comm_open).
    public static let protocolVersion = "2.1.0"
    public static let widgetTarget = "jupyter.widget"
    public static let controlTarget = "jupyter.widget.control"

    let comms: CommManager
    /// Open widgets in creation order (update_states lists them so).
    private let widgets = Mutex<[Widget]>([])
    /// Set once a front end has shown it speaks the widget protocol (it opened the control
    /// comm, as JupyterLab's and Notebook 7's widget managers do on connecting, or a widget).
    private let frontEndSeen = Atomic<Bool>(false)

    /// Whether a front end that shows widgets has connected to this kernel: a language makes
    /// widgets only then (jupyter console and nbclient never open the control comm).
    public var hasFrontEnd: Bool { frontEndSeen.load(ordering: .acquiring) }

    /// Registers the `jupyter.widget` and `jupyter.widget.control` targets on `comms`.
    /// Nothing is sent until a widget is made or a front end opens a comm.
    public init(comms: CommManager) {
        self.comms = comms
        registerTargets()
    }

    private func registerTargets() {
        comms.registerTarget(Self.controlTarget) { [weak self] comm, _ in
            self?.frontEndSeen.store(true, ordering: .releasing)
            comm.onMessage { [weak self] message in self?.controlMessage(message, on: comm) }
        }
        comms.registerTarget(Self.widgetTarget) { [weak self] comm, message in
            self?.frontEndSeen.store(true, ordering: .releasing)
            self?.frontEndCreated(comm, message)
        }
    }

    /// Makes a widget of `model` with `values` over the defaults (with its Layout and Style
    /// widgets when the model has them) and opens its comm. Nil when a key is unknown, a
    /// value not allowed, or the kernel's comm limit is reached.
    public func create(_ model: WidgetModel, _ values: [(String, JSONValue)] = []) -> Widget? {
        var state = model.attributes.map { (key: $0.name, value: $0.defaultValue) }
        for (key, value) in values {
            guard let stored = Widget.constrain(key, value, model: model, in: state) else { return nil }
            Widget.store(key, stored, in: &state)
        }
        var layout: Widget?, style: Widget?
        if model.attribute("layout") != nil, values.allSatisfy({ $0.0 != "layout" }) {
            guard let made = create(.layout) else { return nil }
            layout = made
            Widget.store("layout", made.reference, in: &state)
        }
        if let styleModel = model.styleModel, values.allSatisfy({ $0.0 != "style" }) {
            guard let made = create(styleModel) else { layout?.close(); return nil }
            style = made
            Widget.store("style", made.reference, in: &state)
        }
        let data: JSONValue = ["state": .object(model.identity + state), "buffer_paths": []]
        guard let comm = comms.open(target: Self.widgetTarget, data: data,
                                    metadata: ["version": .string(Self.protocolVersion)]) else {
            layout?.close()
            style?.close()
            return nil
        }
        let widget = Widget(model: model, comm: comm, values: state, layout: layout, style: style)
        adopt(widget)
        return widget
    }

    /// The open widgets, in creation order.
    public var all: [Widget] { widgets.withLock { $0 }.filter { $0.comm.isOpen } }

    public func widget(id: String) -> Widget? { all.first { $0.id == id } }

    private func adopt(_ widget: Widget) {
        widgets.withLock { list in
            list.removeAll { !$0.comm.isOpen }
            list.append(widget)
        }
        widget.comm.onMessage { [weak widget] message in widget?.received(message) }
        widget.comm.onClose { [weak self, weak widget] _ in
            guard let widget else { return }
            self?.widgets.withLock { $0.removeAll { $0 === widget } }
        }
    }

    /// A widget a front end made (comm_open to `jupyter.widget`): kept with the state it sent,
    /// so update and request_state work; a protocol major version other than 2 is refused.
    private func frontEndCreated(_ comm: Comm, _ message: CommMessage) {
        let version = message.metadata["version"]?.stringValue ?? ""
        guard version.split(separator: ".").first == "2", let state = message.data["state"], state.objectValue != nil else {
            comm.close()
            return
        }
        let model = WidgetModel.known.first { $0.modelName == state["_model_name"]?.stringValue } ?? .adopted(from: state)
        var values = model.attributes.map { (key: $0.name, value: $0.defaultValue) }
        for (key, value) in state.objectValue ?? [] {
            if let stored = Widget.constrain(key, value, model: model, in: values) { Widget.store(key, stored, in: &values) }
        }
        adopt(Widget(model: model, comm: comm, values: values, layout: nil, style: nil))
    }

    /// `request_states` on the control comm: one `update_states` with every open widget, as
    /// ipywidgets sends it (`{model_name, model_module, model_module_version, state}` each).
    private func controlMessage(_ message: CommMessage, on comm: Comm) {
        guard message.data["method"]?.stringValue == "request_states" else { return }
        comm.send(data: ["method": "update_states", "states": statesContent(), "buffer_paths": []])
    }

    func statesContent() -> JSONValue {
        .object(all.map { w in
            (w.id, [
                "model_name": .string(w.model.modelName), "model_module": .string(w.model.modelModule),
                "model_module_version": .string(w.model.modelModuleVersion), "state": w.state,
            ])
        })
    }
}
