import JSON

/// Frames ⇄ `Message`: `[identities…, "<IDS|MSG>", signature, header, parent_header,
/// metadata, content, buffers…]`.
///
/// Decoding is defensive: anything malformed or wrongly signed is an error that the
/// caller logs and drops; nothing in a bad message is ever acted on.
public struct WireCodec: Sendable {
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    public let signer: MessageSigner
    /// Largest accepted message (all frames together), in bytes.
    public let maxMessageBytes: Int
    /// Signatures already accepted (shared by every channel using this codec).
    public let replays: ReplayGuard
    /// is_complete, complete and inspect carry only code for the language to look at: a
    /// content frame over this many bytes holds code over the cell limit whatever its
    /// escapes, so it is not parsed at all (`Message.contentSkipped`), and answered at once.
    public var maxLookupContentBytes = Int.max
    static let lookupTypes: Set<String> = ["is_complete_request", "complete_request", "inspect_request"]

    public init(key: String, maxMessageBytes: Int = 16 << 20, replayWindowSeconds: Double = 300) {
        self.signer = MessageSigner(key: key)
        self.maxMessageBytes = maxMessageBytes
        self.replays = ReplayGuard(window: replayWindowSeconds)
    }

    /// `decode`, then drop a signed message whose signature was already accepted, or whose
    /// header date is outside the replay window (a replay; see `ReplayGuard`).
    public func decodeOnce(_ frames: [[UInt8]]) throws(WireError) -> Message {
        let message = try decode(frames)
        guard signer.isSigning, let d = frames.firstIndex(of: Self.delimiter) else { return message }
        let date = message.header["date"]?.stringValue
        guard replays.isFresh(date: date) else {
            throw .stale(date: date ?? "", skewSeconds: ReplayGuard.skew(date: date) ?? 0, window: replays.window)
        }
        guard replays.admit(signature: frames[d + 1]) else { throw .replayed }
        return message
    }

    public func decode(_ frames: [[UInt8]]) throws(WireError) -> Message {
        let total = frames.reduce(0) { $0 + $1.count }
        guard total <= maxMessageBytes else { throw .tooLarge(bytes: total, limit: maxMessageBytes) }
        guard let d = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        guard frames.count - d - 1 >= 5 else { throw .tooFewFrames(frames.count) }
        let signature = frames[d + 1]
        let signed = Array(frames[(d + 2)...(d + 5)])
        guard signer.isValid(signature: signature, for: signed) else {
            throw signature.isEmpty ? .missingSignature : .badSignature
        }
        let names = ["header", "parent_header", "metadata", "content"]
        var parsed: [JSONValue] = []
        var skipped = false
        for (name, bytes) in zip(names, signed) {
            if name == "content", bytes.count > maxLookupContentBytes,
               let type = parsed[0]["msg_type"]?.stringValue, Self.lookupTypes.contains(type) {
                parsed.append(.object([]))
                skipped = true
                continue
            }
            let value: JSONValue
            do { value = try JSONValue.parse(bytes) } catch { throw .invalidJSON(part: name, error.description) }
            guard value.objectValue != nil else { throw .notAnObject(part: name) }
            parsed.append(value)
        }
        guard let type = parsed[0]["msg_type"]?.stringValue, !type.isEmpty else { throw .badHeader("msg_type") }
        guard parsed[0]["msg_id"]?.stringValue != nil else { throw .badHeader("msg_id") }
        var message = Message(identities: Array(frames[..<d]), header: parsed[0], parentHeader: parsed[1],
                              metadata: parsed[2], content: parsed[3], buffers: Array(frames[(d + 6)...]))
        message.contentSkipped = skipped
        return message
    }

    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [message.header, message.parentHeader, message.metadata, message.content]
            .map { $0.serializedBytes() }
        var frames = message.identities
        frames.append(Self.delimiter)
        frames.append(signer.signature(parts))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: message.buffers)
        return frames
    }
}

/// Why incoming frames were dropped. Descriptions never include the key or signature.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case tooManyFrames
    case missingDelimiter
    case tooFewFrames(Int)
    case missingSignature
    case badSignature
    case invalidJSON(part: String, String)
    case notAnObject(part: String)
    case badHeader(String)
    case replayed
    /// A readable header date `skewSeconds` before the kernel's clock (negative: after it).
    case stale(date: String, skewSeconds: Double, window: Double)

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit): "message of \(bytes) bytes exceeds the \(limit)-byte limit"
        case .tooManyFrames: "too many frames"
        case .missingDelimiter: "no <IDS|MSG> delimiter"
        case let .tooFewFrames(n): "only \(n) frames (need delimiter, signature and 4 parts)"
        case .missingSignature: "missing signature"
        case .badSignature: "invalid signature"
        case let .invalidJSON(part, why): "\(part) is not valid JSON (\(why))"
        case let .notAnObject(part): "\(part) is not a JSON object"
        case let .badHeader(field): "header lacks a string \(field)"
        case .replayed: "replayed message (its signature was already used)"
        case let .stale(date, skew, window):
            "its header date \(KernelLog.clip(date, 64)) is \(Self.seconds(abs(skew))) s in the "
                + (skew >= 0 ? "past" : "future") + " by the kernel's clock, outside the \(Self.seconds(window)) s "
                + "replay window (a replay, or a client whose clock is off; BACKPROP_KERNEL_REPLAY_WINDOW sets "
                + "the window in seconds, 0 turns the date check off)"
        }
    }

    /// Whole seconds for a message, whatever the size (`Int(_:)` traps past Int.max).
    static func seconds(_ value: Double) -> String {
        value < 1e15 ? String(Int(value.rounded())) : String(value)
    }
}
