import JSON
import JupyterKernel

/// libFuzzer entry: the wire decoder and the JSON parser on arbitrary bytes.
///
/// Input layout: byte 0 chooses the mode, the rest is split into frames at 0xFF bytes
/// (0xFF never occurs in UTF-8, so JSON-ish seeds stay readable). In "sign" modes the
/// harness computes the correct signature for the four parts after the delimiter, so the
/// fuzzer gets past the HMAC check and reaches the JSON of header/content with a key set.
/// Properties checked (a violation traps, which libFuzzer reports as a crash):
///  - decode never traps; it returns a Message or a WireError;
///  - a decoded message re-encodes and decodes to the same message;
///  - JSON that parses serialises and re-parses to an equal value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())

    // The JSON parser alone (whole body as one document).
    checkJSON(body)

    var frames = body.split(separator: 0xFF, omittingEmptySubsequences: false).map(Array.init)
    let key = mode & 1 == 0 ? "fuzz-key-0123456789abcdef" : ""
    let codec = WireCodec(key: key, maxMessageBytes: 1 << 16)
    if mode & 2 != 0 {
        // Insert a delimiter + correct signature in front of the next four frames.
        let parts = Array(frames.prefix(4)) + Array(repeating: [UInt8](), count: max(0, 4 - frames.count))
        let signature = MessageSigner(key: key).signature(parts)
        frames = (mode & 4 != 0 ? [[0x01, 0x02]] : []) + [WireCodec.delimiter, signature] + parts + frames.dropFirst(4)
    }
    do {
        let message = try codec.decode(frames)
        let again = try codec.decode(codec.encode(message))
        // 1e999 parses to ∞, which JSON can only write as null: not a round-trip failure.
        let finite = ![message.header, message.parentHeader, message.metadata, message.content].contains(where: containsNonFinite)
        precondition(!finite || again.header == message.header && again.content == message.content
                     && again.parentHeader == message.parentHeader && again.metadata == message.metadata,
                     "re-encoded message differs")
        _ = message.msgType + message.msgID + message.session
    } catch {
        _ = error.description
    }
    return 0
}

func checkJSON(_ bytes: [UInt8]) {
    guard let value = try? JSONValue.parse(bytes) else { return }
    let text = value.serializedBytes()
    do {
        let back = try JSONValue.parse(text)
        precondition(back == value || containsNonFinite(value), "JSON round trip changed the value")
    } catch {
        preconditionFailure("serialised JSON does not re-parse: \(error)")
    }
}

func containsNonFinite(_ value: JSONValue) -> Bool {
    switch value {
    case let .number(d): !d.isFinite
    case let .array(a): a.contains(where: containsNonFinite)
    case let .object(o): o.contains { containsNonFinite($0.value) }
    default: false
    }
}
