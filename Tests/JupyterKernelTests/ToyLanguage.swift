import JSON
import JupyterKernel
import Synchronization

/// A test-only language: `print TEXT` → stdout, `warn TEXT` → stderr, `fail` → error,
/// `value TEXT` → execute_result, `spin` → loops until interrupted, `clear` → clear_output.
final class ToyLanguage: KernelLanguage, @unchecked Sendable {
    let interrupted = Atomic<Bool>(false)
    let executed = Mutex<[String]>([])

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
