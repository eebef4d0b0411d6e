import CZeroMQ

/// A failed libzmq call, carrying `errno` so callers can tell a time-out (`EAGAIN`),
/// an interrupted call (`EINTR`) or a terminated context (`ETERM`) from a real failure.
public struct ZMQError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The `errno` value libzmq reported.
    public let code: Int32
    /// What the wrapper was doing, e.g. `"bind tcp://127.0.0.1:5555"`.
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// The error libzmq reports for the calling thread's last failed call.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation)
    }

    /// libzmq's own wording for `code`.
    public var message: String { String(cString: zmq_strerror(code)) }

    public var description: String { "\(operation): \(message) (errno \(code))" }

    /// True when a non-blocking call found nothing to do (`EAGAIN`).
    public var isWouldBlock: Bool { code == Errno.wouldBlock }
    /// True when the context was terminated under the call (`ETERM`).
    public var isTerminated: Bool { code == Errno.terminated }
    /// True when a signal interrupted the call (`EINTR`); the call can be retried.
    public var isInterrupted: Bool { code == Errno.interrupted }
}

/// `errno` values the wrapper tests for (Linux numbering; libzmq's own for ETERM).
enum Errno {
    static let wouldBlock: Int32 = 11     // EAGAIN
    static let interrupted: Int32 = 4     // EINTR
    static let terminated: Int32 = 156_384_712 + 53 // ETERM = ZMQ_HAUSNUMERO + 53
}
