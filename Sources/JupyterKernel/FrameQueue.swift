#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Encoded messages handed from any thread to the one thread that owns a socket (libzmq
/// sockets are single-threaded): frames under a mutex, and the read end of a non-blocking
/// pipe that the owner's `zmq_poll` watches beside its sockets. Posting never blocks.
final class FrameQueue: Sendable {
    private let pending = Mutex<[[[UInt8]]]>([])
    /// Messages posted so far (counted under the lock, so a taker never sees more taken than posted).
    let posted = Atomic<Int>(0)
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    init(channel: String) throws(KernelError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .bindFailed(channel: channel, "pipe failed") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        close(wakeFD)
        close(wakeWriteFD)
    }

    func post(_ frames: [[UInt8]]) {
        let wasEmpty = pending.withLock {
            let wasEmpty = $0.isEmpty
            $0.append(frames)
            posted.add(1, ordering: .relaxed)
            return wasEmpty
        }
        // Only the first message into an empty queue wakes the owner: a later one is taken with
        // it (`take` drains the pipe before it empties the queue, under the same lock), so a
        // burst costs one write and one wake-up instead of one per message. A full pipe already
        // means "wake up": a failed write is fine.
        guard wasEmpty else { return }
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1)
    }

    /// Everything posted so far, in order (the owner thread).
    func take() -> [[[UInt8]]] {
        var sink = [UInt8](repeating: 0, count: 512)
        while read(wakeFD, &sink, sink.count) > 0 {}
        return pending.withLock { queue in
            let all = queue
            queue.removeAll(keepingCapacity: true)
            return all
        }
    }
}
