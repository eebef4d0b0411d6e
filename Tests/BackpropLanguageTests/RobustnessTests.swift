import Foundation
import JSON
import Synchronization
import Testing
@testable import BackpropLanguage

/// A deterministic, toolchain-free smoke of what Fuzz/ does with libFuzzer: thousands of
/// seeded random mutations of the test programs and of one example of every statement go
/// through `Session.execute`. Each must end in outputs or a LanguageError with a position
/// (no trap, no hang: a watchdog interrupts anything running past 300 ms, and every
/// statement must then stop). Inputs that once crashed are in Fuzz/regressions/language.
@Suite(.serialized) struct RobustnessTests {
    static let seeds: [String] = {
        var seeds = [workedExampleSetup + "\nforward\nexplain dL/dw131\nstep eta = 1"]
        let programs = (try? FileManager.default.contentsOfDirectory(at: TestPaths.programs, includingPropertiesForKeys: nil)) ?? []
        for url in programs.sorted(by: { $0.path < $1.path }) where url.pathExtension == "bp" {
            if let text = try? String(contentsOf: url, encoding: .utf8) { seeds.append(text) }
        }
        seeds.append(contentsOf: statementExamples)
        return seeds
    }()

    /// One of each statement form of the grammar (never `save`: mutations must not write files).
    static let statementExamples = [
        "net 2 -> 3 tanh -> 1 sigmoid\nx = [0 1; 1 0]\ny = [1; 0]\nforward\nbackward",
        "net 4 -> 4 relu -> 3 leaky_relu -> 2 softmax\nloss cross_entropy\ninit normal std 0.1 seed 7\nx = [1 2 3 4]\ny = [0 1]\nshow dL/dw[2,1,3]",
        "net 3 -> 2 linear\nloss mse\ninit zeros\nW1 = [[1, 2, 3], [4, 5, 6]]\nb[1] = 0.5\nw[1,2,3] = 2\nb12 = -1\nx = [1 1 1]\ny = [0 0]\ngradcheck eps 1e-6",
        "net 2 -> 2 sigmoid -> 1 sigmoid\nloss binary_cross_entropy\nx = [0 0; 0 1; 1 0; 1 1]\ny = [0; 1; 1; 0]\ntrain epochs 50 eta 0.5 batch 2 seed 3 until loss < 0.01\ngraph",
        "chain x*y + sin(x) at x = 1, y = 2",
        "chain exp(exp(x^2)) at x = 0.5",
        "chain -x^2 + log(x) / sqrt(y) - cos(x) * tanh(y) + sigmoid(x) - relu(y) at x = 0.3, y = 4",
        "precision 6\nprint \"hello\"\nwarn \"careful\"\nclear\nhelp\nhelp explain",
        "net 1 -> 1\nshow\nshow a1\nshow h0\nshow yhat\nshow loss\nload \"missing.json\"",
        "data \"no-such.csv\" target species onehot normalize",
        "net 4 -> 4 sigmoid -> 2 softmax\nexplain dL/db21 limit 3\nstep\nshow ∂L/∂w111\nshow ŷ",
    ]

    /// Tokens the mutator splices in: keywords, operators, brackets, odd numbers and text.
    static let tokens = [
        "net", "->", "[", "]", ";", ",", "=", "(", ")", "\n", " ", "#", "\"", "forward", "backward", "explain",
        "dL/d", "∂L/∂", "w111", "w[1,1,1]", "b[9,9]", "W3", "x", "y", "softmax", "relu", "train", "epochs",
        "gradcheck", "chain", "at", "^", "*", "/", "-", "+", "0", "-0", "1e308", "-1e308", "1e-320", "nan", "inf",
        "99999999999999999999", "4294967297", "1000", "0.5", "limit", "eta", "batch", "seed", "until loss <",
        "precision 17", "show", "é", "ŷ", "\u{0}", "\u{FEFF}", "\u{202E}", "😀", "\t", "\r\n", "log(0)", "exp(1000)",
    ]

