import Synchronization

/// A one-shot flag: the first caller of `claimOnce()` gets true, every later caller false.
/// Lets terminate/close run exactly once whether called explicitly or from `deinit`.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)

    func claimOnce() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
