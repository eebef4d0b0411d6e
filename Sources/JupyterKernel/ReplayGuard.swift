import Synchronization

/// Remembers the signatures of the messages already accepted, so a captured message sent
/// again (from any socket, on any channel) is dropped rather than run twice — what
/// jupyter_client's Session does with its digest history for ipykernel.
///
/// Signatures are compared case-insensitively (the signer accepts upper-case hex), and
/// memory is bounded: the oldest of `capacity` signatures is forgotten first. Unsigned
/// messages (an empty key) have nothing to remember and always pass.
public final class ReplayGuard: Sendable {
    public let capacity: Int
    private let state: Mutex<(seen: Set<[UInt8]>, order: [[UInt8]], next: Int)>

    public init(capacity: Int = 1 << 15) {
        self.capacity = max(1, capacity)
        state = Mutex((seen: [], order: [], next: 0))
    }

    /// True the first time `signature` is offered; false for a replay. Records it.
    public func admit(signature: [UInt8]) -> Bool {
        guard !signature.isEmpty else { return true }
        let folded = signature.map { $0 >= 0x41 && $0 <= 0x46 ? $0 | 0x20 : $0 }
        return state.withLock { s in
            guard s.seen.insert(folded).inserted else { return false }
            if s.order.count < capacity {
                s.order.append(folded)
            } else {
                s.seen.remove(s.order[s.next])
                s.order[s.next] = folded
                s.next = (s.next + 1) % capacity
            }
            return true
        }
    }
}
