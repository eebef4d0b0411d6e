import Synchronization

/// The session's state behind a short lock: a statement holds it while it runs, except a
/// long one (`train`), which takes it to read the state and to commit, so a control's
/// handler (a slider moved on a subshell while `train` runs) never waits for a whole run.
final class SessionStore: Sendable {
    private let state = Mutex(SessionState())
    /// How many long statements run now: a slider is not applied meanwhile (the run would
    /// overwrite it when it commits), and says so.
    private let longRuns = Atomic<Int>(0)

    func withState<T>(_ body: (inout SessionState) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    var snapshot: SessionState { state.withLock { $0 } }

    var isRunningLong: Bool { longRuns.load(ordering: .acquiring) > 0 }

    func runningLong<T>(_ body: () throws -> T) rethrows -> T {
        longRuns.add(1, ordering: .acquiringAndReleasing)
        defer { longRuns.subtract(1, ordering: .acquiringAndReleasing) }
        return try body()
    }
}
