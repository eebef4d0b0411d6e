import JSON
import JupyterKernel
import Synchronization

/// One widget: a model's state in the kernel, synchronised with every front end over its
/// comm (widget protocol 2.1.0). Every method is thread-safe; handlers run on the thread of
/// the shell that received the message, outside the widget's lock (see `KernelLanguage`).
public final class Widget: Sendable {
    public static let referencePrefix = "IPY_MODEL_"

    public let model: WidgetModel
    public let comm: Comm
    /// The Layout and Style widgets this one references (made with it).
    public let layout: Widget?
    public let style: Widget?
    private let values: Mutex<[(key: String, value: JSONValue)]>
    private let handlers = Mutex<Handlers>(Handlers())

    private struct Handlers {
        var change: (@Sendable ([(key: String, value: JSONValue)], CommMessage) -> Void)?
        var custom: (@Sendable (JSONValue, CommMessage) -> Void)?
    }

    init(model: WidgetModel, comm: Comm, values: [(key: String, value: JSONValue)], layout: Widget?, style: Widget?) {
        self.model = model
        self.comm = comm
        self.values = Mutex(values)
        self.layout = layout
        self.style = style
    }

    /// The model id (the comm id).
    public var id: String { comm.id }
    /// How another widget's state refers to this one (`"IPY_MODEL_<id>"`).
    public var reference: JSONValue { .string(Self.referencePrefix + id) }

    public subscript(name: String) -> JSONValue? { values.withLock { v in v.first { $0.key == name }?.value } }

    /// The full state, the six `_model_*` / `_view_*` keys included.
    public var state: JSONValue { .object(model.identity + values.withLock { $0 }) }

    /// Sets attributes from the kernel and sends one `update`. All or nothing: false (and no
    /// change) when a key is unknown or a value not allowed.
    @discardableResult
    public func set(_ changes: [(String, JSONValue)]) -> Bool {
        let applied: [(key: String, value: JSONValue)]? = values.withLock { v in
            var next = v
            for (key, value) in changes {
                guard let stored = Self.constrain(key, value, model: model, in: next) else { return nil }
                Self.store(key, stored, in: &next)
            }
            v = next
            return changes.map { change in (change.0, next.first { $0.key == change.0 }?.value ?? .null) }
        }
        guard let applied else { return false }
        if !applied.isEmpty { sendUpdate("update", .object(applied)) }
        return true
    }

    /// Called after a front end's `update` was applied, with the changes as stored.
    public func onChange(_ handler: @escaping @Sendable (_ changes: [(key: String, value: JSONValue)], _ message: CommMessage) -> Void) {
        handlers.withLock { $0.change = handler }
    }

    /// Called for a front end's `custom` message (a Button's click is `{"event": "click"}`).
    public func onCustom(_ handler: @escaping @Sendable (_ content: JSONValue, _ message: CommMessage) -> Void) {
        handlers.withLock { $0.custom = handler }
    }

    /// A Button's clicks.
    public func onClick(_ handler: @escaping @Sendable (CommMessage) -> Void) {
        onCustom { content, message in
            if content["event"]?.stringValue == "click" { handler(message) }
        }
    }

    /// Sends a `custom` message to the front-end model.
    public func send(custom content: JSONValue) {
        comm.send(data: ["method": "custom", "content": content])
    }

    /// The MIME bundle that shows this widget (display_data / execute_result), with a
    /// text/plain fallback for front ends without widgets (`text` or ipywidgets' repr).
    public func view(text: String? = nil) -> JSONValue {
        [
            "application/vnd.jupyter.widget-view+json": [
                "model_id": .string(id), "version_major": 2, "version_minor": 0,
            ],
            "text/plain": .string(text ?? plainText),
        ]
    }

    /// Closes the comm (the front ends drop the model), with its layout and style.
    public func close() {
        comm.close()
        layout?.close()
        style?.close()
    }

    var plainText: String {
        let shown = ["value", "min", "max", "description"].compactMap { key -> String? in
            guard let v = self[key], !v.isNull, v != model.attribute(key)?.defaultValue || key == "value" else { return nil }
            return "\(key)=\(Self.repr(v))"
        }
        return "\(model.shortName)(\(shown.joined(separator: ", ")))"
    }

