import Backprop
import Foundation
import JSON
import Rendering
import Testing
@testable import BackpropLanguage

/// A train output stays bounded whatever the epoch count: the curve is downsampled as the
/// epochs come, the whole history only goes to a file when asked; the outcome is in the
/// result's text (a terminal ignores the progress updates).
@Suite struct TrainOutputTests {
    static let xor = StatementTests.xorSetup

    /// The whole MIME bundle as the kernel would send it (all parts), in bytes.
    static func bytes(_ bundle: JSONValue) -> Int { bundle.serialized().utf8.count }

    /// The worst case: a noisy curve (three points kept per bucket), full-precision losses and
    /// nine-digit epoch numbers, as after 100 million epochs.
    @Test func oneOutputIsAtMost64KiBForAnyEpochCount() throws {
        var curve = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)
        // 333 buckets of 4096 epochs: the most points the curve ever keeps (999 and the last).
        let count = 333 * 4096
        for k in 0..<count {
            let noise = (sin(Double(k) * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1)
            curve.add(0.123456789012345 + 0.01 * noise, at: (k + 1) * 73)
        }
        #expect(curve.points.count >= 999, "the test should exercise the full point budget: \(curve.points.count)")
        let result = TrainingResult(epochsRun: count * 73, stepsRun: count * 73, losses: [], lastEpochLoss: 0.1234567890123,
                                    finalLoss: 0.1234567890123, accuracy: 0.75, stopped: .epochs, divergence: nil)
        let bundle = TrainRenderer.result(result, curve: curve, options: TrainingOptions(epochs: 100_000_000, eta: 0.1, batchSize: 2),
                                          classes: nil, history: nil, format: NumberFormat(precision: 4))
        #expect(Self.bytes(bundle) <= 64 * 1024, "\(Self.bytes(bundle)) bytes")
        let json = try #require(bundle[MIME.json])
        #expect(json["losses"]?.arrayValue?.count == curve.points.count)
        #expect(json["loss_epochs"]?.arrayValue?.count == curve.points.count)
        #expect(json["downsampled"]?.boolValue == true)
    }

