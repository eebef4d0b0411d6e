#if canImport(Glibc)
import Glibc
#endif
import JSON
import Synchronization

/// Replies from the shell workers (main shell and subshells) to the shell router thread,
/// which alone owns the shell ROUTER socket (libzmq sockets are single-threaded): encoded
/// frames under a mutex, and a non-blocking pipe the router polls beside its sockets.
final class ShellOutbox: Sendable {
    let codec: WireCodec
    let session: String
    private let pending = Mutex<[[[UInt8]]]>([])
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    init(codec: WireCodec, session: String) throws(KernelError) {
        self.codec = codec
        self.session = session
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .bindFailed(channel: "shell", "pipe failed") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        close(wakeFD)
        close(wakeWriteFD)
    }

    func post(_ frames: [[UInt8]]) {
        pending.withLock { $0.append(frames) }
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1) // a full pipe already means "wake up"
    }

    /// Everything posted so far, in order (router thread).
    func take() -> [[[UInt8]]] {
        var sink = [UInt8](repeating: 0, count: 512)
        while read(wakeFD, &sink, sink.count) > 0 {}
        return pending.withLock { queue in
            let all = queue
            queue.removeAll(keepingCapacity: true)
            return all
        }
    }
}

/// Where a handler sends its replies: straight on a socket its thread owns (control), or
/// through the outbox to the shell router (shell workers).
protocol Replier {
    var name: String { get }
    func reply(to request: Message, _ msgType: String, content: JSONValue, metadata: JSONValue)
}

extension Replier {
    func reply(to request: Message, _ msgType: String, content: JSONValue) {
        reply(to: request, msgType, content: content, metadata: .object([]))
    }
}

extension RequestChannel: Replier {}

/// A shell worker's replier.
struct OutboxReplier: Replier {
    let name: String
    let outbox: ShellOutbox

    func reply(to request: Message, _ msgType: String, content: JSONValue, metadata: JSONValue) {
        let message = Message(identities: request.identities,
                              header: MessageHeader.make(msgType: msgType, session: outbox.session),
                              parentHeader: request.header, metadata: metadata, content: content)
        outbox.post(outbox.codec.encode(message))
    }
}
