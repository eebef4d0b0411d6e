import JSON
import ZeroMQ

/// A ROUTER channel (shell, control or stdin) as its owner thread sees it: receive and
/// decode with every failure logged and dropped, reply to a request's sender.
struct RequestChannel {
    let name: String
    let socket: Socket
    let codec: WireCodec
    let session: String
    /// Told of every message received, so it can tell a peer stuck in one endless message.
    var watch: ConnectionWatch? = nil

    /// The next valid message, or nil when none was ready or the frames were dropped.
    func receive() -> Message? { receiveSized()?.message }

    /// The next valid message and its size on the wire (bytes, all frames).
    func receiveSized() -> (message: Message, bytes: Int)? {
        let frames: [[UInt8]]
        let truncated: Bool
        do {
            let m = try socket.receiveMessage(dontWait: true, maxFrames: 1024, maxBytes: codec.maxMessageBytes)
            (frames, truncated) = (m.frames, m.truncated)
            watch?.delivered(fd: m.sourceFD)
        } catch {
            if !error.isWouldBlock { KernelLog.warning("\(name): receive failed: \(error)") }
            return nil
        }
        guard !truncated else {
            KernelLog.warning("\(name): dropped a message: \(WireError.tooManyFrames) or over \(codec.maxMessageBytes) bytes")
            return nil
        }
        do {
            return (try codec.decodeOnce(frames), frames.reduce(0) { $0 + $1.count })
        } catch {
            KernelLog.warning("\(name): dropped a message: \(error)")
            return nil
        }
    }

    /// Sends `msgType` with `content` to the sender of `request`.
    func reply(to request: Message, _ msgType: String, content: JSONValue, metadata: JSONValue) {
        let message = Message(identities: request.identities,
                              header: MessageHeader.make(msgType: msgType, session: session),
                              parentHeader: request.header, metadata: metadata, content: content)
        do { try socket.send(multipart: codec.encode(message)) } catch {
            KernelLog.warning("\(name): could not send \(msgType): \(error)")
        }
    }
}

extension Error {
    var isWouldBlock: Bool { (self as? ZMQError)?.isWouldBlock ?? false }
}
