import BackpropLanguage
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import JupyterKernel
import JupyterWidgets

/// The adapter between the kernel's protocol and the cell language's `Session`: the kernel
/// knows nothing of backprop, the language nothing of Jupyter.
final class BackpropKernelLanguage: KernelLanguage {
    private let session: Session
    /// The widget side of the kernel's comms (jupyter.widget and jupyter.widget.control
    /// targets); nothing is sent until a front end opens a comm or a widget is made.
    private(set) var widgets: WidgetManager?

    init() {
        session = Session(directory: FileManager.default.currentDirectoryPath)
    }

    var languageInfo: LanguageInfo {
        LanguageInfo(name: "backprop", version: BackpropKernelCommand.version, mimetype: "text/x-backprop",
                     fileExtension: ".bp", pygmentsLexer: "text", codemirrorMode: "null",
                     implementation: "backprop-kernel", implementationVersion: BackpropKernelCommand.version,
                     banner: "backprop-kernel \(BackpropKernelCommand.version): neural networks and the chain rule, cell by cell. Type `help`.",
                     helpLinks: [])
    }

    func execute(code: String, executionCount: Int, output: OutputSink) -> ExecuteOutcome {
        var result: JSONValue? = nil
        var payload: [JSONValue] = []
        let error = session.execute(code) { item in
            switch item {
            case let .stream(stream, text): output.stream(name: stream.rawValue, text: text)
            case let .display(bundle, id): output.display(data: bundle, metadata: [:], displayID: id)
            case let .updateDisplay(bundle, id): output.updateDisplay(data: bundle, metadata: [:], displayID: id)
            case let .clear(wait): output.clearOutput(wait: wait)
            case let .result(bundle): result = bundle
            case let .page(bundle):
                payload.append(["source": "page", "data": bundle, "start": 0])
            case .exit:
                // What ipykernel sends for `exit`: jupyter console ends and shuts the kernel down.
                payload.append(["source": "ask_exit", "keepkernel": false])
            }
        }
        if let error {
            return .error(ename: error.ename, evalue: error.message, traceback: error.traceback)
        }
        return .ok(result: result, payload: payload)
    }

    func complete(code: String, cursorPos: Int) -> (matches: [String], cursorStart: Int, cursorEnd: Int) {
        let r = session.complete(code, cursor: cursorPos)
        return (r.matches, r.start, r.end)
    }

    func inspect(code: String, cursorPos: Int, detailLevel: Int) -> JSONValue? {
        session.inspect(code, cursor: cursorPos, detailLevel: detailLevel)
    }

    func isComplete(code: String) -> IsCompleteStatus {
        switch session.isComplete(code) {
        case .complete: return .complete
        case let .incomplete(indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    func interrupt() { session.interrupt() }

    func attach(comms: CommManager) {
        let manager = WidgetManager(comms: comms)
        widgets = manager
        session.controls = WidgetControls(widgets: manager)
    }

    /// user_expressions: each expression is a name to show (`W1`, `dL/dw212`, `loss`).
    func evaluate(expression: String) -> ExecuteOutcome {
        let (outputs, error) = session.execute("show " + expression)
        if let error { return .error(ename: error.ename, evalue: error.message, traceback: error.traceback) }
        for case let .result(bundle) in outputs { return .ok(result: bundle, payload: []) }
        return .ok(result: nil, payload: [])
    }
}
