import ZeroMQ

/// What one iopub connection can pin, bounded in bytes.
///
/// libzmq stores every subscription in a trie (tens of bytes per topic byte) and queues
/// up to SNDHWM messages of any size for a subscriber that never reads; it has no per-peer
/// byte limit. So the iopub thread keeps one per connection, which it knows by the
/// descriptor of its subscriptions (ZMQ_SRCFD), and cuts a connection that goes over:
/// `shutdown(2)` makes libzmq drop that connection with its queue and subscriptions (a live
/// client's libzmq reconnects by itself and is welcomed again). Other subscribers are not
/// affected, and publishing never blocks. iopub thread only.
final class SubscriberGuard {
    /// Longest subscription frame libzmq accepts on iopub (the socket's ZMQ_MAXMSGSIZE).
    static let maxTopicBytes = 1024
    /// Per connection: subscriptions, and their topic bytes (about 1.6 MB in libzmq's trie).
    static let maxSubscriptions = 64
    static let maxTopicBytesPerConnection = 16 << 10
    /// A connection with this much unsent in its socket buffer is not keeping up.
    static let behindThreshold = 256 << 10

    struct Peer {
        var subscriptions = 0
        var topicBytes = 0
        /// Bytes published while the connection was not keeping up: what libzmq queues for it.
        var behindBytes = 0
        var behind = false
    }

    let maxBehindBytes: Int
    private var peers: [Int32: Peer] = [:]
    private var port: Int32 = -1
    private var path = ""
    /// Connections cut so far (for tests and the log).
    private(set) var cut = 0

    init(maxBehindBytes: Int) { self.maxBehindBytes = maxBehindBytes }

    /// The endpoint the XPUB socket is bound to (`tcp://host:port` or `ipc://path`).
    func bound(to endpoint: String) {
        if endpoint.hasPrefix("ipc://") {
            port = 0
            path = String(endpoint.dropFirst(6))
        } else if let colon = endpoint.lastIndex(of: ":"), let p = Int32(endpoint[endpoint.index(after: colon)...]) {
            port = p
        }
    }

    private func isOurs(_ fd: Int32) -> Bool {
        guard port >= 0 else { return false }
        return PeerConnection.isConnection(fd, port: port, path: path)
    }

    /// A subscription of `topicBytes` from connection `fd`; false when that cut it.
    func subscribed(fd: Int32?, topicBytes: Int) -> Bool {
        guard let fd, isOurs(fd) else { return true }
        var peer = peers[fd] ?? Peer()
        peer.subscriptions += 1
        peer.topicBytes += topicBytes
        peers[fd] = peer
        if peer.subscriptions > Self.maxSubscriptions || peer.topicBytes > Self.maxTopicBytesPerConnection {
            disconnect(fd, why: "\(peer.subscriptions) subscriptions of \(peer.topicBytes) bytes")
            return false
        }
        return true
    }

    /// Before a batch is handed to the XPUB socket: which connections are not keeping up
    /// (looked at first, so a large message to a client that has caught up never counts).
    func beforeSending() {
        for (fd, var peer) in peers {
            guard let unsent = PeerConnection.unsentBytes(fd), isOurs(fd) else {
                peers[fd] = nil
                continue
            }
            peer.behind = unsent >= Self.behindThreshold
            if !peer.behind { peer.behindBytes = 0 }
            peers[fd] = peer
        }
    }

    /// After `bytes` were handed to the XPUB socket: counts them against every connection
    /// that was not keeping up, and cuts the ones over `maxBehindBytes`.
    func sent(bytes: Int) {
        guard bytes > 0 else { return }
        for (fd, var peer) in peers where peer.behind {
            peer.behindBytes += bytes
            peers[fd] = peer
            if peer.behindBytes > maxBehindBytes {
                disconnect(fd, why: "a subscriber \(peer.behindBytes >> 20) MiB behind")
            }
        }
    }

    private func disconnect(_ fd: Int32, why: String) {
        peers[fd] = nil
        cut += 1
        KernelLog.warning("iopub: disconnected \(why)")
        PeerConnection.cut(fd)
    }
}
