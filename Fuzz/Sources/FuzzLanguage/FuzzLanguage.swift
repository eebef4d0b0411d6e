#if canImport(Glibc)
import Glibc
#endif
import BackpropLanguage
import Foundation

/// libFuzzer entry: one cell of arbitrary UTF-8 (invalid bytes become U+FFFD, as the
/// kernel's JSON would never deliver them) through `Session().execute`.
///
/// Each input runs twice in one session (the second run sees the state the first left),
/// with a watchdog that interrupts the session after `FUZZ_INTERRUPT_MS` (default 300 ms):
/// every long statement must notice the interrupt, so an input that still runs past
/// libFuzzer's `-timeout` is a finding. Properties: no trap, and every failure is a
/// LanguageError with a positive line and column.
///
/// Files: the session's directory is a scratch directory; inputs naming `save` are
/// skipped so the fuzzer can never write over files elsewhere.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let code = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if code.contains("save") { return -1 }  // never write files
    let session = Session(directory: scratchDirectory)
    let done = Atomic(false)
    let watchdog = Thread {
        let deadline = Date().addingTimeInterval(interruptAfter)
        while !done.value {
            if Date() >= deadline { session.interrupt() }
            usleep(10_000)
        }
    }
    watchdog.start()
    for _ in 0..<2 {
        let (outputs, error) = session.execute(code)
        for output in outputs { _ = output.plainText; _ = output.machineReadable?.serialized() }
        if let error {
            precondition(error.line >= 1 && error.column >= 1, "error without a position: \(error)")
            _ = error.json.serialized()
        }
    }
    done.value = true
    while !watchdog.isFinished { usleep(1_000) }
    return 0
}

private let interruptAfter: Double = {
    (ProcessInfo.processInfo.environment["FUZZ_INTERRUPT_MS"].flatMap(Double.init) ?? 300) / 1000
}()

private let scratchDirectory: String = {
    let path = NSTemporaryDirectory() + "backprop-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// A tiny lock-protected flag (Foundation's Thread closure is @Sendable).
final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