    /// A small deterministic generator (SplitMix64), so failures reproduce by seed.
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

    static func mutate(_ text: String, _ g: inout Generator) -> String {
        var s = Array(text.unicodeScalars).map(String.init)
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            let position = s.isEmpty ? 0 : Int.random(in: 0..<s.count, using: &g)
            switch Int.random(in: 0..<7, using: &g) {
            case 0 where !s.isEmpty: s.remove(at: position)
            case 1: s.insert(tokens.randomElement(using: &g) ?? "", at: position)
            case 2 where !s.isEmpty: s[position] = tokens.randomElement(using: &g) ?? ""
            case 3: s.removeLast(min(s.count, Int.random(in: 0...20, using: &g)))
            case 4 where s.count > 2:
                // Duplicate a slice (repeats lines and statements).
                let end = min(s.count, position + Int.random(in: 1...80, using: &g))
                s.insert(contentsOf: s[position..<end], at: end)
            case 5:
                let scalar = Unicode.Scalar(UInt32.random(in: 0...0x2FFF, using: &g)) ?? "?"
                s.insert(String(scalar), at: position)
            default:
                // Replace a digit with a hostile number.
                if let d = s.indices.filter({ s[$0].first?.isNumber == true }).randomElement(using: &g) {
                    s[d] = ["1e308", "0", "100000000", "-7", "1e-300", "3.5", "65536"].randomElement(using: &g) ?? "0"
                }
            }
        }
        return s.joined().replacingOccurrences(of: "save", with: "show")
    }

    /// Interrupts the session it watches once a cell runs longer than `limit`.
    final class Watchdog: @unchecked Sendable {
        private let watched = Mutex<(session: Session?, deadline: ContinuousClock.Instant)>((nil, .now))
        private let stopped = Atomic<Bool>(false)
        private var thread: Thread?

        init() {
            let t = Thread { [self] in
                while !stopped.load(ordering: .relaxed) {
                    let (session, deadline) = watched.withLock { ($0.session, $0.deadline) }
                    if let session, ContinuousClock.now >= deadline { session.interrupt() }
                    usleep(5_000)
                }
            }
            thread = t
            t.start()
        }

        func watch(_ session: Session?, limit: Duration) { watched.withLock { $0 = (session, .now + limit) } }
        func stop() { stopped.store(true, ordering: .relaxed) }
    }

    static func check(_ code: String, _ session: Session, _ watchdog: Watchdog, seed: Int) {
        watchdog.watch(session, limit: .milliseconds(300))
        let start = ContinuousClock.now
        let (outputs, error) = session.execute(code)
        let elapsed = ContinuousClock.now - start
        watchdog.watch(nil, limit: .zero)
        #expect(elapsed < .seconds(5), "mutation \(seed) ran \(elapsed) despite the interrupt:\n\(code)")
        for output in outputs { _ = output.plainText; _ = output.machineReadable?.serialized() }
        if let error {
            #expect(error.line >= 1 && error.column >= 1, "mutation \(seed): error without a position: \(error)")
            #expect(!error.ename.isEmpty && !error.message.isEmpty, "mutation \(seed): empty error")
            #expect(error.ename != "InternalError", "mutation \(seed): \(error)\n\(code)")
        }
    }

    @Test func seededMutationsOfTheProgramsEndCleanly() {
        let count = ProcessInfo.processInfo.environment["ROBUSTNESS_MUTATIONS"].flatMap(Int.init) ?? 2000
        let watchdog = Watchdog()
        defer { watchdog.stop() }
        var g = Generator(state: 0x5EED)
        let start = ContinuousClock.now
        for k in 0..<count {
            let seed = Self.seeds[k % Self.seeds.count]
            let code = Self.mutate(seed, &g)
            // Half the mutations run in a fresh session, half after the unmutated seed ran.
            let session = Session(directory: NSTemporaryDirectory())
            if k % 2 == 1 { _ = session.execute(seed.replacingOccurrences(of: "save", with: "show")) }
            Self.check(code, session, watchdog, seed: k)
        }
        print("RobustnessTests: \(count) mutations in \(ContinuousClock.now - start)")
    }

    @Test func regressionInputsFromTheFuzzer() throws {
        let directory = TestPaths.repository.appendingPathComponent("Fuzz/regressions/language")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        let watchdog = Watchdog()
        defer { watchdog.stop() }
        for (k, url) in files.sorted(by: { $0.path < $1.path }).enumerated() {
            let data = try Data(contentsOf: url)
            let code = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "save", with: "show")
            Self.check(code, Session(directory: NSTemporaryDirectory()), watchdog, seed: k)
        }
    }

    /// Regression: the numerical check of `chain` (two evaluations of the graph per
    /// variable) ignored interrupts; with thousands of variables it ran for minutes.
    @Test func chainOnAHugeExpressionStopsPromptly() throws {
        var terms = (0..<4000).map { "v\($0)" }
        let bindings = terms.map { "\($0) = 1" }.joined(separator: ", ")
        while terms.count > 1 {
            terms = stride(from: 0, to: terms.count, by: 2).map { i in
                i + 1 < terms.count ? "(\(terms[i])*\(terms[i + 1]))" : terms[i]
            }
        }
        let s = Session()
        let start = ContinuousClock.now
        let result = try #require(CancellationTests.interrupted(s, "chain \(terms[0]) at \(bindings)", after: .milliseconds(500)),
                                  "chain did not return within 10 s of the interrupt")
        let elapsed = ContinuousClock.now - start
        let error = try #require(result.error)
        #expect(error.ename == "KeyboardInterrupt")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    /// Regression: explain polled for interrupts only between examples; with a large limit
    /// on a deep network one example's search ran for minutes.
    @Test func explainOnADeepNetworkStopsPromptly() throws {
        let s = Session()
        let hidden = Array(repeating: "64 tanh", count: 12).joined(separator: " -> ")
        run(s, "net 64 -> \(hidden) -> 1 sigmoid\nx = [\(Array(repeating: "0.5", count: 64).joined(separator: " "))]\ny = [1]")
        let start = ContinuousClock.now
        let result = try #require(CancellationTests.interrupted(s, "explain dL/dw111 limit 10000", after: .milliseconds(500)),
                                  "explain did not return within 10 s of the interrupt")
        let elapsed = ContinuousClock.now - start
        let error = try #require(result.error)
        #expect(error.ename == "KeyboardInterrupt")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test func missingAndUnreadableFilesAreNamedClearly() throws {
        let s = Session(directory: NSTemporaryDirectory())
        for cell in ["data \"definitely-missing-\(UInt32.random(in: 0...UInt32.max)).csv\"",
                     "load \"definitely-missing.json\""] {
            let error = try #require(s.execute(cell).error)
            #expect(error.message.contains("definitely-missing"), "\(error)")
        }
        // A directory is not a readable file.
        let dir = NSTemporaryDirectory() + "backprop-robust-dir-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for cell in ["data \"\(dir)\"", "load \"\(dir)\""] {
            let error = try #require(s.execute(cell).error, "\(cell) should fail")
            #expect(error.message.contains(dir), "\(error)")
        }
        // An unreadable file (skipped as root, who can read anything).
        if getuid() != 0 {
            let path = NSTemporaryDirectory() + "backprop-robust-unreadable-\(getpid()).csv"
            FileManager.default.createFile(atPath: path, contents: Data("a,b\n1,2\n".utf8), attributes: [.posixPermissions: 0])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let error = try #require(s.execute("data \"\(path)\"").error)
            #expect(error.message.contains(path), "\(error)")
        }
    }
}
