import JSON
import ZeroMQ

/// The shell router's loop: owns the shell and stdin sockets, hands each request to its
/// shell (the main shell, or the subshell its header's `subshell_id` names) and sends the
/// replies the shells post. stdin is drained (this kernel never asks for input, so anything
/// arriving there is stray and logged). After shutdown it keeps sending replies until every
/// shell has finished (at most 2.5 s).
func runShellRouter(shell: RequestChannel, stdin: RequestChannel, state: KernelState) {
    let clock = ContinuousClock()
    var stopSeen: ContinuousClock.Instant?
    while true {
        if state.shouldStop {
            let since = stopSeen ?? clock.now
            stopSeen = since
            if state.shells.allFinished || clock.now - since > .milliseconds(2500) { break }
        }
        // A shell far behind stops the reading (libzmq then holds the peers back).
        let reading = !state.shells.anyFull
        var items: [PollTarget] = [.fileDescriptor(state.outbox.wakeFD), .socket(stdin.socket)]
        if reading { items.append(.socket(shell.socket)) }
        let ready: [Bool]
        do { ready = try poll(items, timeout: state.shouldStop ? 20 : 100) } catch {
            KernelLog.warning("shell poll failed: \(error)")
            return
        }
        if ready[1], let stray = stdin.receive() { KernelLog.warning("stdin: unexpected \(stray.msgType)") }
        if reading, ready[2] {
            var taken = 0
            while taken < 64, let (request, bytes) = shell.receiveSized() {
                route(request, bytes: bytes, on: shell, state: state)
                taken += 1
            }
        }
        sendReplies(on: shell, state: state)
    }
    sendReplies(on: shell, state: state)
    stdin.socket.close()
}

private func sendReplies(on shell: RequestChannel, state: KernelState) {
    for frames in state.outbox.take() {
        do { try shell.socket.send(multipart: frames) } catch {
            KernelLog.warning("shell: could not send a reply: \(error)")
        }
    }
}

private func route(_ request: Message, bytes: Int, on shell: RequestChannel, state: KernelState) {
    if let worker = state.shells.worker(for: request.header["subshell_id"]) {
        worker.enqueue(request, bytes: bytes)
        return
    }
    // JEP 91: a subshell_id that is not recognised is an error.
    let id = KernelLog.clip(request.header["subshell_id"]?.stringValue ?? "(not a string)", 64)
    KernelLog.warning("shell: \(request.msgType) for unknown subshell \(id)")
    guard let replyType = ShellHandler.replyType(for: request.msgType) else { return }
    state.publisher.status("busy", parent: request.header)
    shell.reply(to: request, replyType, content: ShellHandler.errorContent("SubshellNotFound", "no subshell \(id)"))
    state.publisher.status("idle", parent: request.header)
}

/// A shell's loop (main shell or subshell): its requests one at a time, until shutdown or
/// (for a subshell) delete_subshell_request.
func runShellWorker(_ worker: ShellWorker, state: KernelState) {
    let handler = ShellHandler(state: state, worker: worker)
    let replier = OutboxReplier(name: worker.id == nil ? "shell" : "subshell", outbox: state.outbox)
    var deferred: [Message] = []
    while !state.shouldStop, !worker.isDeleted {
        let next = deferred.isEmpty ? worker.next(timeout: 0.1) : deferred.removeFirst()
        guard let next else { continue }
        handler.handle(next, on: replier, deferred: &deferred)
    }
    worker.markFinished()
}

/// The control thread's loop: answers what must work while a cell runs.
func runControl(channel: RequestChannel, state: KernelState) {
    while !state.shouldStop {
        do { guard try poll([.socket(channel.socket)], timeout: 100)[0] else { continue } } catch {
            KernelLog.warning("control poll failed: \(error)")
            return
        }
        guard let request = channel.receive() else { continue }
        state.publisher.status("busy", parent: request.header)
        if !handleSubshellRequest(request, on: channel, state: state) {
            ShellHandler.handleCommon(request, on: channel, state: state)
        }
        state.publisher.status("idle", parent: request.header)
    }
}

/// create_subshell, delete_subshell and list_subshell (control only, JEP 91). False for
/// any other request.
func handleSubshellRequest(_ request: Message, on channel: RequestChannel, state: KernelState) -> Bool {
    switch request.msgType {
    case "create_subshell_request":
        do {
            let id = try state.shells.create { worker in
                _ = try KernelThread(name: "kernel-subshell") { runShellWorker(worker, state: state) }
            }
            channel.reply(to: request, "create_subshell_reply", content: ["status": "ok", "subshell_id": .string(id)])
        } catch {
            let why = error == .tooMany ? "at most \(ShellRegistry.maxSubshells) subshells" : "could not start a thread"
            channel.reply(to: request, "create_subshell_reply", content: ShellHandler.errorContent("SubshellError", why))
        }
    case "delete_subshell_request":
        guard let id = request.content["subshell_id"]?.stringValue else {
            channel.reply(to: request, "delete_subshell_reply", content: ShellHandler.errorContent(
                "SubshellError", "delete_subshell_request needs a subshell_id string"))
            return true
        }
        if state.shells.delete(id: id) {
            channel.reply(to: request, "delete_subshell_reply", content: ["status": "ok"])
        } else {
            channel.reply(to: request, "delete_subshell_reply", content: ShellHandler.errorContent(
                "SubshellNotFound", "no subshell \(KernelLog.clip(id, 64))"))
        }
    case "list_subshell_request":
        channel.reply(to: request, "list_subshell_reply", content: [
            "status": "ok", "subshell_id": .array(state.shells.ids.map { .string($0) }),
        ])
    default:
        return false
    }
    return true
}
