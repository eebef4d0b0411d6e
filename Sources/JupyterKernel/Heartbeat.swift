import ZeroMQ

/// Largest heartbeat frame accepted (ZMQ_MAXMSGSIZE on the heartbeat socket).
let heartbeatMaxBytes = 1024

/// The heartbeat thread's loop: echo every ping on a REP socket, on its own thread so
/// that a long-running cell never makes the front end think the kernel died.
func runHeartbeat(socket: Socket, shouldStop: @Sendable () -> Bool) {
    while !shouldStop() {
        do {
            guard try poll([.socket(socket)], timeout: 100)[0] else { continue }
            let (frames, _) = try socket.receiveMultipart(dontWait: true, maxFrames: 16)
            try socket.send(multipart: frames)
        } catch let error as ZMQError where error.isWouldBlock || error.isInterrupted {
            continue
        } catch {
            KernelLog.warning("heartbeat: \(error)")
            return
        }
    }
}
