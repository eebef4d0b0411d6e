#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A dedicated OS thread for one socket owner (libzmq sockets must stay on the thread
/// that created them, and blocking zmq calls must never run on the Swift concurrency
/// pool). Detached; `join(timeout:)` waits on a completion signal so shutdown can give up
/// on a thread that is stuck in user code.
final class KernelThread: Sendable {
    private let done = DispatchSemaphore(value: 0)

    private final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        let done: DispatchSemaphore
        init(body: @escaping @Sendable () -> Void, done: DispatchSemaphore) {
            self.body = body
            self.done = done
        }
    }

    /// Starts `body` on a new thread (8 MiB stack: user code runs on the shell thread).
    init(name: String, body: @escaping @Sendable () -> Void) throws(KernelError) {
        let box = Unmanaged.passRetained(Box(body: body, done: done)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 8 << 20)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            box.done.signal()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw .threadStartFailed(name)
        }
    }

    /// Waits for the thread to finish; false when `timeout` seconds passed first.
    func join(timeout seconds: Double) -> Bool {
        if done.wait(timeout: .now() + seconds) == .success {
            done.signal() // let a second join succeed too
            return true
        }
        return false
    }
}

/// Errors that stop the kernel from starting.
public enum KernelError: Error, CustomStringConvertible {
    case threadStartFailed(String)
    case bindFailed(channel: String, String)
    case startTimedOut
    case curveUnavailable
    case curveKeysMismatch
    case registrationFailed(String)

    public var description: String {
        switch self {
        case let .threadStartFailed(name): "could not start the \(name) thread"
        case let .bindFailed(channel, why): "could not bind the \(channel) channel: \(why)"
        case .startTimedOut: "the kernel's channels did not start in time"
        case .curveUnavailable:
            "the connection file asks for CurveZMQ encryption (curve_secretkey), but this libzmq was built "
                + "without CURVE (zmq_has(\"curve\") is false): install a libzmq built with libsodium, or start "
                + "the kernel without transport_encryption"
        case let .registrationFailed(endpoint): "no signed acknowledgement from the registration address \(endpoint) within 10 s"
        case .curveKeysMismatch: "connection file: curve_publickey is not the public key of curve_secretkey"
        }
    }
}
