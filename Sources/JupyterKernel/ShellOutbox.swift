import JSON

/// Replies from the shell workers (main shell and subshells) to the shell router thread,
/// which alone owns the shell ROUTER socket.
final class ShellOutbox: Sendable {
    let codec: WireCodec
    let session: String
    private let queue: FrameQueue
    var wakeFD: Int32 { queue.wakeFD }

    init(codec: WireCodec, session: String) throws(KernelError) {
        self.codec = codec
        self.session = session
        queue = try FrameQueue(channel: "shell")
    }

    func post(_ frames: [[UInt8]]) { queue.post(frames) }

    /// Everything posted so far, in order (router thread).
    func take() -> [[[UInt8]]] { queue.take() }
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
