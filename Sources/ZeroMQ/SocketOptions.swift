import CZeroMQ

/// Socket options, typed. Raw `setOption`/`intOption` cover anything not named here.
extension Socket {
    public func setOption(_ option: Int32, _ value: Int32) throws {
        let h = try open("setsockopt")
        var v = value
        guard zmq_setsockopt(h, option, &v, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("setsockopt \(option)")
        }
    }

    public func setOption(_ option: Int32, _ value: Int64) throws {
        let h = try open("setsockopt")
        var v = value
        guard zmq_setsockopt(h, option, &v, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError.last("setsockopt \(option)")
        }
    }

    public func setOption(_ option: Int32, bytes: [UInt8]) throws {
        let h = try open("setsockopt")
        let rc = bytes.withUnsafeBytes { raw in zmq_setsockopt(h, option, raw.baseAddress, raw.count) }
        guard rc == 0 else { throw ZMQError.last("setsockopt \(option)") }
    }

    public func intOption(_ option: Int32) throws -> Int32 {
        let h = try open("getsockopt")
        var v: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(h, option, &v, &size) == 0 else { throw ZMQError.last("getsockopt \(option)") }
        return v
    }

    public func stringOption(_ option: Int32, capacity: Int = 1024) throws -> String {
        let h = try open("getsockopt")
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        let rc = buffer.withUnsafeMutableBytes { raw in zmq_getsockopt(h, option, raw.baseAddress, &size) }
        guard rc == 0 else { throw ZMQError.last("getsockopt \(option)") }
        let bytes = buffer.prefix(min(size, capacity)).prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How long (ms) unsent messages are kept after `close()`; -1 forever, 0 drop.
    public func setLinger(_ milliseconds: Int32) throws { try setOption(ZMQ_LINGER, milliseconds) }

    /// Queue limit (messages) for incoming messages.
    public func setReceiveHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_RCVHWM, messages) }

    /// Queue limit (messages) for outgoing messages.
    public func setSendHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_SNDHWM, messages) }

    /// Largest single frame a peer may send (bytes): libzmq checks a frame's announced size
    /// before reading it and disconnects a peer that exceeds it.
    public func setMaxMessageSize(_ bytes: Int64) throws { try setOption(ZMQ_MAXMSGSIZE, bytes) }

    /// Accept and make IPv6 connections (needed to bind an IPv6 address such as `::1`).
    public func setIPv6(_ on: Bool) throws { try setOption(ZMQ_IPV6, Int32(on ? 1 : 0)) }

    /// Time-outs (ms) for blocking receive and send; -1 waits forever.
    public func setReceiveTimeout(_ milliseconds: Int32) throws { try setOption(ZMQ_RCVTIMEO, milliseconds) }
    public func setSendTimeout(_ milliseconds: Int32) throws { try setOption(ZMQ_SNDTIMEO, milliseconds) }

    /// XPUB: pass every subscription message up, duplicates included, so that each new
    /// subscriber is seen (needed to greet each one with `iopub_welcome`).
    public func setXPubVerbose(_ on: Bool) throws { try setOption(ZMQ_XPUB_VERBOSE, Int32(on ? 1 : 0)) }

    /// ROUTER: fail with `EHOSTUNREACH` instead of silently dropping messages to unknown peers.
    public func setRouterMandatory(_ on: Bool) throws { try setOption(ZMQ_ROUTER_MANDATORY, Int32(on ? 1 : 0)) }

    /// The routing identity this socket announces to ROUTER peers.
    public func setIdentity(_ identity: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, bytes: identity) }

    /// SUB: receive messages whose first frame starts with `prefix` ("" = everything).
    public func subscribe(_ prefix: [UInt8] = []) throws { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }
    public func unsubscribe(_ prefix: [UInt8] = []) throws { try setOption(ZMQ_UNSUBSCRIBE, bytes: prefix) }

    /// Publishes this socket's connection events (`MonitorEvent`) on the inproc `endpoint`,
    /// for a PAIR socket on another thread to read (see `MonitorEvent.receive`).
    public func monitor(_ endpoint: String, events: Int32) throws {
        let h = try open("monitor")
        guard zmq_socket_monitor(h, endpoint, events) == 0 else { throw ZMQError.last("monitor \(endpoint)") }
    }

    /// The endpoint last bound, with the real port when bound to `*`.
    public var lastEndpoint: String {
        get throws { try stringOption(ZMQ_LAST_ENDPOINT) }
    }

    /// True while more frames of the current message wait to be read.
    public var hasMoreFrames: Bool {
        get throws { try intOption(ZMQ_RCVMORE) != 0 }
    }
}
