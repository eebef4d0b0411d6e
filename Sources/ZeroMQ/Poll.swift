import CZeroMQ

/// What `poll` should wait for on one socket or plain file descriptor.
public enum PollTarget {
    case socket(Socket)
    /// A file descriptor (e.g. an eventfd used to wake a socket-owning thread).
    case fileDescriptor(Int32)
}

/// Waits until at least one target is readable or `timeout` (ms) passes; -1 waits
/// forever, 0 just checks. Returns, in order, whether each target is readable.
/// An interrupted wait (EINTR) returns all false rather than throwing.
public func poll(_ targets: [PollTarget], timeout: Int) throws -> [Bool] {
    var items: [zmq_pollitem_t] = []
    items.reserveCapacity(targets.count)
    for target in targets {
        var item = zmq_pollitem_t()
        switch target {
        case let .socket(s): item.socket = try s.open("poll")
        case let .fileDescriptor(fd): item.fd = fd
        }
        item.events = Int16(ZMQ_POLLIN)
        items.append(item)
    }
    let rc = items.withUnsafeMutableBufferPointer { buffer in
        zmq_poll(buffer.baseAddress, Int32(buffer.count), timeout)
    }
    if rc < 0 {
        let error = ZMQError.last("poll")
        if error.isInterrupted { return Array(repeating: false, count: targets.count) }
        throw error
    }
    return items.map { ($0.revents & Int16(ZMQ_POLLIN)) != 0 }
}
