import Dispatch
import JSON
import Synchronization

/// One shell's queue of requests (JEP 91): the main shell, or a subshell made by
/// create_subshell_request. The router thread fills it; the shell's own thread empties it,
/// one request at a time, so shells run concurrently and each in order.
final class ShellWorker: Sendable {
    /// Nil for the main shell.
    let id: String?
    private let inbox = Mutex<(messages: [(message: Message, bytes: Int)], bytes: Int)>(([], 0))
    private let signal = DispatchSemaphore(value: 0)
    private let deletedFlag = Atomic<Bool>(false)
    private let finishedFlag = Atomic<Bool>(false)
    /// Queued bytes past which the router stops reading the shell socket (back-pressure).
    let maxQueuedBytes: Int

    init(id: String?, maxQueuedBytes: Int) {
        self.id = id
        self.maxQueuedBytes = maxQueuedBytes
    }

    func enqueue(_ message: Message, bytes: Int) {
        inbox.withLock {
            $0.messages.append((message, bytes))
            $0.bytes += bytes
        }
        signal.signal()
    }

    /// The next request, waiting at most `timeout` seconds for one.
    func next(timeout: Double) -> Message? {
        if let m = pop() { return m }
        _ = signal.wait(timeout: .now() + timeout)
        return pop()
    }

    /// The next request if one is queued.
    func pop() -> Message? {
        inbox.withLock { box in
            guard !box.messages.isEmpty else { return nil }
            let first = box.messages.removeFirst()
            box.bytes -= first.bytes
            return first.message
        }
    }

    var isFull: Bool { inbox.withLock { $0.bytes > maxQueuedBytes } }
    var queuedCount: Int { inbox.withLock { $0.messages.count } }

    var isDeleted: Bool { deletedFlag.load(ordering: .acquiring) }
    func markDeleted() {
        deletedFlag.store(true, ordering: .releasing)
        signal.signal()
    }

    var isFinished: Bool { finishedFlag.load(ordering: .acquiring) }
    func markFinished() { finishedFlag.store(true, ordering: .releasing) }
}

/// The main shell and the subshells, shared by the router (routing by `subshell_id`),
/// control (create, delete, list) and shutdown.
final class ShellRegistry: Sendable {
    let main: ShellWorker
    private let subshells = Mutex<[ShellWorker]>([])
    private let maxQueuedBytes: Int
    /// Each subshell is a thread with an 8 MiB stack: bound what a client can make.
    static let maxSubshells = 64

    init(maxQueuedBytes: Int) {
        self.maxQueuedBytes = maxQueuedBytes
        main = ShellWorker(id: nil, maxQueuedBytes: maxQueuedBytes)
    }

    enum CreateError: Error { case tooMany, threadFailed }

    /// Makes a subshell and starts its thread with `start`; returns its id.
    func create(start: (ShellWorker) throws -> Void) throws(CreateError) -> String {
        let worker = ShellWorker(id: MessageHeader.newUUID(), maxQueuedBytes: maxQueuedBytes)
        let added = subshells.withLock { list in
            guard list.count < Self.maxSubshells else { return false }
            list.append(worker)
            return true
        }
        guard added else { throw .tooMany }
        do { try start(worker) } catch {
            subshells.withLock { $0.removeAll { $0 === worker } }
            throw .threadFailed
        }
        return worker.id ?? ""
    }

    /// Removes the subshell: new requests for it are refused; its thread ends after the
    /// request it is running (queued ones are dropped). False when there is no such subshell.
    func delete(id: String) -> Bool {
        let removed = subshells.withLock { list -> ShellWorker? in
            guard let i = list.firstIndex(where: { $0.id == id }) else { return nil }
            return list.remove(at: i)
        }
        guard let removed else { return false }
        removed.markDeleted()
        let dropped = removed.queuedCount
        if dropped > 0 { KernelLog.warning("subshell \(id) deleted with \(dropped) queued requests (dropped)") }
        return true
    }

    /// Subshell ids in creation order (the main shell is not listed).
    var ids: [String] { subshells.withLock { $0.compactMap(\.id) } }

    /// The shell for a request's `subshell_id`: the main shell for none (or null), nil for an
    /// unknown id.
    func worker(for subshellID: JSONValue?) -> ShellWorker? {
        guard let subshellID, !subshellID.isNull else { return main }
        guard let id = subshellID.stringValue else { return nil }
        return subshells.withLock { $0.first { $0.id == id } }
    }

    var all: [ShellWorker] { [main] + subshells.withLock { $0 } }
    var anyFull: Bool { all.contains { $0.isFull } }
    var allFinished: Bool { all.allSatisfy(\.isFinished) }
}
