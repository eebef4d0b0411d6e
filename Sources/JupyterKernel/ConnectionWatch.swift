import Synchronization
import ZeroMQ

/// Bounds what one connection to shell, control or stdin can make libzmq hold.
///
/// libzmq keeps a multipart message whole until its last frame has arrived, and has no
/// per-message limit (ZMQ_MAXMSGSIZE is per frame, ZMQ_RCVHWM counts complete messages),
/// so a peer could stream one endless message of frames each under the limit. This watch
/// learns every accepted connection from the sockets' monitors and compares the bytes the
/// connection has received (TCP_INFO, read by libzmq or not) with what it had received
/// when its last message reached the kernel. A legitimate peer is at most one queued
/// message, one in libzmq's hands and a socket buffer ahead; past `maxUndelivered` the
/// connection is cut with `shutdown(2)` and libzmq discards its half-read message.
/// tcp only (an ipc connection has no byte counter and is not watched).
final class ConnectionWatch: Sendable {
    let maxUndelivered: Int
    /// The inproc endpoints the channels' monitors publish on, one per channel.
    let endpoints: [String]
    /// fd → bytes the connection had received when it was accepted or last delivered a
    /// message, and its local port (checked again before a cut, against a reused descriptor).
    private let marks = Mutex<[Int32: (bytes: Int, port: Int32)]>([:])
    private let cutCount = Atomic<Int>(0)

    init(maxUndelivered: Int, channels: [String], session: String) {
        self.maxUndelivered = maxUndelivered
        endpoints = channels.map { "inproc://backprop-watch-\($0)-\(session)" }
    }

    func endpoint(for channel: String) -> String? { endpoints.first { $0.contains("-\(channel)-") } }

    /// A channel thread received a message (valid or not) from connection `fd`.
    func delivered(fd: Int32?) {
        guard let fd else { return }
        marks.withLock { marks in
            if let mark = marks[fd], let n = PeerConnection.bytesReceived(fd) { marks[fd] = (n, mark.port) }
        }
    }

    /// The watch thread's loop; its PAIR sockets are created here and connected before
    /// `connected` is signalled (inproc allows connecting before the monitor binds).
    func run(context: Context, connected: () -> Void, shouldStop: () -> Bool) {
        var sockets: [Socket] = []
        for endpoint in endpoints {
            guard let s = try? Socket(context: context, type: .pair) else { continue }
            try? s.setLinger(0)
            if (try? s.connect(endpoint)) != nil { sockets.append(s) }
        }
        connected()
        defer { for s in sockets { s.close() } }
        var timeout = 20
        while !shouldStop() {
            // Every 20 ms while no connection is far into an unfinished message; every 2 ms once
            // one is a quarter of the way to the cut, since at loopback speed a peer sends tens of
            // MiB between two looks 20 ms apart (that overshoot alone measured +30 MiB).
            guard let ready = try? poll(sockets.map { .socket($0) }, timeout: timeout) else { return }
            for (socket, isReady) in zip(sockets, ready) where isReady {
                while let event = try? MonitorEvent.receive(from: socket) { note(event) }
            }
            timeout = check() > maxUndelivered / 4 ? 2 : 20
        }
    }

    private func note(_ event: MonitorEvent) {
        marks.withLock { marks in
            switch event.kind {
            case .accepted:
                if let n = PeerConnection.bytesReceived(event.fd), let port = PeerConnection.localPort(event.fd) {
                    marks[event.fd] = (n, port)
                }
            case .disconnected, .closed: marks[event.fd] = nil
            case .other: break
            }
        }
    }

    /// Cuts the connections over the limit; returns the most undelivered bytes of the others.
    private func check() -> Int {
        var most = 0
        let over: [(Int32, Int)] = marks.withLock { marks in
            var over: [(Int32, Int)] = []
            for (fd, mark) in marks {
                guard let now = PeerConnection.bytesReceived(fd), PeerConnection.localPort(fd) == mark.port else {
                    marks[fd] = nil // closed, or reused by a connection this watch never saw accepted
                    continue
                }
                if now < mark.bytes { marks[fd] = (now, mark.port) } // reused: start again
                else if now - mark.bytes > maxUndelivered {
                    over.append((fd, now - mark.bytes))
                    marks[fd] = nil
                } else { most = max(most, now - mark.bytes) }
            }
            return over
        }
        for (fd, bytes) in over {
            cutCount.add(1, ordering: .relaxed)
            KernelLog.warning("disconnected a peer that sent \(bytes >> 20) MiB without completing a message")
            PeerConnection.cut(fd)
        }
        return most
    }
}
