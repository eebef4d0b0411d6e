#if canImport(Glibc)
import Glibc
#endif
import JSON

extension ShellHandler {
    /// Runs an execute_request. After an error with stop_on_error, the execute requests that
    /// were sent before the client could see the error are answered "aborted".
    func execute(_ request: Message, on channel: some Replier, deferred: inout [Message]) {
        let content = request.content
        let code = content["code"]?.stringValue ?? ""
        let silent = content["silent"]?.boolValue ?? false
        let storeHistory = silent ? false : (content["store_history"]?.boolValue ?? true)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        let parent = request.header

        if !silent {
            publisher.publish("execute_input", content: ["code": .string(code), "execution_count": .integer(count)],
                              parent: parent)
        }
        // A cell over the size limit is refused by the language: not worth remembering.
        if storeHistory, !isOverCellLimit(code) { history.record(line: count, input: code) }

        let output = ExecutionOutput(publisher: publisher, parent: parent, silent: silent)
        let outcome = language { $0.execute(code: code, executionCount: count, output: output) }

        switch outcome {
        case let .ok(result, payload):
            if let result, result.objectValue != nil {
                if !silent {
                    publisher.publish("execute_result", content: [
                        "execution_count": .integer(count), "data": result, "metadata": .object([]),
                    ], parent: parent)
                }
                if storeHistory, let text = result["text/plain"]?.stringValue {
                    history.recordOutput(line: count, output: text)
                }
            }
            publisher.flush()
            channel.reply(to: request, "execute_reply", content: [
                "status": "ok", "execution_count": .integer(count), "payload": .array(payload),
                "user_expressions": userExpressions(content["user_expressions"]),
            ])
        case let .error(ename, evalue, traceback):
            let error: JSONValue = [
                "ename": .string(ename), "evalue": .string(evalue), "traceback": .array(traceback.map { .string($0) }),
            ]
            if !silent { publisher.publish("error", content: error, parent: parent) }
            var reply: JSONValue = ["status": "error", "execution_count": .integer(count)]
            for (k, v) in error.objectValue ?? [] { reply = reply.setting(k, to: v) }
            reply = reply.setting("user_expressions", to: .object([]))
            reply = reply.setting("payload", to: .array([]))
            // Collect what is queued before the error reply goes out: a request sent after the
            // client saw the error is a new intention and must run.
            let queued = (content["stop_on_error"]?.boolValue ?? true) ? queuedExecutes(deferred: &deferred) : []
            publisher.flush()
            channel.reply(to: request, "execute_reply", content: reply)
            for q in queued {
                publisher.status("busy", parent: q.header)
                channel.reply(to: q, "execute_reply", content: ["status": "aborted", "execution_count": .integer(executionCount)])
                publisher.status("idle", parent: q.header)
            }
        }
    }

    /// Evaluates `user_expressions` (an object of name → code) after a successful cell.
    func userExpressions(_ requested: JSONValue?) -> JSONValue {
        guard let pairs = requested?.objectValue else { return .object([]) }
        return .object(pairs.map { pair in
            guard let expression = pair.value.stringValue else {
                return (pair.key, ["status": "error", "ename": "TypeError", "evalue": "expression is not a string",
                                   "traceback": []])
            }
            switch language({ $0.evaluate(expression: expression) }) {
            case let .ok(result, _):
                return (pair.key, ["status": "ok", "data": result ?? .object([]), "metadata": .object([])])
            case let .error(ename, evalue, traceback):
                return (pair.key, ["status": "error", "ename": .string(ename), "evalue": .string(evalue),
                                   "traceback": .array(traceback.map { .string($0) })])
            }
        })
    }

    /// The execute requests waiting for this shell, drained for a short window (requests sent
    /// together with the failing one may still be in flight); other requests keep their order
    /// in `deferred` for normal handling.
    func queuedExecutes(deferred: inout [Message]) -> [Message] {
        var executes: [Message] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(10)
        repeat {
            while let queued = worker.pop() {
                if queued.msgType == "execute_request" { executes.append(queued) } else { deferred.append(queued) }
            }
            usleep(1_000)
        } while clock.now < deadline
        return executes
    }
}
