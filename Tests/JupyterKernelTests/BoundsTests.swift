import JSON
import Testing
@testable import JupyterKernel

/// The bounds of issue 17 that can be checked without sockets: history bytes, the replay
/// window, log escaping, connection-file keys, reply names and skipped lookup content.
@Suite struct HistoryBoundsTests {
    @Test func cellsOverTheEntryLimitAreNotRecorded() {
        var h = History(maxBytes: 10_000, maxEntryBytes: 1_000)
        h.record(line: 1, input: String(repeating: "x", count: 2_000))
        h.record(line: 2, input: "forward")
        #expect(h.entries.map(\.line) == [2])
        h.recordOutput(line: 2, output: String(repeating: "o", count: 5_000))
        #expect(h.entries[0].output == nil, "an output over the entry limit is not kept")
    }

    @Test func totalBytesStayUnderTheCapOldestFirst() {
        var h = History(maxBytes: 10_000, maxEntryBytes: 1_000)
        for line in 1...200 { h.record(line: line, input: String(repeating: "c", count: 500)) }
        #expect(h.bytes <= 10_000)
        #expect(h.entries.last?.line == 200)
        #expect(h.entries.first.map { $0.line > 1 } == true, "the oldest entries go first")
        let counted = h.entries.reduce(0) { $0 + $1.input.utf8.count + History.entryOverhead }
        #expect(counted == h.bytes)
    }
}

@Suite struct HistorySessionTests {
    @Test func sessionZeroIsTheCurrentOneAndNegativeCountsBack() {
        var h = History(session: 1)
        for line in 1...3 { h.record(line: line, input: "forward") }
        #expect(h.range(session: nil, start: 1, stop: nil).map(\.line) == [1, 2, 3])
        #expect(h.range(session: 0, start: 2, stop: nil).map(\.line) == [2, 3])
        #expect(h.range(session: 1, start: 1, stop: 2).map(\.line) == [1])
        #expect(h.range(session: -1, start: 1, stop: nil).isEmpty, "-1 is the previous session: there is none")
        #expect(h.range(session: -5, start: 1, stop: nil).isEmpty)
        #expect(h.range(session: 2, start: 1, stop: nil).isEmpty)
        var later = History(session: 3)
        later.record(line: 1, input: "forward")
        #expect(later.range(session: -1, start: 1, stop: nil).isEmpty, "session 2 is not kept")
        #expect(later.range(session: 0, start: 1, stop: nil).map(\.line) == [1])
    }
}

