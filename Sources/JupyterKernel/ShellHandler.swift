import JSON
import ZeroMQ

/// Serves one shell (the main shell or a subshell) and the requests control shares with it.
/// Lives on that shell's thread; calls into the language go through `LanguageBox.serialised`.
/// Owns the shell's execution counter and history (JEP 91: each subshell has its own).
final class ShellHandler {
    let state: KernelState
    let worker: ShellWorker
    var executionCount = 0
    var history: History

    init(state: KernelState, worker: ShellWorker) {
        self.state = state
        self.worker = worker
        history = History(maxBytes: state.configuration.historyBytes)
    }

    /// Code over the cell size limit: the language would refuse to run it, so nothing
    /// else asks it to look at it either (parsing 60 MB kept the shell busy for seconds).
    func isOverCellLimit(_ code: String) -> Bool { code.utf8.count > state.configuration.maxCellBytes }

    var publisher: IOPubPublisher { state.publisher }

    /// Calls the language (one call at a time across shells unless it allows concurrency).
    func language<T: Sendable>(_ body: (KernelLanguage) -> T) -> T { state.language.serialised(body) }

    /// Handles one request wrapped in busy/idle; comm messages the language sends meanwhile
    /// (from this thread) are children of `request`.
    func handle(_ request: Message, on channel: some Replier, deferred: inout [Message]) {
        publisher.status("busy", parent: request.header)
        defer { publisher.status("idle", parent: request.header) }
        RequestContext.with(parent: request.header) { dispatch(request, on: channel, deferred: &deferred) }
    }

    private func dispatch(_ request: Message, on channel: some Replier, deferred: inout [Message]) {
        let content = request.content
        switch request.msgType {
        case "execute_request":
            execute(request, on: channel, deferred: &deferred)
        case "complete_request" where request.contentSkipped || isOverCellLimit(content["code"]?.stringValue ?? ""):
            let end = content["cursor_pos"]?.intValue ?? 0
            channel.reply(to: request, "complete_reply", content: [
                "status": "ok", "matches": [], "cursor_start": .integer(end), "cursor_end": .integer(end),
                "metadata": .object([]),
            ])
        case "inspect_request" where request.contentSkipped || isOverCellLimit(content["code"]?.stringValue ?? ""):
            channel.reply(to: request, "inspect_reply", content: [
                "status": "ok", "found": false, "data": .object([]), "metadata": .object([]),
            ])
        case "is_complete_request" where request.contentSkipped || isOverCellLimit(content["code"]?.stringValue ?? ""):
            channel.reply(to: request, "is_complete_reply", content: ["status": "invalid"])
        case "complete_request":
            let code = content["code"]?.stringValue ?? ""
            let cursor = CodePoints.clamp(content["cursor_pos"]?.intValue, in: code)
            let r = language { $0.complete(code: code, cursorPos: cursor) }
            channel.reply(to: request, "complete_reply", content: [
                "status": "ok", "matches": .array(r.matches.map { .string($0) }),
                "cursor_start": .integer(r.cursorStart), "cursor_end": .integer(r.cursorEnd), "metadata": .object([]),
            ])
        case "inspect_request":
            let code = content["code"]?.stringValue ?? ""
            let cursor = CodePoints.clamp(content["cursor_pos"]?.intValue, in: code)
            let level = content["detail_level"]?.intValue ?? 0
            let found = language { $0.inspect(code: code, cursorPos: cursor, detailLevel: level) }
            channel.reply(to: request, "inspect_reply", content: [
                "status": "ok", "found": .bool(found != nil), "data": found ?? .object([]), "metadata": .object([]),
            ])
        case "is_complete_request":
            let code = content["code"]?.stringValue ?? ""
            channel.reply(to: request, "is_complete_reply", content: isCompleteContent(language { $0.isComplete(code: code) }))
        case "history_request":
            channel.reply(to: request, "history_reply", content: historyContent(content))
        case "comm_open":
            state.comms.frontEndOpened(request, output: commOutput(request))
        case "comm_msg":
            state.comms.frontEndMessage(request, output: commOutput(request))
        case "comm_close":
            state.comms.frontEndClosed(request, output: commOutput(request))
        default:
            handleCommon(request, on: channel)
        }
    }

