import JSON
import ZeroMQ

/// The kernel start-up handshake (JEP 66, messaging spec 5.6): started with a registration
/// file, the kernel binds ports it chooses, then sends them with its `kernel_id` to the
/// registration address as one signed content frame, and waits for a signed ACK.
extension KernelServer {
    static let registrationTimeoutMilliseconds = 10_000

    func register(at endpoint: String, kernelID: String, endpoints e: Endpoints) throws {
        let content: JSONValue = [
            "kernel_id": .string(kernelID),
            "control_port": .string(String(Self.port(e.control))), "shell_port": .string(String(Self.port(e.shell))),
            "stdin_port": .string(String(Self.port(e.stdin))), "iopub_port": .string(String(Self.port(e.iopub))),
            "hb_port": .string(String(Self.port(e.heartbeat))),
        ]
        let bytes = content.serializedBytes()
        let socket = try Socket(context: context, type: .dealer)
        defer { socket.close() }
        try socket.setLinger(1000)
        if connection.usesIPv6 { try socket.setIPv6(true) }
        try socket.setMaxMessageSize(64 << 10)
        try socket.connect(endpoint)
        try socket.send(multipart: [WireCodec.delimiter, codec.signer.signature([bytes]), bytes])
        let deadline = KernelLog.monotonicSeconds() + Double(Self.registrationTimeoutMilliseconds) / 1000
        while KernelLog.monotonicSeconds() < deadline {
            guard try poll([.socket(socket)], timeout: 100)[0] else { continue }
            let frames = try socket.receiveMultipart(dontWait: true, maxFrames: 16, maxBytes: 64 << 10).frames
            // A signed single content frame after the delimiter; anything else is ignored.
            if let d = frames.firstIndex(of: WireCodec.delimiter), frames.count == d + 3,
               codec.signer.isValid(signature: frames[d + 1], for: [frames[d + 2]]) {
                return
            }
            KernelLog.warning("registration: ignored an unsigned or malformed reply")
        }
        throw KernelError.registrationFailed(endpoint)
    }
}