    /// A real noisy run (mini-batches of one): the curve is a subset of the history file,
    /// with the first and last epoch and the lowest and highest loss.
    @Test func theCurveIsASubsetOfTheHistoryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("train-history-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = Session(directory: dir.path)
        run(s, Self.xor)
        let r = run(s, "train epochs 3000 eta 0.5 batch 1 history \"losses.csv\"")
        let json = try #require(r.object(kind: "train"))
        let losses = try #require(json["losses"]?.numbers)
        let epochs = (json["loss_epochs"]?.arrayValue ?? []).compactMap { $0.intValue }
        #expect(json["downsampled"]?.boolValue == true)
        #expect(losses.count == epochs.count && losses.count <= 1000 && losses.count > 300)
        #expect(zip(epochs, epochs.dropFirst()).allSatisfy { $0 < $1 }, "epochs in order")
        #expect(epochs.first == 1 && epochs.last == 3000)

        let text = try String(contentsOf: dir.appendingPathComponent("losses.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n")
        #expect(lines.removeFirst() == "epoch,loss")
        #expect(lines.count == 3000)
        var history: [Int: Double] = [:]
        for line in lines {
            let f = line.split(separator: ",")
            if f.count == 2, let e = Int(f[0]), let v = Double(f[1]) { history[e] = v }
        }
        #expect(history.count == 3000)
        for (e, v) in zip(epochs, losses) { #expect(history[e] == v, "epoch \(e)") }
        let values = history.values
        #expect(losses.contains(values.min() ?? .nan) && losses.contains(values.max() ?? .nan))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("losses.csv.tmp-\(getpid())").path))
        // The text says what the curve holds and where the history went.
        let plain = try #require(r.resultText)
        #expect(plain.contains("points of 3000 epochs") && plain.contains("losses.csv"))
    }

    @Test func aShortRunKeepsEveryEpoch() throws {
        let s = Session()
        run(s, Self.xor)
        let json = try #require(run(s, "train epochs 200 eta 0.5").object(kind: "train"))
        let epochs = (json["loss_epochs"]?.arrayValue ?? []).compactMap { $0.intValue }
        #expect(epochs == Array(1...200))
        #expect(json["downsampled"]?.boolValue == false)
    }

    @Test func theResultTextStartsWithTheOutcome() throws {
        let s = Session()
        run(s, Self.xor)
        let r = run(s, "train epochs 50 eta 0.5")
        // The headline is the answer (the final loss); the outcome line follows it.
        let lines = r.resultText?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.first?.hasPrefix("final loss = ") == true, "\(r.resultText ?? "")")
        #expect(lines.dropFirst().first?.hasPrefix("done: epoch 50/50 ▕████████████████████████▏ loss ") == true, "\(r.resultText ?? "")")
        let id = r.outputs.compactMap { if case let .display(_, id?) = $0 { return id } else { return nil } }.first
        let last = r.outputs.compactMap { if case let .updateDisplay(b, i) = $0, i == id { return b } else { return nil } }.last
        #expect(last?[MIME.plain]?.stringValue?.hasPrefix("done: epoch 50/50") == true)
    }

    @Test func anUnwritableHistoryFailsBeforeTrainingAndChangesNothing() throws {
        let s = Session()
        run(s, Self.xor)
        let before = s.execute("show W1").outputs.last?.machineReadable
        let r = runExpectingError(s, "train epochs 10 history \"/nonexistent-dir/losses.csv\"")
        let error = try #require(r.error)
        #expect(error.ename == "FileError")
        #expect(error.message.contains("/nonexistent-dir/losses.csv"))
        #expect(error.column == 25)
        #expect(s.execute("show W1").outputs.last?.machineReadable == before)
    }

    @Test func aDivergingRunWritesNoHistory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("train-diverge-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = Session(directory: dir.path)
        run(s, "net 2 -> 2 tanh -> 1\nx = [1 1; 0 1]\ny = [1; 0]")
        let r = runExpectingError(s, "train epochs 200 eta 1e10 history \"h.csv\"")
        #expect(r.error?.ename == "NumericalError")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func historyIsParsedAndChecked() {
        #expect(throws: SyntaxError.self) { try Syntax.parse("train history") }
        #expect(throws: SyntaxError.self) { try Syntax.parse("train history 3") }
        if case let .train(t)? = (try? Syntax.parse("train epochs 5 history \"a.csv\""))?.first?.kind {
            #expect(t.history?.value == "a.csv")
        } else {
            Issue.record("train with history did not parse")
        }
    }

    /// After an interrupt the progress line and the text say "interrupted at epoch N"; the
    /// KeyboardInterrupt names what was kept and no source position.
    @Test func anInterruptSaysWhereItStoppedAndWhatWasKept() throws {
        let s = Session()
        run(s, Self.xor)
        let r = try #require(CancellationTests.interrupted(s, "train epochs 100000000 eta 0.1"), "train did not stop within 10 s")
        let error = try #require(r.error)
        #expect(error.ename == "KeyboardInterrupt")
        let objects = r.outputs.compactMap { $0.machineReadable }
        let json = try #require(objects.first { $0["kind"]?.stringValue == "train" })
        let epochs = try #require(json["epochs_run"]?.intValue)
        let steps = try #require(json["steps_run"]?.intValue)
        #expect(epochs > 0 && steps == epochs)  // full batch: one step an epoch
        #expect(error.traceback == ["KeyboardInterrupt: training interrupted at epoch \(epochs) of 100000000; the parameters after step \(steps) are kept"])
        #expect(!error.traceback.joined().contains("line 1") && !error.traceback.joined().contains("^"))
        let id = r.outputs.compactMap { if case let .display(_, id?) = $0 { return id } else { return nil } }.first
        let last = r.outputs.compactMap { if case let .updateDisplay(b, i) = $0, i == id { return b } else { return nil } }.last
        #expect(last?[MIME.plain]?.stringValue?.hasPrefix("interrupted at epoch \(epochs) of 100000000") == true)
        #expect(last?[MIME.html]?.stringValue?.contains("interrupted at epoch \(epochs)") == true)
        #expect(last?[MIME.json]?["state"]?.stringValue == "interrupted")
        let summary = r.outputs.compactMap { if case let .display(b, nil) = $0 { return b } else { return nil } }.last
        let summaryLines = summary?[MIME.plain]?.stringValue?.split(separator: "\n").map(String.init) ?? []
        #expect(summaryLines.first?.hasPrefix("final loss = ") == true)
        #expect(summaryLines.dropFirst().first?.hasPrefix("interrupted at epoch \(epochs) of 100000000") == true)
        // The parameters of that step are kept: the loss now is the reported final loss.
        expectClose(StatementTests.value(s, "loss")?.doubleValue, json["final_loss"]?.doubleValue ?? .nan, rel: 1e-12, "kept loss")
    }

    @Test func exitAndQuitEndTheCell() throws {
        for word in ["exit", "quit"] {
            let s = Session()
            let r = run(s, "print \"before\"\n\(word)\nprint \"after\"")
            #expect(r.stream(.stdout) == "before\n")
            #expect(r.outputs.contains { if case .exit = $0 { return true } else { return false } })
            #expect(s.execute("\(word) now").1?.ename == "SyntaxError")
        }
    }
}
