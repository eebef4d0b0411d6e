import Dispatch
import ZeroMQ

/// Socket options every request channel gets, and the watch over their connections.
extension KernelServer {
    /// Whether this kernel can serve CurveZMQ-encrypted connections (its libzmq has CURVE).
    public static var supportsCurve: Bool { Curve.isAvailable }

    /// Starts the thread of `ConnectionWatch` and waits until it listens to the monitors.
    func startWatch() throws {
        let connected = DispatchSemaphore(value: 0)
        let t = try KernelThread(name: "kernel-watch") { [watch, context, state] in
            watch.run(context: context, connected: { connected.signal() }, shouldStop: { state.shouldStop })
        }
        threads.withLock { $0.append(("watch", t)) }
        guard connected.wait(timeout: .now() + 10) == .success else { throw KernelError.startTimedOut }
    }

    static func watchConnections(_ socket: Socket, _ channel: String, _ watch: ConnectionWatch) throws {
        guard let endpoint = watch.endpoint(for: channel) else { return }
        try socket.monitor(endpoint, events: MonitorEvent.connectionEvents)
    }

    /// Every socket of every channel, before it is bound.
    static func configureSocket(_ socket: Socket, _ configuration: Configuration, _ connection: ConnectionInfo) throws {
        try socket.setLinger(configuration.linger)
        if connection.usesIPv6 { try socket.setIPv6(true) }
        // CurveZMQ: a client that does not know the public key cannot complete the handshake,
        // so it reaches no channel (libzmq drops the connection; nothing is read from it).
        if let secret = connection.curveSecretKey { try socket.setCurveServer(secretKey: secret) }
        // The real limit at the socket: a larger frame is refused before it is read.
        try socket.setMaxMessageSize(Int64(configuration.maxMessageBytes))
        try socket.setReceiveHighWaterMark(configuration.requestQueueMessages)
    }
}
