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

    init(language: LanguageBox, publisher: IOPubPublisher, kernelInfo: JSONValue,
         configuration: KernelServer.Configuration) {
        self.configuration = configuration
        self.language = language
        self.publisher = publisher
        self.kernelInfo = kernelInfo
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
/// contract: only the shell thread calls anything but `interrupt()`, which the
/// language makes thread-safe.
final class LanguageBox: @unchecked Sendable {
    private let language: KernelLanguage
    init(_ language: KernelLanguage) { self.language = language }

    /// Shell thread only.
    var onShellThread: KernelLanguage { language }

    /// Any thread.
    func interrupt() { language.interrupt() }
}
