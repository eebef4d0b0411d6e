import JSON
import Synchronization

/// A message that arrived on a comm (`comm_open`'s or `comm_msg`'s or `comm_close`'s content).
public struct CommMessage: Sendable {
    public let data: JSONValue
    /// The message's metadata (e.g. the widget protocol's `{"version": "2.1.0"}` on comm_open).
    public let metadata: JSONValue
    public let buffers: [[UInt8]]
    /// Outputs whose parent is this message (display and update_display_data, streams).
    public let output: OutputSink

    public init(data: JSONValue, metadata: JSONValue = .object([]), buffers: [[UInt8]] = [], output: OutputSink) {
        self.data = data
        self.metadata = metadata
        self.buffers = buffers
        self.output = output
    }
}

/// One open comm, from either side. Every method is thread-safe.
///
/// Messages the kernel sends take as parent the request the calling thread is handling
/// (the execute request while a cell runs, the comm message inside a comm handler); from a
/// thread handling nothing, the request during which the comm was opened.
public final class Comm: Sendable {
    public let id: String
    public let targetName: String
    private let publisher: IOPubPublisher
    private let openedDuring: JSONValue
    private let registry: CommRegistry
    private let handlers = Mutex<(message: (@Sendable (CommMessage) -> Void)?, close: (@Sendable (CommMessage) -> Void)?)>(
        (nil, nil))
    private let open = Atomic<Bool>(true)

    init(id: String, targetName: String, publisher: IOPubPublisher, openedDuring: JSONValue, registry: CommRegistry) {
        self.id = id
        self.targetName = targetName
        self.publisher = publisher
        self.openedDuring = openedDuring
        self.registry = registry
    }

    /// False once either side closed it.
    public var isOpen: Bool { open.load(ordering: .acquiring) }

    /// Called for each `comm_msg` from a front end, on the receiving shell's thread.
    public func onMessage(_ handler: @escaping @Sendable (CommMessage) -> Void) {
        handlers.withLock { $0.message = handler }
    }

    /// Called once when a front end closes the comm (not when the kernel does).
    public func onClose(_ handler: @escaping @Sendable (CommMessage) -> Void) {
        handlers.withLock { $0.close = handler }
    }

    /// Sends `comm_msg`. Does nothing once the comm is closed.
    public func send(data: JSONValue, metadata: JSONValue = .object([]), buffers: [[UInt8]] = []) {
        guard isOpen else { return }
        publisher.publish("comm_msg", content: ["comm_id": .string(id), "data": data], parent: parent,
                          metadata: metadata, buffers: buffers)
    }

    /// Sends `comm_close` and forgets the comm. A second close does nothing.
    public func close(data: JSONValue = .object([]), metadata: JSONValue = .object([])) {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        registry.remove(id)
        handlers.withLock { $0 = (nil, nil) } // the handlers may hold the comm: break the cycle
        publisher.publish("comm_close", content: ["comm_id": .string(id), "data": data], parent: parent,
                          metadata: metadata)
    }

    var parent: JSONValue { RequestContext.currentParent ?? openedDuring }

    // MARK: - From the front end (called by CommManager on a shell thread)

    func received(_ message: CommMessage) {
        guard isOpen, let handler = handlers.withLock({ $0.message }) else { return }
        handler(message)
    }

    func closedByFrontEnd(_ message: CommMessage) {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        registry.remove(id)
        let handler = handlers.withLock { h in
            let close = h.close
            h = (nil, nil) // the handlers may hold the comm: break the cycle
            return close
        }
        handler?(message)
    }
}

/// The open comms by id (shared by the shells and control).
final class CommRegistry: Sendable {
    private let comms = Mutex<[String: Comm]>([:])
    /// Bounds what a peer opening comms without closing them can pin.
    static let maxOpenComms = 10_000

    func add(_ comm: Comm) -> Bool {
        comms.withLock { table in
            guard table[comm.id] == nil, table.count < Self.maxOpenComms else { return false }
            table[comm.id] = comm
            return true
        }
    }

    func remove(_ id: String) { _ = comms.withLock { $0.removeValue(forKey: id) } }
    func comm(_ id: String) -> Comm? { comms.withLock { $0[id] } }
    var all: [Comm] { comms.withLock { Array($0.values) } }
}