@Suite struct ReplayWindowTests {
    @Test func parsesJupyterDates() {
        #expect(ReplayGuard.unixSeconds(iso: "1970-01-01T00:00:00Z") == 0)
        #expect(ReplayGuard.unixSeconds(iso: "2000-03-01T00:00:00.500000Z") == 951_868_800.5)
        #expect(ReplayGuard.unixSeconds(iso: "2000-03-01T01:00:00+01:00") == 951_868_800)
        #expect(ReplayGuard.unixSeconds(iso: "2000-03-01T00:00:00") == 951_868_800, "no zone: UTC")
        for bad in ["", "yesterday", "2000-13-01T00:00:00Z", "2000-03-01T00:00:00Zjunk", "2000-03-01"] {
            #expect(ReplayGuard.unixSeconds(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func oldAndFutureDatesAreRefusedMissingOrUnreadableOnesAreNot() {
        let g = ReplayGuard(capacity: 8, window: 300)
        let now = 951_868_800.0
        #expect(g.isFresh(date: "2000-03-01T00:04:00Z", now: now))
        #expect(!g.isFresh(date: "2000-02-29T23:54:00Z", now: now))
        #expect(!g.isFresh(date: "2000-03-01T00:06:00Z", now: now))
        #expect(g.isFresh(date: nil, now: now), "no date: only the count-based memory applies")
        #expect(g.isFresh(date: "yesterday", now: now), "an unreadable date is not judged by time")
        #expect(ReplayGuard(window: 0).isFresh(date: "2000-02-29T23:54:00Z", now: now), "window 0 turns the check off")
        #expect(ReplayGuard.skew(date: "2000-02-29T23:55:00Z", now: now) == 300)
        #expect(ReplayGuard.skew(date: "later", now: now) == nil)
    }

    @Test func aStaleSignedMessageIsRefusedByTheCodecAndTheReasonNamesTheSetting() throws {
        let codec = WireCodec(key: "k")
        var header = MessageHeader.make(msgType: "execute_request", session: "s")
        header = header.setting("date", to: "2001-01-01T00:00:00Z")
        let frames = codec.encode(Message(header: header))
        do {
            _ = try codec.decodeOnce(frames)
            Issue.record("a message dated 2001 was accepted")
        } catch {
            guard case let .stale(date, skew, window) = error else { Issue.record("\(error)"); return }
            #expect(date == "2001-01-01T00:00:00Z" && skew > 300 && window == 300)
            #expect(error.description.contains("BACKPROP_KERNEL_REPLAY_WINDOW"))
            #expect(error.description.contains("in the past"))
        }
        let fresh = codec.encode(Message(header: MessageHeader.make(msgType: "execute_request", session: "s")))
        _ = try codec.decodeOnce(fresh)
    }

    @Test func aSignedMessageWithoutADateIsServedOnceOnly() throws {
        let codec = WireCodec(key: "k")
        for date: JSONValue? in [nil, .string("not a date"), .number(12)] {
            var fields = (MessageHeader.make(msgType: "execute_request", session: "s").objectValue ?? [])
                .filter { $0.key != "date" }
            if let date { fields.append((key: "date", value: date)) }
            let frames = codec.encode(Message(header: .object(fields)))
            _ = try codec.decodeOnce(frames)
            #expect(throws: WireError.replayed) { try codec.decodeOnce(frames) }
        }
    }

    @Test func theReasonSurvivesAnyWindow() {
        let e = WireError.stale(date: "9999-12-31T23:59:59Z", skewSeconds: -2.5e11, window: 1e300)
        #expect(e.description.contains("in the future"))
    }
}

@Suite struct LogTests {
    @Test func linesAreEscapedAndClipped() {
        #expect(KernelLog.escape("a\nb\r\u{1B}[2J\\") == "a\\nb\\r\\u{1b}[2J\\\\")
        let long = KernelLog.clip(String(repeating: "é", count: 1000), 64)
        #expect(long.utf8.count <= 64 + "…".utf8.count)
        #expect(long.hasSuffix("…"))
        #expect(KernelLog.clip("short", 64) == "short")
    }
}

@Suite struct ConnectionKeyTests {
    func file(key: String?) -> [UInt8] {
        let keyPart = key.map { #", "key": \#($0)"# } ?? ""
        return Array(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5\#(keyPart)}"#.utf8)
    }

    @Test func aKeyThatIsNotAStringIsAnError() {
        for key in ["12345", "null", "[\"a\"]", "true", "{}"] {
            #expect(throws: ConnectionInfoError.keyNotAString) { try ConnectionInfo(json: file(key: key)) }
        }
    }

    @Test func missingAndEmptyKeys() throws {
        let missing = try ConnectionInfo(json: file(key: nil))
        #expect(missing.key.isEmpty && missing.keyMissing)
        let empty = try ConnectionInfo(json: file(key: "\"\""))
        #expect(empty.key.isEmpty && !empty.keyMissing)
    }

    @Test func ipv6Endpoints() {
        let c = ConnectionInfo(ip: "::1", shellPort: 5000)
        #expect(c.usesIPv6)
        #expect(c.endpoint(port: 5000) == "tcp://[::1]:5000")
        #expect(!ConnectionInfo(ip: "127.0.0.1").usesIPv6)
    }
}

@Suite struct ReplyRuleTests {
    @Test func replyTypesAreDerivedFromRequests() {
        #expect(ShellHandler.replyType(for: "frobnicate_request") == "frobnicate_reply")
        #expect(ShellHandler.replyType(for: "comm_msg") == nil)
        #expect(ShellHandler.replyType(for: "_request") == nil)
        #expect(ShellHandler.replyType(for: "evil\n_request") == nil)
        #expect(ShellHandler.replyType(for: String(repeating: "a", count: 100) + "_request") == nil)
    }

    @Test func largeLookupContentIsNotParsed() throws {
        var codec = WireCodec(key: "k")
        codec.maxLookupContentBytes = 100
        let code = JSONValue.string(String(repeating: "x", count: 200))
        for type in ["is_complete_request", "complete_request", "inspect_request"] {
            let m = try codec.decode(codec.encode(Message(header: MessageHeader.make(msgType: type, session: "s"),
                                                          content: ["code": code])))
            #expect(m.contentSkipped && m.content == .object([]))
        }
        let execute = try codec.decode(codec.encode(Message(
            header: MessageHeader.make(msgType: "execute_request", session: "s"), content: ["code": code])))
        #expect(!execute.contentSkipped && execute.content["code"] == code)
    }
}
