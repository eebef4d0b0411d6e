import Synchronization

/// A `Mutex` that can be shared by reference (Mutex itself is non-copyable, so it cannot
/// be captured by the closures that run on the kernel's threads).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}