    // MARK: - From the front end

    func received(_ message: CommMessage) {
        switch message.data["method"]?.stringValue {
        case "update":
            guard let incoming = message.data["state"]?.objectValue else { return }
            applyFrontEndUpdate(incoming, message)
        case "request_state":
            sendUpdate("update", state)
        case "custom":
            guard let content = message.data["content"], let handler = handlers.withLock({ $0.custom }) else { return }
            handler(content, message)
        default:
            break // unknown methods are ignored, as ipywidgets logs and ignores them
        }
    }

    /// As ipywidgets 8: echo what was received for known keys (`echo_update`, so other front
    /// ends follow and the sender knows the order), then apply; a value the model does not
    /// allow, or corrects (a slider's value outside [min, max]), is answered with an `update`
    /// carrying the kernel's value.
    private func applyFrontEndUpdate(_ incoming: [(key: String, value: JSONValue)], _ message: CommMessage) {
        let known = incoming.filter { model.acceptsAnyValue || (model.attribute($0.key) != nil && !$0.key.hasPrefix("_")) }
        guard !known.isEmpty else { return }
        sendUpdate("echo_update", .object(known))
        let (applied, corrections) = values.withLock { v -> ([(key: String, value: JSONValue)], [(key: String, value: JSONValue)]) in
            var applied: [(key: String, value: JSONValue)] = [], corrections: [(key: String, value: JSONValue)] = []
            for (key, value) in known {
                if let stored = Self.constrain(key, value, model: model, in: v) {
                    Self.store(key, stored, in: &v)
                    applied.append((key, stored))
                    if stored != value { corrections.append((key, stored)) }
                } else if let current = v.first(where: { $0.key == key })?.value {
                    corrections.append((key, current))
                }
            }
            return (applied, corrections)
        }
        if !corrections.isEmpty { sendUpdate("update", .object(corrections)) }
        if !applied.isEmpty, let handler = handlers.withLock({ $0.change }) { handler(applied, message) }
    }

    private func sendUpdate(_ method: String, _ state: JSONValue) {
        comm.send(data: ["method": .string(method), "state": state, "buffer_paths": []])
    }

    // MARK: - Values

    /// The value to store for `key`, or nil when the model does not allow it. A slider's
    /// value is clamped to [min, max], as ipywidgets does; min above max is refused.
    static func constrain(_ key: String, _ value: JSONValue, model: WidgetModel,
                          in values: [(key: String, value: JSONValue)]) -> JSONValue? {
        if model.acceptsAnyValue { return value }
        guard !key.hasPrefix("_model_"), !key.hasPrefix("_view_"), let attribute = model.attribute(key),
              let accepted = attribute.accept(value) else { return nil }
        guard model.modelName == "FloatSliderModel" || model.modelName == "IntSliderModel" else { return accepted }
        func current(_ k: String) -> Double? { values.first { $0.key == k }?.value.doubleValue }
        switch key {
        case "value":
            guard let v = accepted.doubleValue, let lo = current("min"), let hi = current("max") else { return accepted }
            let clamped = Swift.min(Swift.max(v, lo), hi)
            return attribute.kind == .int ? .integer(Int(clamped)) : .number(clamped)
        case "min":
            guard let v = accepted.doubleValue, let hi = current("max"), v <= hi else { return nil }
            return accepted
        case "max":
            guard let v = accepted.doubleValue, let lo = current("min"), v >= lo else { return nil }
            return accepted
        default:
            return accepted
        }
    }

    static func store(_ key: String, _ value: JSONValue, in values: inout [(key: String, value: JSONValue)]) {
        if let i = values.firstIndex(where: { $0.key == key }) { values[i].value = value } else { values.append((key, value)) }
    }

    static func repr(_ v: JSONValue) -> String {
        switch v {
        case let .string(s): return "'\(s)'"
        case let .number(d): return "\(d)"
        case let .integer(i): return "\(i)"
        case let .bool(b): return b ? "True" : "False"
        default: return "…"
        }
    }
}
