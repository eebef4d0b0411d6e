import JSON
import Synchronization

/// What every kernel thread shares: the stop flag, the restart flag of the shutdown
/// request, and the language behind a box (see `LanguageBox`).
final class KernelState: Sendable {
    let stopRequested = Atomic<Bool>(false)
    /// Set once every other thread is done, so iopub can send the last messages and stop.
    let iopubMayStopFlag = Atomic<Bool>(false)
    let restartRequested = Atomic<Bool>(false)
    let language: LanguageBox
    let publisher: IOPubPublisher
    let kernelInfo: JSONValue
    let connectContent: Mutex<JSONValue> = Mutex(.object([]))
    let configuration: KernelServer.Configuration
    /// For usage_request: the CPU figures are since the previous request (or the start).
    let usage = UsageMeter()
    let comms: CommManager
    /// The main shell and the subshells.
    let shells: ShellRegistry
    /// Replies from the shells to the router thread that owns the shell socket.
    let outbox: ShellOutbox

    init(language: LanguageBox, publisher: IOPubPublisher, outbox: ShellOutbox, kernelInfo: JSONValue,
         configuration: KernelServer.Configuration) {
        self.configuration = configuration
        self.language = language
        self.publisher = publisher
        self.outbox = outbox
        self.kernelInfo = kernelInfo
        comms = CommManager(publisher: publisher)
        shells = ShellRegistry(maxQueuedBytes: max(32 << 20, 2 * configuration.maxMessageBytes))
    }

    var shouldStop: Bool { stopRequested.load(ordering: .acquiring) }

    /// Asks every thread to finish; a running cell is interrupted so the shell thread can too.
    func requestStop(restart: Bool) {
        if restart { restartRequested.store(true, ordering: .releasing) }
        if !stopRequested.exchange(true, ordering: .acquiringAndReleasing) {
            language.interrupt()
        }
    }
}

/// Carries the (non-Sendable) language across threads. Safe by the `KernelLanguage`
/// contract: the shells call its request methods through `serialised` (one at a time unless
/// the language allows concurrency), and `interrupt()` is thread-safe.
final class LanguageBox: @unchecked Sendable {
    private let language: KernelLanguage
    private let concurrent: Bool
    private let lock = Mutex<Void>(())

    init(_ language: KernelLanguage) {
        self.language = language
        concurrent = language.allowsConcurrentRequests
    }

    /// Runs a request method of the language (any shell thread).
    func serialised<T: Sendable>(_ body: (KernelLanguage) -> T) -> T {
        if concurrent { return body(language) }
        return lock.withLock { _ in body(language) }
    }

    /// Once, before any thread serves.
    func attach(comms: CommManager) { language.attach(comms: comms) }

    /// Any thread.
    func interrupt() { language.interrupt() }
}
