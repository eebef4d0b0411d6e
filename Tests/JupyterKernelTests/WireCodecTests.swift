import JSON
import Testing
@testable import JupyterKernel

@Suite struct WireCodecTests {
    let header: JSONValue = ["msg_id": "abc", "session": "s", "username": "u", "date": "2024-01-01T00:00:00.000000Z",
                             "msg_type": "kernel_info_request", "version": "5.3"]

    func frames(key: String) -> [[UInt8]] {
        WireCodec(key: key).encode(Message(identities: [[1, 2, 3]], header: header, content: ["x": 1], buffers: [[9]]))
    }

    @Test func roundTrip() throws {
        let codec = WireCodec(key: "secret")
        let decoded = try codec.decode(frames(key: "secret"))
        #expect(decoded.identities == [[1, 2, 3]])
        #expect(decoded.header == header)
        #expect(decoded.content == ["x": 1])
        #expect(decoded.buffers == [[9]])
        #expect(decoded.msgType == "kernel_info_request")
    }

    @Test func signatureIsHMACSHA256OfTheFourParts() {
        let f = frames(key: "key")
        // Known answer: HMAC-SHA256("key", "") differs from the real one; check against the spec's construction.
        let expected = MessageSigner(key: "key").signature(Array(f[3...6]))
        #expect(f[2] == expected)
        #expect(f[2].count == 64)
        #expect(String(decoding: MessageSigner(key: "key").signature([Array("The quick brown fox jumps over the lazy dog".utf8)]),
                       as: UTF8.self) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test func rejectsBadMissingAndForeignSignatures() {
        let codec = WireCodec(key: "secret")
        var bad = frames(key: "secret")
        bad[2][0] = bad[2][0] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(throws: WireError.badSignature) { try codec.decode(bad) }
        var missing = frames(key: "secret")
        missing[2] = []
        #expect(throws: WireError.missingSignature) { try codec.decode(missing) }
        #expect(throws: WireError.badSignature) { try codec.decode(frames(key: "other")) }
        var tampered = frames(key: "secret")
        tampered[6] = Array(#"{"x":2}"#.utf8)
        #expect(throws: WireError.badSignature) { try codec.decode(tampered) }
    }

    @Test func emptyKeyMeansNoSigning() throws {
        let f = frames(key: "")
        #expect(f[2].isEmpty)
        _ = try WireCodec(key: "").decode(f)
        // A signed message is accepted too when signing is off (the spec: nothing to check).
        _ = try WireCodec(key: "").decode(frames(key: "x"))
    }

    @Test func malformedFramesAreErrors() {
        let codec = WireCodec(key: "k", maxMessageBytes: 1000)
        #expect(throws: WireError.missingDelimiter) { try codec.decode([[1], [2]]) }
        #expect(throws: WireError.tooFewFrames(3)) { try codec.decode([WireCodec.delimiter, [], []]) }
        var f = frames(key: "k")
        f[3] = Array("not json".utf8)
        f[2] = MessageSigner(key: "k").signature(Array(f[3...6]))
        #expect(throws: WireError.self) { try codec.decode(f) }
        var big = frames(key: "k")
        big.append([UInt8](repeating: 0, count: 2000))
        #expect(throws: WireError.tooLarge(bytes: big.reduce(0) { $0 + $1.count }, limit: 1000)) { try codec.decode(big) }
    }
}

@Suite struct HeaderTests {
    @Test func headerFields() {
        let h = MessageHeader.make(msgType: "status", session: "sess")
        #expect(h["version"] == "5.5")
        #expect(h["msg_type"] == "status")
        #expect(h["session"] == "sess")
        #expect(h["username"]?.stringValue?.isEmpty == false)
        let date = h["date"]?.stringValue ?? ""
        #expect(date.count == 27, "\(date)")
        #expect(date.hasSuffix("Z"))
        #expect(date.split(separator: ".").last?.count == 7) // 6 digits + Z
    }

    @Test func knownDate() {
        #expect(MessageHeader.isoDate(seconds: 1_700_000_000, microseconds: 42) == "2023-11-14T22:13:20.000042Z")
    }

    @Test func idsAreUnique() {
        let ids = (0..<1000).map { _ in MessageHeader.newMessageID() }
        #expect(Set(ids).count == 1000)
        #expect(MessageHeader.newUUID().count == 36)
    }
}

@Suite struct ConnectionInfoTests {
    @Test func parsesAConnectionFile() throws {
        let text = #"{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "ip": "0.0.0.0", "key": "a-b", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "backprop"}"#
        let c = try ConnectionInfo(json: Array(text.utf8))
        #expect(c.shellPort == 5001 && c.hbPort == 5005 && c.controlPort == 5004)
        #expect(c.ip == "0.0.0.0")
        #expect(c.key == "a-b")
        #expect(c.endpoint(port: c.shellPort) == "tcp://0.0.0.0:5001")
        #expect(c.endpoint(port: 0) == "tcp://0.0.0.0:*")
    }

    @Test func ipcTransport() throws {
        let text = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "/tmp/kernel-x", "key": "", "transport": "ipc"}"#
        let c = try ConnectionInfo(json: Array(text.utf8))
        #expect(c.endpoint(port: c.iopubPort) == "ipc:///tmp/kernel-x-2")
    }

    @Test func rejectsBadFiles() {
        #expect(throws: ConnectionInfoError.self) { try ConnectionInfo(json: Array("{".utf8)) }
        #expect(throws: ConnectionInfoError.missingOrBadField("shell_port")) {
            try ConnectionInfo(json: Array(#"{"iopub_port": 1}"#.utf8))
        }
        #expect(throws: ConnectionInfoError.unsupportedTransport("udp")) {
            try ConnectionInfo(json: Array(#"{"transport": "udp"}"#.utf8))
        }
        #expect(throws: ConnectionInfoError.unsupportedSignatureScheme("hmac-md5")) {
            try ConnectionInfo(json: Array(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}"#.utf8))
        }
    }
}

@Suite struct HistoryTests {
    func sample() -> History {
        var h = History(session: 1)
        for (i, code) in ["net 2 -> 1", "forward", "net 2 -> 1", "x = [1 2]", "net 2 -> 1"].enumerated() {
            h.record(line: i + 1, input: code)
        }
        h.recordOutput(line: 2, output: "loss 0.1")
        return h
    }

    @Test func tailAndRange() {
        let h = sample()
        #expect(h.tail(2).map(\.line) == [4, 5])
        #expect(h.tail(nil).count == 5)
        #expect(h.range(session: 1, start: 2, stop: 4).map(\.line) == [2, 3])
        #expect(h.range(session: 0, start: 4, stop: nil).map(\.line) == [4, 5])
        #expect(h.range(session: 7, start: 1, stop: 9).isEmpty)
    }

    @Test func search() {
        let h = sample()
        #expect(h.search(pattern: "net*", n: nil, unique: false).map(\.line) == [1, 3, 5])
        #expect(h.search(pattern: "net*", n: nil, unique: true).map(\.line) == [5])
        #expect(h.search(pattern: "net*", n: 2, unique: false).map(\.line) == [3, 5])
        #expect(h.search(pattern: "*[12]*", n: nil, unique: true).map(\.line) == [4, 5])
        #expect(h.search(pattern: "nothing", n: nil, unique: false).isEmpty)
    }

    @Test func json() {
        let h = sample()
        #expect(h.json(h.range(session: 1, start: 2, stop: 3), output: true) == [[1, 2, ["forward", "loss 0.1"]]])
        #expect(h.json(h.tail(1), output: false) == [[1, 5, "net 2 -> 1"]])
    }
}
