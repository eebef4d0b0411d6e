import Foundation
import JSON
import Synchronization
import Testing
@testable import BackpropLanguage

/// Long statements stop when another thread calls `interrupt()`, promptly, with a
/// KeyboardInterrupt, keeping the state of their last finished step.
@Suite(.serialized) struct CancellationTests {
    /// Runs `cell` on a background thread, interrupts it `delay` after the cell has started,
    /// and waits (at most `limit`). It waits for the start: an interrupt sent before
    /// `execute` begins is (rightly) ignored, and a loaded machine can start the thread late.
    static func interrupted(_ session: Session, _ cell: String, after delay: Duration = .milliseconds(200),
                            limit: Duration = .seconds(10)) -> (error: LanguageError?, outputs: [Output])? {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<(LanguageError?, [Output])?>(nil)
        let worker = Thread {
            let (outputs, error) = session.execute(cell)
            box.withLock { $0 = (error, outputs) }
            done.signal()
        }
        worker.stackSize = 8 << 20
        worker.start()
        let seconds = Double(limit.components.seconds)
        let startBy = Date().addingTimeInterval(seconds)
        while !session.isRunningCell, Date() < startBy { usleep(1_000) }
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        // `interrupted` is only reported while the cell runs; a cell that already finished
        // returns without one, which the tests treat as a failure.
        session.interrupt()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.withLock { $0.map { (error: $0.0, outputs: $0.1) } }
    }

    @Test func longTrainingStopsAndKeepsTheLastFinishedStep() throws {
        let s = Session()
        run(s, """
            net 4 -> 16 tanh -> 3 softmax
            loss cross_entropy
            x = [1 2 3 4; -1 0.5 2 0; 0.3 0.3 -0.2 1]
            y = [1 0 0; 0 1 0; 0 0 1]
            """)
        let w1 = s.execute("show W1").outputs.last?.machineReadable
        let result = try #require(Self.interrupted(s, "train epochs 100000000 eta 0.01"), "train did not return within 10 s")
        let error = try #require(result.error)
        #expect(error.ename == "KeyboardInterrupt")
        #expect(error.line == 1)
        // the summary of what ran is shown
        let train = result.outputs.compactMap(\.machineReadable).first { $0["kind"]?.stringValue == "train" }
        #expect(train?["stopped"]?.stringValue == "interrupted")
        let epochs = train?["epochs_run"]?.intValue ?? 0
        #expect(epochs > 0 && epochs < 100_000_000)
        // parameters of the last finished step: finite, changed
        let after = s.execute("show W1").outputs.last?.machineReadable
        #expect(after != w1)
        #expect(after?["value"]?.matrixValue?.joined().allSatisfy { $0.isFinite } == true)
        // the session still works, and the next cell is not interrupted
        let f = run(s, "forward")
        #expect(f.resultJSON?["loss"]?.doubleValue?.isFinite == true)
        let more = run(s, "train epochs 3 eta 0.01")
        #expect(more.object(kind: "train")?["epochs_run"]?.intValue == 3)
    }

    @Test func gradcheckOnALargeNetworkStopsAndChangesNothing() throws {
        let s = Session()
        let x = "[" + (1...200).map { String(Double($0 % 7) / 7 - 0.4) }.joined(separator: " ") + "]"
        run(s, "net 200 -> 200 tanh -> 10 softmax\nloss cross_entropy\nx = \(x)\ny = [0 0 1 0 0 0 0 0 0 0]")
        let before = s.execute("show").outputs.last?.machineReadable
        let result = try #require(Self.interrupted(s, "gradcheck"), "gradcheck did not return within 10 s")
        let error = try #require(result.error)
        #expect(error.ename == "KeyboardInterrupt")
        #expect(s.execute("show").outputs.last?.machineReadable == before)
        #expect(run(s, "forward").resultJSON?["kind"]?.stringValue == "forward")
    }

    @Test func anInterruptAtAnyMomentOfARunningCellIsKept() {
        // The interrupt lands at once, early or late in the cell's start: never lost.
        let s = Session()
        run(s, "net 2 -> 1\nx = [1 2]\ny = [1]")
        for attempt in 0..<20 {
            let done = DispatchSemaphore(value: 0)
            let box = Mutex<LanguageError?>(nil)
            let worker = Thread {
                box.withLock { $0 = s.execute("train epochs 10000000 eta 0.001").error }
                done.signal()
            }
            worker.start()
            while !s.isRunningCell { usleep(50) }
            if attempt % 2 == 1 { usleep(UInt32(attempt * 100)) }
            s.interrupt()
            guard done.wait(timeout: .now() + 20) == .success else {
                Issue.record("attempt \(attempt): the interrupt was lost")
                return
            }
            #expect(box.withLock { $0 }?.ename == "KeyboardInterrupt")
        }
    }

    @Test func interruptBeforeACellDoesNotStopTheNextOne() {
        let s = Session()
        s.interrupt()
        let r = run(s, "net 2 -> 1\nx = [1 2]\ny = [1]\ntrain epochs 5 eta 0.1")
        #expect(r.object(kind: "train")?["epochs_run"]?.intValue == 5)
    }
}
