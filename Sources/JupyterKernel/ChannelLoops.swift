import ZeroMQ

/// The shell thread's loop: requests one at a time; stdin is drained (this kernel
/// never asks for input, so anything arriving there is stray and logged).
func runShell(shell: RequestChannel, stdin: RequestChannel, state: KernelState) {
    let handler = ShellHandler(state: state)
    var deferred: [Message] = []
    while !state.shouldStop {
        if !deferred.isEmpty {
            let next = deferred.removeFirst()
            handler.handle(next, on: shell, deferred: &deferred)
            continue
        }
        let ready: [Bool]
        do { ready = try poll([.socket(shell.socket), .socket(stdin.socket)], timeout: 100) } catch {
            KernelLog.warning("shell poll failed: \(error)")
            return
        }
        if ready[0], let request = shell.receive() { handler.handle(request, on: shell, deferred: &deferred) }
        if ready[1], let stray = stdin.receive() { KernelLog.warning("stdin: unexpected \(stray.msgType)") }
    }
    stdin.socket.close()
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
        ShellHandler.handleCommon(request, on: channel, state: state)
        state.publisher.status("idle", parent: request.header)
    }
}
