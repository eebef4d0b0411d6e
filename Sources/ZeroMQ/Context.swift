import CZeroMQ

/// A libzmq context: the I/O threads every socket of a process shares.
///
/// A context is thread-safe (libzmq guarantees it), so it may be handed to the threads
/// that own sockets. Sockets keep their context alive; `terminate()` (or the last
/// reference going away) waits for their lingering messages to be sent, which is what
/// lets a kernel's last reply leave before the process exits.
public final class Context: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let terminated = OnceFlag()

    public init() throws {
        guard let h = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        handle = h
    }

    /// Makes blocking calls on this context's sockets fail with `ETERM`, so that
    /// their owner threads notice shutdown. Sockets must still be closed.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    /// Waits until every socket is closed and its lingering messages are sent (or
    /// their linger period has passed), then releases the context.
    /// Call once, after every socket has been closed; later calls do nothing.
    public func terminate() {
        guard terminated.claimOnce() else { return }
        while zmq_ctx_term(handle) != 0 {
            if zmq_errno() != Errno.interrupted { break }
        }
    }

    deinit { terminate() }
}
