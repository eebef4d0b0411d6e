import CZeroMQ

/// One connection event from a socket monitor: what happened, and the descriptor of the
/// connection it concerns (for accepted, disconnected and closed).
public struct MonitorEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case accepted, disconnected, closed, other }
    public var kind: Kind
    public var fd: Int32

    public static let connectionEvents: Int32 = ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CLOSED

    /// The next event on a PAIR socket connected to a monitor endpoint, or nil when none waits.
    public static func receive(from socket: Socket) throws -> MonitorEvent? {
        let first: (frame: [UInt8], more: Bool)
        do { first = try socket.receiveFrame(dontWait: true) } catch let error as ZMQError where error.isWouldBlock {
            return nil
        }
        if first.more { _ = try socket.receiveMultipart(maxFrames: 0, maxBytes: 0) }
        guard first.frame.count >= 6 else { return MonitorEvent(kind: .other, fd: -1) }
        let b = first.frame
        let event = Int32(b[0]) | Int32(b[1]) << 8
        let value = Int32(bitPattern: UInt32(b[2]) | UInt32(b[3]) << 8 | UInt32(b[4]) << 16 | UInt32(b[5]) << 24)
        let kind: Kind = switch event {
        case ZMQ_EVENT_ACCEPTED: .accepted
        case ZMQ_EVENT_DISCONNECTED: .disconnected
        case ZMQ_EVENT_CLOSED: .closed
        default: .other
        }
        return MonitorEvent(kind: kind, fd: value)
    }
}
