import CZeroMQ

/// One libzmq socket.
///
/// libzmq sockets are not thread-safe: create a socket on the thread that will use it
/// and never hand it to another (the type is deliberately not `Sendable`). The socket
/// is closed by `close()` or when the last reference goes away.
public final class Socket {
    /// Keeps the context alive while the socket exists (terminating a context with an
    /// open socket would block forever).
    public let context: Context
    public let type: SocketType
    private var handle: UnsafeMutableRawPointer?

    public init(context: Context, type: SocketType) throws {
        guard let h = zmq_socket(context.handle, type.rawValue) else {
            throw ZMQError.last("zmq_socket")
        }
        self.context = context
        self.type = type
        self.handle = h
    }

    deinit { close() }

    /// Closes the socket; messages still queued are sent within the linger period by
    /// the context's I/O threads. Safe to call more than once.
    public func close() {
        if let h = handle {
            _ = zmq_close(h)
            handle = nil
        }
    }

    public var isClosed: Bool { handle == nil }

    func open(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let h = handle else { throw ZMQError(code: Errno.terminated, operation: "\(operation) on a closed socket") }
        return h
    }

    // MARK: Endpoints

    /// Binds to `endpoint` (`tcp://127.0.0.1:*` picks a free port; read it back from
    /// `lastEndpoint`).
    public func bind(_ endpoint: String) throws {
        let h = try open("bind")
        guard zmq_bind(h, endpoint) == 0 else { throw ZMQError.last("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        let h = try open("connect")
        guard zmq_connect(h, endpoint) == 0 else { throw ZMQError.last("connect \(endpoint)") }
    }

    // MARK: Sending

    /// Sends one frame; `more` marks that further frames of the same message follow.
    public func send(_ frame: [UInt8], more: Bool = false, dontWait: Bool = false) throws {
        let h = try open("send")
        var flags: Int32 = 0
        if more { flags |= ZMQ_SNDMORE }
        if dontWait { flags |= ZMQ_DONTWAIT }
        while true {
            let rc = frame.withUnsafeBytes { raw in
                zmq_send(h, raw.baseAddress, raw.count, flags)
            }
            if rc >= 0 { return }
            let error = ZMQError.last("send")
            if error.isInterrupted { continue }
            throw error
        }
    }

    /// Sends a multipart message atomically (libzmq delivers all frames or none).
    public func send(multipart frames: [[UInt8]], dontWait: Bool = false) throws {
        guard !frames.isEmpty else { return }
        for (i, frame) in frames.enumerated() {
            try send(frame, more: i < frames.count - 1, dontWait: dontWait)
        }
    }

    // MARK: Receiving

    /// Receives one frame; returns it and whether more frames of the message follow.
    /// With `dontWait`, throws an error whose `isWouldBlock` is true when nothing waits.
    public func receiveFrame(dontWait: Bool = false) throws -> (frame: [UInt8], more: Bool) {
        let r = try receive(dontWait: dontWait, keep: true)
        return (r.frame, r.more)
    }

    /// One frame with the descriptor of the connection it came from (libzmq's
    /// `ZMQ_SRCFD`, nil when unknown): lets an XPUB owner tell its subscribers apart.
    public func receiveFrameWithSource(dontWait: Bool = false) throws -> (frame: [UInt8], more: Bool, sourceFD: Int32?) {
        try receive(dontWait: dontWait, keep: true)
    }

    /// Receives one frame; `keep` false drops its bytes without copying them.
    private func receive(dontWait: Bool, keep: Bool) throws -> (frame: [UInt8], more: Bool, sourceFD: Int32?) {
        let h = try open("receive")
        var msg = zmq_msg_t()
        guard zmq_msg_init(&msg) == 0 else { throw ZMQError.last("zmq_msg_init") }
        defer { zmq_msg_close(&msg) }
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        while zmq_msg_recv(&msg, h, flags) < 0 {
            let error = ZMQError.last("receive")
            if error.isInterrupted { continue }
            throw error
        }
        let size = zmq_msg_size(&msg)
        var frame = [UInt8]()
        if keep, size > 0, let data = zmq_msg_data(&msg) {
            frame = Array(UnsafeRawBufferPointer(start: data, count: size))
        }
        let fd = zmq_msg_get(&msg, ZMQ_SRCFD)
        return (frame, zmq_msg_more(&msg) != 0, fd >= 0 ? fd : nil)
    }

    /// Receives every frame of the next message.
    ///
    /// At most `maxFrames` frames and `maxBytes` bytes are kept; the rest of an over-long
    /// message is read and discarded without being copied (so the socket stays in step)
    /// and `truncated` is set.
    public func receiveMultipart(dontWait: Bool = false, maxFrames: Int = 4096, maxBytes: Int = Int.max) throws
        -> (frames: [[UInt8]], truncated: Bool)
    {
        let m = try receiveMessage(dontWait: dontWait, maxFrames: maxFrames, maxBytes: maxBytes)
        return (m.frames, m.truncated)
    }

    /// `receiveMultipart`, with the descriptor of the connection the message came from.
    public func receiveMessage(dontWait: Bool = false, maxFrames: Int = 4096, maxBytes: Int = Int.max) throws
        -> (frames: [[UInt8]], truncated: Bool, sourceFD: Int32?)
    {
        var frames: [[UInt8]] = []
        var truncated = false
        var total = 0
        var (frame, more, source) = try receive(dontWait: dontWait, keep: true)
        total += frame.count
        if total <= maxBytes { frames.append(frame) } else { truncated = true }
        while more {
            // The rest of a multipart message is already here: never blocks for long.
            let keep = !truncated && frames.count < maxFrames
            let next: Int32?
            (frame, more, next) = try receive(dontWait: false, keep: keep)
            // A ROUTER's first frame (the routing id it makes up) carries no source.
            source = source ?? next
            guard keep else { truncated = true; continue }
            total += frame.count
            if total <= maxBytes { frames.append(frame) } else { truncated = true }
        }
        return (frames, truncated, source)
    }
}
