import Foundation
import JSON
import Synchronization
import Testing
@testable import BackpropLanguage

/// Every loop a cell's size can make long answers an interrupt (issue 17, point 4): between
/// statements, while a huge cell is read, and inside the per-layer and per-parameter loops of
/// forward, backward, step and gradcheck. The issue asks for 0.5 s; the tests allow 1 s for a
/// debug build on a loaded machine (the README gives the measured figures).
@Suite(.serialized) struct InterruptCoverageTests {
    static let allowed: Double = 1.0

    struct Interrupted {
        var error: LanguageError?
        /// Seconds from `interrupt()` to `execute` returning.
        var latency: Double
        var outputsBefore: Int
        var outputsAfter: Int
        var outputs: [Output]
    }

    /// Runs `cell` on a thread and interrupts it once `ready` says so (checked on each output)
    /// or after `delay`; nil if it had not returned `limit` seconds after the interrupt.
    static func interrupt(_ session: Session, _ cell: String, delay: Double = 0.3, limit: Double = 20,
                          ready: @escaping @Sendable (Output) -> Bool = { _ in false }) -> Interrupted? {
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var outputs: [Output] = []
            var error: LanguageError?
            var interruptedAt: Int?
        }
        let box = Box()
        let go = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let signalled = Atomic<Bool>(false)
        let worker = Thread {
            let error = session.execute(cell) { output in
                box.lock.lock(); box.outputs.append(output); box.lock.unlock()
                if ready(output), !signalled.exchange(true, ordering: .relaxed) { go.signal() }
            }
            box.lock.lock(); box.error = error; box.lock.unlock()
            done.signal()
        }
        worker.stackSize = 8 << 20
        worker.start()
        _ = go.wait(timeout: .now() + delay)
        box.lock.lock()
        session.interrupt()
        box.interruptedAt = box.outputs.count
        box.lock.unlock()
        let start = Date()
        guard done.wait(timeout: .now() + limit) == .success else { return nil }
        let latency = Date().timeIntervalSince(start)
        print("interrupt latency \(String(latency).prefix(6)) s for a cell of \(cell.utf8.count) bytes")
        box.lock.lock(); defer { box.lock.unlock() }
        let before = box.interruptedAt ?? 0
        return Interrupted(error: box.error, latency: latency, outputsBefore: before,
                           outputsAfter: box.outputs.count - before, outputs: box.outputs)
    }

    static func isStep(_ output: Output) -> Bool { output.machineReadable?["kind"]?.stringValue == "step" }

    @Test func aCellOf200000StepsStopsBetweenStatementsAndSendsNothingMore() throws {
        let s = Session()
        run(s, "net 2 -> 1\nx = [1 2]\ny = [1]")
        let cell = String(repeating: "step eta 0.001\n", count: 200_000)
        // interrupt once a few steps have shown their tables
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var steps = 0
            func saw(_ o: Output) -> Bool {
                guard InterruptCoverageTests.isStep(o) else { return false }
                lock.lock(); defer { lock.unlock() }
                steps += 1
                return steps >= 3
            }
        }
        let counter = Counter()
        let interrupted = Self.interrupt(s, cell, delay: 60, ready: { counter.saw($0) })  // parsing takes seconds in debug
        let r = try #require(interrupted, "the cell did not stop within 20 s of the interrupt")
        #expect(r.error?.ename == "KeyboardInterrupt")
        #expect(r.latency < Self.allowed, "stopped \(r.latency) s after the interrupt")
        // at most the statement in flight finishes its output
        #expect(r.outputsAfter <= 1, "\(r.outputsAfter) outputs after the interrupt")
        #expect(r.outputsBefore >= 3)
        // the steps before the interrupt are kept, the session still works
        #expect(run(s, "forward").resultJSON?["loss"]?.doubleValue?.isFinite == true)
    }

    @Test func aCellOf800000AssignmentsStopsPromptly() throws {
        let s = Session()
        run(s, "net 2 -> 1")
        let cell = String(repeating: "b11 = 0.5\n", count: 800_000)
        let r = try #require(Self.interrupt(s, cell, delay: 0.5), "the cell did not stop within 20 s")
        #expect(r.error?.ename == "KeyboardInterrupt")
        #expect(r.latency < Self.allowed, "stopped \(r.latency) s after the interrupt")
    }

    @Test func backwardOnA100000LayerNetworkStops() throws {
        let s = Session()
        run(s, "net 1" + String(repeating: " -> 1 tanh", count: 100_000) + "\nx = [0.5]\ny = [0.2]")
        let r = try #require(Self.interrupt(s, "backward", delay: 0.2), "backward did not stop within 20 s")
        #expect(r.error?.ename == "KeyboardInterrupt")
        #expect(r.latency < Self.allowed, "stopped \(r.latency) s after the interrupt")
        #expect(r.outputs.isEmpty)
    }

    @Test func oneStepOnAFourMillionParameterNetworkStopsAndChangesNothing() throws {
        let s = Session()
        let x = "[" + (1...2000).map { String(Double($0 % 5) / 5) }.joined(separator: " ") + "]"
        run(s, "net 2000 -> 2000 tanh\nx = \(x)\ny = \(x)")
        let before = s.execute("show b1").outputs.last?.machineReadable
        let r = try #require(Self.interrupt(s, "step eta 0.1", delay: 0.2), "step did not stop within 20 s")
        #expect(r.error?.ename == "KeyboardInterrupt")
        #expect(r.latency < Self.allowed, "stopped \(r.latency) s after the interrupt")
        #expect(s.execute("show b1").outputs.last?.machineReadable == before)
    }

    @Test func gradcheckOnAFourMillionParameterNetworkStops() throws {
        let x = "[" + (1...2000).map { String(Double($0 % 5) / 5) }.joined(separator: " ") + "]"
        let setup = "net 2000 -> 2000 tanh\nx = \(x)\ny = \(x)"
        // its per-parameter lists need more than the default budget: refused with the estimate
        let standard = Session(memoryBudget: .standard)
        run(standard, setup)
        #expect(runExpectingError(standard, "gradcheck").error?.message.contains("for gradcheck with m = 1") == true)
        // with room for them, it starts and answers the interrupt
        let s = Session(memoryBudget: MemoryBudget(bytes: 4 << 30))
        run(s, setup)
        let r = try #require(Self.interrupt(s, "gradcheck", delay: 0.2), "gradcheck did not stop within 20 s")
        #expect(r.error?.ename == "KeyboardInterrupt")
        #expect(r.latency < Self.allowed, "stopped \(r.latency) s after the interrupt")
    }

    @Test func trainRefusesMoreThan100MillionEpochs() {
        let s = Session()
        run(s, "net 2 -> 1\nx = [1 2]\ny = [1]")
        let r = runExpectingError(s, "train epochs 100000001 eta 0.1")
        #expect(r.error?.ename == "SyntaxError")
        #expect(r.error?.message.contains("100000000") == true, "\(r.error?.message ?? "")")
        #expect(r.outputs.isEmpty)
        // the limit itself is accepted (and interruptible, see CancellationTests)
        #expect((try? Syntax.parse("train epochs 100000000"))?.count == 1)
    }
}