    /// Where a comm handler's outputs go: children of the comm message.
    private func commOutput(_ request: Message) -> OutputSink {
        ExecutionOutput(publisher: publisher, parent: request.header, silent: false)
    }

    /// Requests answered the same way on shell and control.
    func handleCommon(_ request: Message, on channel: some Replier) {
        Self.handleCommon(request, on: channel, state: state)
    }

    static func handleCommon(_ request: Message, on channel: some Replier, state: KernelState) {
        switch request.msgType {
        case "kernel_info_request":
            channel.reply(to: request, "kernel_info_reply", content: state.kernelInfo)
        case "comm_info_request":
            channel.reply(to: request, "comm_info_reply", content: state.comms.infoContent(request.content))
        case "connect_request":
            channel.reply(to: request, "connect_reply", content: state.connectContent.withLock { $0 })
        case "interrupt_request":
            state.language.interrupt()
            channel.reply(to: request, "interrupt_reply", content: ["status": "ok"])
        case "shutdown_request":
            let restart = request.content["restart"]?.boolValue ?? false
            channel.reply(to: request, "shutdown_reply", content: ["status": "ok", "restart": .bool(restart)])
            state.requestStop(restart: restart)
        case "usage_request":
            // What ipykernel answers on control (jupyter-resource-usage asks for it).
            channel.reply(to: request, "usage_reply", content: state.usage.content())
        case "debug_request":
            // kernel_info says "debugger": false; a client that asks anyway gets an answer.
            channel.reply(to: request, "debug_reply", content: errorContent(
                "DebuggerNotAvailable", "this kernel has no debugger"))
        default:
            // Every readable, validly signed request gets a reply: *_request → *_reply, error.
            let type = request.msgType
            if let replyType = replyType(for: type) {
                channel.reply(to: request, replyType, content: errorContent(
                    "UnsupportedRequest", "\(channel.name) does not handle \(type)"))
            }
            KernelLog.warning("\(channel.name): unsupported message type \"\(KernelLog.clip(type, 64))\"")
        }
    }

    static func errorContent(_ ename: String, _ evalue: String) -> JSONValue {
        ["status": "error", "ename": .string(ename), "evalue": .string(evalue), "traceback": []]
    }

    /// `x_request` → `x_reply` for a plausible message type (lower-case letters, digits and
    /// underscores, at most 64 bytes); nil otherwise.
    static func replyType(for type: String) -> String? {
        let suffix = "_request"
        guard type.hasSuffix(suffix), type.utf8.count <= 64, type.utf8.count > suffix.utf8.count,
              type.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else { return nil }
        return String(type.dropLast(suffix.count)) + "_reply"
    }

    func isCompleteContent(_ status: IsCompleteStatus) -> JSONValue {
        switch status {
        case .complete: ["status": "complete"]
        case let .incomplete(indent): ["status": "incomplete", "indent": .string(indent)]
        case .invalid: ["status": "invalid"]
        case .unknown: ["status": "unknown"]
        }
    }

    func historyContent(_ content: JSONValue) -> JSONValue {
        let output = content["output"]?.boolValue ?? false
        let n = content["n"]?.intValue
        let found: [History.Entry]
        switch content["hist_access_type"]?.stringValue ?? "" {
        case "tail": found = history.tail(n)
        case "range":
            found = history.range(session: content["session"]?.intValue, start: content["start"]?.intValue ?? 0,
                                  stop: content["stop"]?.intValue)
        case "search":
            found = history.search(pattern: content["pattern"]?.stringValue ?? "*", n: n,
                                   unique: content["unique"]?.boolValue ?? false)
        default: found = []
        }
        return ["status": "ok", "history": history.json(found, output: output)]
    }
}
