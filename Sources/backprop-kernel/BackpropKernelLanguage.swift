import JSON
import JupyterKernel

// PLACEHOLDER — the lead replaces this whole file with the adapter over the language's
// `Session`. Kept only so the executable builds and answers kernel_info before then.
final class BackpropKernelLanguage: KernelLanguage {
    var languageInfo: LanguageInfo {
        LanguageInfo(name: "backprop", version: "0.1.0", mimetype: "text/x-backprop", fileExtension: ".bp",
                     pygmentsLexer: "text", codemirrorMode: "null", implementation: "backprop-kernel",
                     implementationVersion: "0.1.0", banner: "Backprop (language not wired in yet)")
    }

    func execute(code: String, executionCount: Int, output: OutputSink) -> ExecuteOutcome {
        .error(ename: "NotImplemented", evalue: "the backprop language is not wired into the kernel yet", traceback: [])
    }

    func complete(code: String, cursorPos: Int) -> (matches: [String], cursorStart: Int, cursorEnd: Int) {
        ([], cursorPos, cursorPos)
    }

    func inspect(code: String, cursorPos: Int, detailLevel: Int) -> JSONValue? { nil }
    func isComplete(code: String) -> IsCompleteStatus { .unknown }
    func interrupt() {}
    func evaluate(expression: String) -> ExecuteOutcome { execute(code: expression, executionCount: 0, output: NoOutput()) }
}

private final class NoOutput: OutputSink {
    func stream(name: String, text: String) {}
    func display(data: JSONValue, metadata: JSONValue, displayID: String?) {}
    func updateDisplay(data: JSONValue, metadata: JSONValue, displayID: String) {}
    func clearOutput(wait: Bool) {}
}
