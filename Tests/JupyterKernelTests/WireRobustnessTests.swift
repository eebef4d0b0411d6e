import Foundation
import JSON
import Testing
@testable import JupyterKernel

/// A deterministic, toolchain-free smoke of Fuzz/FuzzWire: thousands of seeded random
/// mutations of valid frames (re-signed or not) and of JSON texts. Decoding must return a
/// message or a WireError (never trap), a decoded message must survive re-encoding, and
/// JSON that parses must serialise and parse back to the same value. Replays are dropped.
@Suite struct WireRobustnessTests {
    static let key = "robustness-key"

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let validFrames: [[[UInt8]]] = {
        let codec = WireCodec(key: key)
        let header: JSONValue = ["msg_id": "m1", "session": "s", "username": "u", "date": "2024-01-01T00:00:00.000000Z",
                                 "msg_type": "execute_request", "version": "5.3"]
        let contents: [JSONValue] = [
            ["code": "net 2 -> 1\nforward", "silent": false, "store_history": true, "user_expressions": [:],
             "allow_stdin": false, "stop_on_error": true],
            ["code": "é ŷ ∂L/∂w111 😀 \u{0}", "cursor_pos": 3, "nested": [[[1, 2.5e-3, -0.0, true, nil]]]],
            [:],
        ]
        return contents.map { codec.encode(Message(identities: [[0, 1, 2]], header: header, content: $0, buffers: [[9, 9]])) }
    }()

    static let hostileBytes: [[UInt8]] = [
        Array("[".utf8), Array("{\"".utf8), [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], Array("\\u".utf8),
        Array("\\ud800".utf8), Array("1e999999".utf8), Array("-".utf8), Array("00".utf8), Array(",]".utf8),
        Array(String(repeating: "[", count: 600).utf8), Array("\"\u{1}\"".utf8), Array("<IDS|MSG>".utf8), [],
    ]

    static func mutate(_ bytes: [UInt8], _ g: inout Generator) -> [UInt8] {
        var b = bytes
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            let p = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &g)
            switch Int.random(in: 0..<5, using: &g) {
            case 0 where !b.isEmpty: b[p] ^= UInt8(1) << UInt8.random(in: 0...7, using: &g)
            case 1 where !b.isEmpty: b.remove(at: p)
            case 2: b.insert(contentsOf: hostileBytes.randomElement(using: &g) ?? [], at: p)
            case 3: b.removeLast(min(b.count, Int.random(in: 0...8, using: &g)))
            default: b.insert(UInt8.random(in: 0...255, using: &g), at: p)
            }
        }
        return b
    }

    @Test func seededMutationsOfValidFramesDecodeOrFailCleanly() {
        let codec = WireCodec(key: Self.key, maxMessageBytes: 4096)
        let signer = MessageSigner(key: Self.key)
        var g = Generator(state: 0xF4A3E)
        var decoded = 0, rejected = 0
        for k in 0..<4000 {
            var frames = Self.validFrames[k % Self.validFrames.count]
            let d = 1  // one identity frame before the delimiter
            switch k % 4 {
            case 0:
                // Mutate one signed part and re-sign: reaches the JSON parser with a key set.
                let part = Int.random(in: (d + 2)...(d + 5), using: &g)
                frames[part] = Self.mutate(frames[part], &g)
                frames[d + 1] = signer.signature(Array(frames[(d + 2)...(d + 5)]))
            case 1:
                // Mutate any frame without re-signing.
                let f = Int.random(in: 0..<frames.count, using: &g)
                frames[f] = Self.mutate(frames[f], &g)
            case 2:
                // Drop, duplicate or reorder frames.
                let f = Int.random(in: 0..<frames.count, using: &g)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: frames.remove(at: f)
                case 1: frames.insert(frames[f], at: f)
                default: frames.swapAt(f, Int.random(in: 0..<frames.count, using: &g))
                }
            default:
                // Oversized or many frames.
                frames.append(contentsOf: Array(repeating: [UInt8](repeating: 0x61, count: 100), count: Int.random(in: 0...60, using: &g)))
            }
            do {
                let message = try codec.decode(frames)
                decoded += 1
                let again = try codec.decode(codec.encode(message))
                #expect(again.header == message.header && again.content == message.content, "mutation \(k)")
            } catch {
                rejected += 1
                #expect(!error.description.contains(Self.key), "mutation \(k): the key is in an error description")
            }
        }
        #expect(decoded > 100 && rejected > 1000, "decoded \(decoded), rejected \(rejected)")
    }

    @Test func seededMutationsOfJSONParseOrFailCleanly() {
        var g = Generator(state: 0x150E)
        let seeds = Self.validFrames.flatMap { Array($0[3...6]) }
        for k in 0..<6000 {
            let text = Self.mutate(seeds[k % seeds.count], &g)
            guard let value = try? JSONValue.parse(text) else { continue }
            let back = try? JSONValue.parse(value.serializedBytes())
            #expect(back == value || Self.hasNonFinite(value), "mutation \(k): \(String(decoding: text, as: UTF8.self))")
        }
    }

    static func hasNonFinite(_ value: JSONValue) -> Bool {
        switch value {
        case let .number(d): !d.isFinite
        case let .array(a): a.contains(where: hasNonFinite)
        case let .object(o): o.contains { hasNonFinite($0.value) }
        default: false
        }
    }

    @Test func fuzzerRegressionInputs() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/wire")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            let frames = bytes.dropFirst().split(separator: 0xFF, omittingEmptySubsequences: false).map(Array.init)
            _ = try? WireCodec(key: Self.key).decode(frames)
            _ = try? JSONValue.parse(Array(bytes.dropFirst()))
        }
    }

    @Test func replayedSignaturesAreDropped() throws {
        // The frames carry a fixed 2024 date: the time window is tested in ReplayWindowTests.
        let codec = WireCodec(key: Self.key, replayWindowSeconds: 0)
        let frames = Self.validFrames[0]
        _ = try codec.decodeOnce(frames)
        #expect(throws: WireError.replayed) { try codec.decodeOnce(frames) }
        // Upper-case hex is the same signature.
        var upper = frames
        upper[2] = upper[2].map { $0 >= 0x61 && $0 <= 0x66 ? $0 - 0x20 : $0 }
        #expect(throws: WireError.replayed) { try codec.decodeOnce(upper) }
        // Another identity (another client socket) does not make it new.
        var other = frames
        other[0] = [7, 7]
        #expect(throws: WireError.replayed) { try codec.decodeOnce(other) }
        // A different message is fine; with no key nothing is remembered.
        _ = try codec.decodeOnce(Self.validFrames[1])
        let open = WireCodec(key: "")
        let unsigned = open.encode(Message(header: ["msg_id": "a", "msg_type": "kernel_info_request"]))
        _ = try open.decodeOnce(unsigned)
        _ = try open.decodeOnce(unsigned)
    }

    @Test func replayMemoryIsBounded() {
        let guardian = ReplayGuard(capacity: 4)
        let signatures = (0..<6).map { Array("sig\($0)".utf8) }
        for s in signatures { #expect(guardian.admit(signature: s)) }
        #expect(!guardian.admit(signature: signatures[5]))
        #expect(guardian.admit(signature: signatures[0]), "the oldest is forgotten past the capacity")
    }
}
