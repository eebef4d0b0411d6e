import JSON
import Synchronization

/// The kernel's comms (the Jupyter messaging spec's "custom messages"), as xeus's
/// xcomm_manager: targets a language registers, comms opened from either side, and the
/// comm_open / comm_msg / comm_close / comm_info_request handling. Knows nothing of what a
/// comm carries. Every method is thread-safe.
public final class CommManager: Sendable {
    /// Called when a front end opens a comm to a registered target, on the receiving
    /// shell's thread; `comm` is already registered (set its handlers, or close it).
    public typealias OpenHandler = @Sendable (Comm, CommMessage) -> Void

    private let publisher: IOPubPublisher
    private let targets = Mutex<[String: OpenHandler]>([:])
    let registry = CommRegistry()

    init(publisher: IOPubPublisher) { self.publisher = publisher }

    /// Registers (or replaces) the handler for comm_open messages to `name`.
    public func registerTarget(_ name: String, onOpen: @escaping OpenHandler) {
        targets.withLock { $0[name] = onOpen }
    }

    public func unregisterTarget(_ name: String) { _ = targets.withLock { $0.removeValue(forKey: name) } }

    /// Opens a comm from the kernel: publishes comm_open to `target` on iopub. `id` defaults
    /// to a fresh unique id. Nil when `id` is already open or too many comms are open.
    public func open(target: String, data: JSONValue = .object([]), metadata: JSONValue = .object([]),
                     buffers: [[UInt8]] = [], id: String? = nil) -> Comm? {
        let parent = RequestContext.currentParent ?? .object([])
        let comm = Comm(id: id ?? MessageHeader.newUUID().replacingDashes(), targetName: target,
                        publisher: publisher, openedDuring: parent, registry: registry)
        guard registry.add(comm) else { return nil }
        publisher.publish("comm_open", content: [
            "comm_id": .string(comm.id), "target_name": .string(target), "data": data,
        ], parent: parent, metadata: metadata, buffers: buffers)
        return comm
    }

    /// The open comm with `id`, if any.
    public func comm(id: String) -> Comm? { registry.comm(id) }

    /// The open comms, optionally only those of `target`.
    public func openComms(target: String? = nil) -> [Comm] {
        registry.all.filter { target == nil || $0.targetName == target }
    }

    // MARK: - Requests (called by the shell handlers)

    /// comm_info_reply content: the open comms, filtered by `target_name` when given.
    func infoContent(_ request: JSONValue) -> JSONValue {
        let target = request["target_name"]?.stringValue
        let comms = openComms(target: target).sorted { $0.id < $1.id }
        return ["status": "ok", "comms": .object(comms.map { ($0.id, ["target_name": .string($0.targetName)]) })]
    }

    /// comm_open from a front end: to a registered target the comm is opened and its handler
    /// called; otherwise it is closed at once, as the spec asks.
    func frontEndOpened(_ request: Message, output: OutputSink) {
        let content = request.content
        guard let id = content["comm_id"]?.stringValue, !id.isEmpty else {
            KernelLog.warning("comm_open without a comm_id")
            return
        }
        let target = content["target_name"]?.stringValue ?? ""
        guard let handler = targets.withLock({ $0[target] }) else {
            publisher.publish("comm_close", content: ["comm_id": .string(id), "data": .object([])], parent: request.header)
            return
        }
        let comm = Comm(id: id, targetName: target, publisher: publisher, openedDuring: request.header, registry: registry)
        guard registry.add(comm) else {
            if registry.comm(id) != nil {
                KernelLog.warning("comm_open for \(KernelLog.clip(id, 64)), which is already open: ignored")
            } else {
                // Too many open comms: refuse this one the way an unknown target is refused.
                KernelLog.warning("comm_open refused: \(CommRegistry.maxOpenComms) comms are open")
                publisher.publish("comm_close", content: ["comm_id": .string(id), "data": .object([])], parent: request.header)
            }
            return
        }
        handler(comm, message(request, output))
    }

    func frontEndMessage(_ request: Message, output: OutputSink) {
        guard let id = request.content["comm_id"]?.stringValue, let comm = registry.comm(id) else {
            KernelLog.warning("comm_msg for an unknown comm")
            return
        }
        comm.received(message(request, output))
    }

    func frontEndClosed(_ request: Message, output: OutputSink) {
        guard let id = request.content["comm_id"]?.stringValue, let comm = registry.comm(id) else { return }
        comm.closedByFrontEnd(message(request, output))
    }

    private func message(_ request: Message, _ output: OutputSink) -> CommMessage {
        CommMessage(data: request.content["data"] ?? .object([]), metadata: request.metadata,
                    buffers: request.buffers, output: output)
    }
}

extension String {
    /// ipykernel's comm ids are uuid4().hex: 32 hex digits.
    func replacingDashes() -> String { String(filter { $0 != "-" }) }
}
