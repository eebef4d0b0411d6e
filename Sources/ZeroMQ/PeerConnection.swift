#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// The operating-system side of one libzmq connection, known by its descriptor (the
/// `sourceFD` of a received frame). libzmq owns the descriptor: these calls only look at it,
/// or shut it down so that libzmq drops the connection itself.
public enum PeerConnection {
    /// Bytes written to `fd` that the peer has not taken yet; nil when it is not a socket.
    public static func unsentBytes(_ fd: Int32) -> Int? {
        let n = bpk_unsent_bytes(fd)
        return n >= 0 ? Int(n) : nil
    }

    /// True when `fd` is a connected socket whose local end is TCP `port` (> 0) or the Unix
    /// socket `path` (port 0): guards against a descriptor libzmq closed and reused.
    public static func isConnection(_ fd: Int32, port: Int32, path: String) -> Bool {
        path.withCString { bpk_is_connection_of(fd, port, $0) } == 1
    }

    /// Bytes received so far on a TCP connection, read by libzmq or not; nil when `fd` is
    /// not a TCP socket.
    public static func bytesReceived(_ fd: Int32) -> Int? {
        let n = bpk_tcp_bytes_received(fd)
        return n >= 0 ? Int(n) : nil
    }

    /// The local TCP port of a connected socket; nil otherwise.
    public static func localPort(_ fd: Int32) -> Int32? {
        let p = bpk_local_port(fd)
        return p >= 0 ? p : nil
    }

    /// Ends the connection: libzmq sees it closed and frees its queues and subscriptions.
    public static func cut(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }
}
