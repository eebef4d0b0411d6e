import Backprop
import JSON
import Rendering
import Synchronization

/// `step button`: TF Playground's "step". Each click applies one gradient-descent step to
/// the session's parameters (as `step` does) and redraws one display: the step's tables and
/// the graph.
extension Interpreter {
    mutating func stepButton(_ statement: DeclaredStatement) throws -> [JSONValue] {
        _ = try requireExample()
        let eta = statement.options.number(StatementDeclaration.stepEta)
        let step = StepStatement(eta: eta)
        // The first view: the graph now (and what is missing, as an error, before any click).
        let first = try Self.stepView(state, step: step, clicks: 0)
        guard let live, live.isAvailable else {
            return [RichOutput(plain: "the Step button needs a notebook front end (JupyterLab or Notebook with ipywidgets); run `step` instead",
                               json: ["kind": "step_button", "available": false]).bundle]
        }
        let displayID = newDisplayID()
        let store = live.store
        let counter = ClickCounter()
        guard let panel = live.controls.panel(sliders: [], buttons: [LiveButton(label: "Step") { reply in
            let bundle: JSONValue
            if store.isRunningLong {
                bundle = SliderRenderer.note("train is running: Step works again when it ends", format: NumberFormat(precision: store.snapshot.precision))
            } else {
                bundle = store.withState { state in
                    let n = counter.next()
                    do {
                        var scratch = Interpreter(state: state, source: "", directory: "", shouldStop: { false },
                                                  emit: { _ in }, newDisplayID: { "" })
                        let tables = try scratch.step(step)
                        state = scratch.state
                        return try Self.stepView(state, step: step, clicks: n, tables: tables)
                    } catch {
                        return SliderRenderer.note(SliderRenderer.describe(error), format: NumberFormat(precision: state.precision))
                    }
                }
            }
            reply.updateDisplay(bundle, displayID: displayID)
        }], text: "(the Step button needs a notebook front end; run `step` instead)", replacing: "step") else {
            throw StatementFailure(.stateError, "the front end has too many widgets open to show a Step button",
                                   hint: "restart the kernel, or run `step` instead")
        }
        emit(.display(panel.bundle, displayID: nil))
        emit(.display(first, displayID: displayID))
        return []
    }

    /// The loss, the step's tables (after a click) and the graph.
    static func stepView(_ state: SessionState, step: StepStatement, clicks: Int, tables: [JSONValue] = []) throws -> JSONValue {
        var scratch = Interpreter(state: state, source: "", directory: "", shouldStop: { false }, emit: { _ in },
                                  newDisplayID: { "" })
        let graph = try scratch.graph()
        let format = NumberFormat(precision: state.precision)
        let loss = SliderRenderer.loss(state)
        var head = Document(format: format)
        let eta = step.eta?.value ?? Network.defaultEta
        let lossCell: Cell = loss.map { Cell.number($0) } ?? .text("—")
        let pieces: [Cell] = clicks == 0 ? [.text("click Step: one gradient-descent step with η = "), .number(eta)]
            : [.text("after step \(clicks): L = "), lossCell]
        head.headline(pieces)
        let json: JSONValue = ["kind": "step_view", "steps": .integer(clicks), "loss": loss.map { .number($0) } ?? .null,
                               "view": .array((tables + graph).compactMap { $0[MIME.json] })]
        return SliderRenderer.combine(head, tables + graph, json: json, attribute: loss.map { " data-loss=\"\($0)\"" } ?? "")
    }
}

/// Clicks so far (each click's handler runs under the state's lock, one at a time).
final class ClickCounter: Sendable {
    private let count = Atomic<Int>(0)
    func next() -> Int { count.add(1, ordering: .relaxed).newValue }
}
