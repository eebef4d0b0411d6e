import Backprop
import JSON
import Rendering
import Synchronization

/// The live controls a statement may use, and the state their handlers change.
struct LiveContext: Sendable {
    let controls: LiveControls
    let store: SessionStore

    var isAvailable: Bool { controls.isAvailable }
}

extension Statement.Kind {
    /// A statement that runs on a copy of the state and commits once (see `SessionStore`).
    var isLong: Bool { if case .train = self { true } else { false } }
}

/// What a slider panel's live view shows below the loss.
enum LiveView: Sendable {
    case forward
    case explain(ValueName)
    case backward
}

/// The panel a handler made after it: set once the controls exist.
final class PanelSlot: Sendable {
    private let slot = Mutex<LivePanel?>(nil)
    var panel: LivePanel? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}

/// `slider`: sliders bound to parameters and one live view, updated on every move.
extension Interpreter {
    mutating func slider(_ statement: DeclaredStatement) throws -> [JSONValue] {
        let network = try requireNetwork()
        var bound: [(name: ValueName, id: ParameterID, value: Double)] = []
        for name in statement.names {
            guard let id = ValueLookup.parameterID(name.value) else { continue }
            try engine(at: name.location, length: name.value.description.count) { () throws(BackpropError) in
                try network.validate(id)
            }
            let value = try engine(at: name.location) { () throws(BackpropError) in try network.value(of: id) }
            if !bound.contains(where: { $0.id == id }) { bound.append((name.value, id, value)) }
        }
        let options = statement.options
        let from = StatementDeclaration.sliderFrom.value(options.number(StatementDeclaration.sliderFrom)) ?? -1
        let to = StatementDeclaration.sliderTo.value(options.number(StatementDeclaration.sliderTo)) ?? 1
        let step = StatementDeclaration.sliderStep.value(options.number(StatementDeclaration.sliderStep)) ?? 0.01
        guard from < to else {
            throw StatementFailure(.valueError, "from (\(NumberText.short(from))) must be below to (\(NumberText.short(to)))",
                                   at: options.number(StatementDeclaration.sliderTo)?.location)
        }
        guard step <= to - from else {
            throw StatementFailure(.valueError, "step (\(NumberText.short(step))) is wider than the range \(NumberText.short(from)) to \(NumberText.short(to))",
                                   at: options.number(StatementDeclaration.sliderStep)?.location)
        }
        let view = try liveView(statement)
        // The view once now: what it needs (x, y) is an error here, not at every move.
        let first = try SliderRenderer.view(Self.liveParts(state, view), state: state, moved: bound.map { ($0.name, $0.value) })
        guard let live, live.isAvailable else {
            return [SliderRenderer.unavailable(bound.map { ($0.name, $0.value) }, format: format)]
        }
        let displayID = newDisplayID()
        let names = bound.map { ($0.name, $0.id) }
        let store = live.store
        let slot = PanelSlot()
        let sliders = bound.enumerated().map { index, p in
            LiveSlider(label: p.name.description, value: p.value, min: Swift.min(from, p.value), max: Swift.max(to, p.value),
                       step: step) { value, reply in
                let bundle = Self.move(p.id, named: p.name, to: value, store: store, view: view,
                                       names: names, snapBack: { current in
                    slot.panel?.setSlider(index, to: current)
                })
                reply.updateDisplay(bundle, displayID: displayID)
            }
        }
        let text = SliderRenderer.fallbackText(bound.map { ($0.name, $0.value) }, format: format)
        guard let panel = live.controls.panel(sliders: sliders, buttons: [], text: text, replacing: nil) else {
            throw StatementFailure(.stateError, "the front end has too many widgets open to show more sliders",
                                   hint: "restart the kernel, or assign instead (`\(bound[0].name) = 0.5`)")
        }
        slot.panel = panel
        emit(.display(panel.bundle, displayID: nil))
        emit(.display(first, displayID: displayID))
        return []
    }

    private func liveView(_ statement: DeclaredStatement) throws -> LiveView {
        let explained = statement.options["explain"]
        if let backward = statement.options["backward"] {
            if explained != nil {
                throw StatementFailure(.valueError, "the live view is explain or backward, not both", at: backward.location)
            }
            return .backward
        }
        if let explained, case let .text(text) = explained.value, let name = ValueName(text) {
            let network = try requireNetwork()
            if let id = ValueLookup.parameterID(name) {
                try engine(at: explained.location, length: text.count) { () throws(BackpropError) in try network.validate(id) }
            }
            return .explain(name)
        }
        return .forward
    }

    /// The bundles of the live view for `state`, with the engine's numbers (the statements'
    /// own handlers run on a scratch interpreter).
    static func liveParts(_ state: SessionState, _ view: LiveView) throws -> [JSONValue] {
        var scratch = Interpreter(state: state, source: "", directory: "", shouldStop: { false }, emit: { _ in },
                                  newDisplayID: { "" })
        switch view {
        case .forward: return try scratch.forward()
        case .backward: return try scratch.backward()
        case let .explain(name):
            return try scratch.explain(ExplainStatement(parameter: Located(name, at: SourceLocation.start), limit: nil))
        }
    }

    /// A slider moved (on a comm thread): set the parameter as an assignment would, under the
    /// state's lock, and return the new view.
    static func move(_ id: ParameterID, named name: ValueName, to value: Double, store: SessionStore, view: LiveView,
                     names: [(ValueName, ParameterID)], snapBack: (Double) -> Void) -> JSONValue {
        if store.isRunningLong {
            // `train` commits its own parameters when it ends: a move now would be lost.
            let current = store.snapshot.network.flatMap { try? $0.value(of: id) }
            if let current { snapBack(current) }
            return SliderRenderer.note("train is running: the sliders work again when it ends (its Stop button ends it now)",
                                       format: NumberFormat(precision: store.snapshot.precision))
        }
        return store.withState { state in
            let format = NumberFormat(precision: state.precision)
            guard value.isFinite else { return SliderRenderer.note("\(name) must be a finite number", format: format) }
            guard var network = state.network, (try? network.set(id, to: value)) != nil else {
                return SliderRenderer.note("\(name) is not a parameter of the current network (a new net was defined); run slider again", format: format)
            }
            state.network = network
            state.gradientsShown = false
            let values = names.compactMap { n, p in (try? network.value(of: p)).map { (n, $0) } }
            do {
                return try SliderRenderer.view(liveParts(state, view), state: state, moved: values)
            } catch {
                return SliderRenderer.note(SliderRenderer.describe(error), format: format)
            }
        }
    }
}
