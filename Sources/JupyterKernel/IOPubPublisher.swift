#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import JSON
import Synchronization
import ZeroMQ

/// The way every thread publishes on iopub without touching the iopub socket.
///
/// Shell, control and the running language enqueue encoded messages under a mutex and
/// wake the iopub thread through an eventfd; only that thread owns the XPUB socket,
/// which libzmq requires. Publishing never blocks.
public final class IOPubPublisher: Sendable {
    let codec: WireCodec
    let session: String
    private let queue: FrameQueue
    /// Messages the iopub thread has handed to the socket: `flush` waits for them to reach
    /// the messages queued (`queue.posted`).
    private let handed = Atomic<Int>(0)
    /// Threads in `flush`, and the semaphore the iopub thread wakes them with.
    private let waiters = Atomic<Int>(0)
    private let handedSignal = DispatchSemaphore(value: 0)
    /// Read end of the pipe that `zmq_poll` watches beside the socket.
    var wakeFD: Int32 { queue.wakeFD }

    init(codec: WireCodec, session: String) throws(KernelError) {
        self.codec = codec
        self.session = session
        queue = try FrameQueue(channel: "iopub")
    }

    /// Publishes `msgType` with `content`, child of `parent` (a request header, or `{}`).
    public func publish(_ msgType: String, content: JSONValue, parent: JSONValue,
                        metadata: JSONValue = .object([]), buffers: [[UInt8]] = [], topic: String? = nil) {
        let message = Message(identities: [Array((topic ?? msgType).utf8)],
                              header: MessageHeader.make(msgType: msgType, session: session),
                              parentHeader: parent, metadata: metadata, content: content, buffers: buffers)
        queue.post(codec.encode(message))
    }

    /// `status` busy or idle for `parent`.
    func status(_ state: String, parent: JSONValue) {
        publish("status", content: ["execution_state": .string(state)], parent: parent)
    }

    /// Waits (at most `timeout`) until every message queued before the call is on the iopub
    /// socket. A reply on shell must not overtake the outputs of its request: a client such as
    /// jupyter console reads iopub once it has the reply, and shows later outputs with the
    /// next cell.
    ///
    /// The waiter sleeps on a semaphore the iopub thread signals after each batch (it used to
    /// poll every 100 µs, which added 100-150 µs of sleep to every execute round trip).
    func flush(timeout: Duration = .seconds(1)) {
        let target = queue.posted.load(ordering: .acquiring)
        guard handed.load(ordering: .acquiring) < target else { return }
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.components.seconds) * 1_000_000_000
            + Int(timeout.components.attoseconds / 1_000_000_000))
        waiters.add(1, ordering: .sequentiallyConsistent)
        defer { waiters.subtract(1, ordering: .sequentiallyConsistent) }
        // A signal meant for an earlier batch only makes the loop look again.
        while handed.load(ordering: .sequentiallyConsistent) < target {
            if handedSignal.wait(timeout: deadline) == .timedOut { return }
        }
    }

    /// Called by the iopub thread after it sent (or dropped) `count` taken messages.
    func markHanded(_ count: Int) {
        handed.add(count, ordering: .sequentiallyConsistent)
        let waiting = waiters.load(ordering: .sequentiallyConsistent)
        for _ in 0..<waiting { handedSignal.signal() }
    }

    /// Everything queued so far, in order (called by the iopub thread).
    func takePending() -> [[[UInt8]]] { queue.take() }
}

/// The iopub thread's loop: owns the XPUB socket, greets each new subscriber with
/// `iopub_welcome` (JEP 65; XPUB_VERBOSE makes every subscription visible, repeats
/// included) and sends what `IOPubPublisher` queued, within `guardian`'s per-connection bounds.
func runIOPub(socket: Socket, publisher: IOPubPublisher, guardian: SubscriberGuard,
              shouldStop: @Sendable () -> Bool) {
    if let endpoint = try? socket.lastEndpoint { guardian.bound(to: endpoint) }
    while true {
        let stopping = shouldStop()
        let ready: [Bool]
        do {
            ready = try poll([.socket(socket), .fileDescriptor(publisher.wakeFD)], timeout: stopping ? 0 : 100)
        } catch {
            KernelLog.warning("iopub poll failed: \(error)")
            return
        }
        if ready[0] { readSubscriptions(socket: socket, publisher: publisher, guardian: guardian) }
        // Send whatever is queued (also on the last pass, so nothing is lost at shutdown).
        var sent = 0
        let batch = publisher.takePending()
        if !batch.isEmpty { guardian.beforeSending() }
        for frames in batch {
            do {
                try socket.send(multipart: frames, dontWait: true)
                sent += frames.reduce(0) { $0 + $1.count }
            } catch {
                KernelLog.warning("iopub send failed: \(error)")
            }
        }
        guardian.sent(bytes: sent)
        if !batch.isEmpty { publisher.markHanded(batch.count) }
        if stopping { return }
    }
}

private func readSubscriptions(socket: Socket, publisher: IOPubPublisher, guardian: SubscriberGuard) {
    while true {
        let first: (frame: [UInt8], more: Bool, sourceFD: Int32?)
        do {
            first = try socket.receiveFrameWithSource(dontWait: true)
            if first.more { _ = try socket.receiveMultipart(maxFrames: 0, maxBytes: 0) }
        } catch { return }
        // 1 = subscribe, 0 = unsubscribe; anything else from a subscriber is ignored.
        guard first.frame.first == 1 else { continue }
        guard guardian.subscribed(fd: first.sourceFD, topicBytes: first.frame.count - 1) else { continue }
        let topic = String(decoding: first.frame.dropFirst(), as: UTF8.self)
        publisher.publish("iopub_welcome", content: ["subscription": .string(topic)], parent: .object([]),
                          topic: topic)
    }
}
