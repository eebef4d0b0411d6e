import JSON
@testable import JupyterKernel
import ZeroMQ

/// A minimal Jupyter client over real libzmq sockets, for the in-process server tests.
/// Every receive has a time-out, so a broken kernel fails a test instead of hanging it.
final class TestClient {
    let context: Context
    let shell: Socket
    let control: Socket
    let iopub: Socket
    let heartbeat: Socket
    let codec: WireCodec
    let session = MessageHeader.newUUID()

    init(endpoints: KernelServer.Endpoints, key: String) throws {
        context = try Context()
        codec = WireCodec(key: key)
        shell = try Socket(context: context, type: .dealer)
        control = try Socket(context: context, type: .dealer)
        iopub = try Socket(context: context, type: .sub)
        heartbeat = try Socket(context: context, type: .req)
        for s in [shell, control, iopub, heartbeat] { try s.setLinger(0) }
        try iopub.subscribe()
        try shell.connect(endpoints.shell)
        try control.connect(endpoints.control)
        try iopub.connect(endpoints.iopub)
        try heartbeat.connect(endpoints.heartbeat)
    }

    func close() {
        for s in [shell, control, iopub, heartbeat] { s.close() }
        context.terminate()
    }

    @discardableResult
    func send(_ msgType: String, content: JSONValue = .object([]), on socket: Socket? = nil,
              codec override: WireCodec? = nil, subshell: String? = nil, metadata: JSONValue = .object([])) throws -> String {
        var header = MessageHeader.make(msgType: msgType, session: session, username: "test")
        if let subshell { header = header.setting("subshell_id", to: .string(subshell)) }
        let frames = (override ?? codec).encode(Message(header: header, metadata: metadata, content: content))
        try (socket ?? shell).send(multipart: frames)
        return header["msg_id"]?.stringValue ?? ""
    }

    /// The next message on `socket`, or nil after `timeout` ms.
    func receive(on socket: Socket, timeout: Int = 5000) throws -> Message? {
        guard try poll([.socket(socket)], timeout: timeout)[0] else { return nil }
        let (frames, _) = try socket.receiveMultipart(dontWait: true)
        return try codec.decode(frames)
    }

    /// Sends a request on control and returns its reply.
    func control(_ msgType: String, content: JSONValue = .object([])) throws -> Message? {
        try send(msgType, content: content, on: control)
        return try receive(on: control)
    }

    /// iopub messages for `parent` up to and including its idle status.
    func iopubUntilIdle(parent: String, timeout: Int = 5000) throws -> [Message] {
        var collected: [Message] = []
        while let m = try receive(on: iopub, timeout: timeout) {
            guard m.parentHeader["msg_id"]?.stringValue == parent else { continue }
            collected.append(m)
            if m.msgType == "status", m.content["execution_state"] == "idle" { break }
        }
        return collected
    }
}
