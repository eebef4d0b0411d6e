import JSON

/// One Jupyter message, decoded.
///
/// The four signed parts are kept as parsed JSON; `identities` are the ROUTER routing
/// frames to send the reply back through, `buffers` any trailing binary frames.
public struct Message: Sendable {
    public var identities: [[UInt8]]
    public var header: JSONValue
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [[UInt8]]
    /// True when the content was too large to be worth parsing (see
    /// `WireCodec.maxLookupContentBytes`); `content` is then empty.
    public var contentSkipped = false

    public init(identities: [[UInt8]] = [], header: JSONValue, parentHeader: JSONValue = .object([]),
                metadata: JSONValue = .object([]), content: JSONValue = .object([]), buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var msgType: String { header["msg_type"]?.stringValue ?? "" }
    public var msgID: String { header["msg_id"]?.stringValue ?? "" }
    public var session: String { header["session"]?.stringValue ?? "" }
}
