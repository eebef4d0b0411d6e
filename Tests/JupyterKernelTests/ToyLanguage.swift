import JSON
import JupyterKernel
import JupyterWidgets
import Synchronization

/// A test-only language: `print TEXT` → stdout, `warn TEXT` → stderr, `fail` → error,
/// `value TEXT` → execute_result, `spin` → loops until interrupted, `clear` → clear_output,
/// `open TARGET` → opens a comm from the kernel, `slider` → a FloatSlider widget shown.
/// Comm target `toy.echo` answers every comm_msg with `{"echo": data}` and a display.
final class ToyLanguage: KernelLanguage, @unchecked Sendable {
    let interrupted = Atomic<Bool>(false)
    let executed = Mutex<[String]>([])
    private let commsBox = Mutex<CommManager?>(nil)
    private let widgetsBox = Mutex<WidgetManager?>(nil)
    /// What the comm and widget handlers saw, in order.
    let events = EventLog()
    var widgets: WidgetManager? { widgetsBox.withLock { $0 } }

    func attach(comms: CommManager) {
        commsBox.withLock { $0 = comms }
        widgetsBox.withLock { $0 = WidgetManager(comms: comms) }
        comms.registerTarget("toy.echo") { [events] comm, opened in
            events.add("open \(comm.id) \(opened.data.serialized())")
            comm.onMessage { message in
                events.add("msg \(message.data.serialized())")
                comm.send(data: ["echo": message.data])
                message.output.display(data: ["text/plain": "echoed"], metadata: [:], displayID: nil)
            }
            comm.onClose { _ in events.add("close \(comm.id)") }
        }
    }

    var languageInfo: LanguageInfo {
        LanguageInfo(name: "toy", version: "1.0", mimetype: "text/x-toy", fileExtension: ".toy",
                     pygmentsLexer: "text", codemirrorMode: "null", implementation: "toy-kernel",
                     implementationVersion: "0.1", banner: "Toy", helpLinks: [("Docs", "https://example.invalid")])
    }

    func execute(code: String, executionCount: Int, output: OutputSink) -> ExecuteOutcome {
        executed.withLock { $0.append(code) }
        interrupted.store(false, ordering: .relaxed)
        if code.hasPrefix("print ") { output.stream(name: "stdout", text: String(code.dropFirst(6)) + "\n") }
        if code.hasPrefix("warn ") { output.stream(name: "stderr", text: String(code.dropFirst(5)) + "\n") }
        if code == "clear" { output.clearOutput(wait: false) }
        if code == "fail" { return .error(ename: "ToyError", evalue: "failed", traceback: ["ToyError: failed"]) }
        if code == "spin" {
            while !interrupted.load(ordering: .relaxed) {}
            return .error(ename: "Interrupted", evalue: "", traceback: [])
        }
        if code.hasPrefix("open ") {
            let comm = commsBox.withLock { $0 }?.open(target: String(code.dropFirst(5)), data: ["hello": 1])
            return .ok(result: ["text/plain": .string(comm?.id ?? "none")], payload: [])
        }
        if code == "slider" || code == "button" {
            let made = code == "slider"
                ? widgets?.create(.floatSlider, [("min", -1.0), ("max", 1.0), ("step", 0.01), ("description", "w")])
                : widgets?.create(.button, [("description", "Stop")])
            guard let made else { return .error(ename: "ToyError", evalue: "no widget", traceback: []) }
            made.onChange { [events] changes, _ in events.add("change \(JSONValue.object(changes).serialized())") }
            made.onClick { [events] _ in events.add("click") }
            return .ok(result: made.view(), payload: [])
        }
        if code.hasPrefix("value ") {
            return .ok(result: ["text/plain": .string(String(code.dropFirst(6)))], payload: [])
        }
        return .ok(result: nil, payload: [])
    }

    func complete(code: String, cursorPos: Int) -> (matches: [String], cursorStart: Int, cursorEnd: Int) {
        (["print"].filter { $0.hasPrefix(code) }, 0, cursorPos)
    }

    func inspect(code: String, cursorPos: Int, detailLevel: Int) -> JSONValue? {
        code == "print" ? ["text/plain": "print TEXT"] : nil
    }

    func isComplete(code: String) -> IsCompleteStatus { code.hasSuffix("\\") ? .incomplete(indent: "  ") : .complete }

    func interrupt() { interrupted.store(true, ordering: .relaxed) }

    func evaluate(expression: String) -> ExecuteOutcome {
        .ok(result: ["text/plain": .string(expression.uppercased())], payload: [])
    }
}

/// What handlers saw, from any thread.
final class EventLog: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ event: String) { list.withLock { $0.append(event) } }
    var all: [String] { list.withLock { $0 } }
}
