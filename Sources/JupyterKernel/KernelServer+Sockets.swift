import Dispatch
import ZeroMQ

/// Socket options every request channel gets, and the watch over their connections.
extension KernelServer {
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

    static func configureRequestSocket(_ socket: Socket, _ configuration: Configuration, ipv6: Bool) throws {
        try socket.setLinger(configuration.linger)
        if ipv6 { try socket.setIPv6(true) }
        // The real limit at the socket: a larger frame is refused before it is read.
        try socket.setMaxMessageSize(Int64(configuration.maxMessageBytes))
        try socket.setReceiveHighWaterMark(configuration.requestQueueMessages)
    }
}
