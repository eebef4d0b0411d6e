import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// Sizes a cell can ask for (issue 17, point 5): statements are refused, with the estimate and
/// the budget, before they allocate what the budget cannot hold; what a cell sends is bounded.
@Suite struct ResourceBoundsTests {
    @Test func aFortyNineMillionParameterNetIsRefusedAtNet() throws {
        let s = Session(memoryBudget: .standard)
        let start = Date()
        let r = runExpectingError(s, "net 7000 -> 7000 sigmoid")
        #expect(Date().timeIntervalSince(start) < 2, "the refusal took \(Date().timeIntervalSince(start)) s")
        let error = try #require(r.error)
        #expect(error.ename == "MemoryError")
        #expect(error.message.contains("net 7000 -> 7000 sigmoid"), "\(error.message)")
        #expect(error.message.contains("for a step with m = 1"), "\(error.message)")
        #expect(error.message.contains("the memory budget is 1 GiB"), "\(error.message)")
        #expect(error.traceback.joined().contains("BACKPROP_MEMORY_LIMIT="), "\(error.traceback)")
        // the estimate is at least the parameters, a copy and their gradients: 3 × 8 bytes × 49 M
        let gib = try #require(error.message.firstMatch(of: /about ([0-9.]+) GiB/).flatMap { Double($0.1) })
        #expect(gib >= 3 * 8 * 49_007_000 / Double(1 << 30))
        // nothing changed
        #expect(runExpectingError(s, "show W1").error?.ename == "StateError")
    }

    @Test func aMillionLayerNetFromAHugeCellIsRefusedFast() throws {
        let s = Session(memoryBudget: .standard)
        let cell = "net 1" + String(repeating: "->1", count: 1_680_000)
        let start = Date()
        let r = runExpectingError(s, cell)
        let seconds = Date().timeIntervalSince(start)
        #expect(r.error?.ename == "SyntaxError", "\(r.error?.description ?? "accepted")")
        #expect(r.error?.message.contains("at most 100000 layers") == true, "\(r.error?.message ?? "")")
        #expect(r.error?.column == 5 + 3 * 100_001, "points at the first layer too many")
        #expect(seconds < 120, "took \(seconds) s")  // minutes before; debug build under parallel tests (README: release figures)
        // as deep as allowed, but too wide for the budget: refused by the estimate, naming the depth
        let wide = runExpectingError(s, "net 1" + String(repeating: "->100", count: 99_999) + "->1")
        #expect(wide.error?.ename == "MemoryError", "\(wide.error?.description ?? "accepted")")
        #expect(wide.error?.message.contains("100000 layers") == true, "\(wide.error?.message ?? "")")
    }

    @Test func theBudgetIsConfigurable() {
        let small = Session(memoryBudget: MemoryBudget(bytes: 4 << 20))
        let r = runExpectingError(small, "net 500 -> 500 tanh")
        #expect(r.error?.ename == "MemoryError")
        #expect(r.error?.message.contains("the memory budget is 4 MiB") == true, "\(r.error?.message ?? "")")
        run(Session(memoryBudget: .standard), "net 500 -> 500 tanh")
        // the environment variable, in the units people write
        #expect(MemoryBudget.fromEnvironment(["BACKPROP_MEMORY_LIMIT": "4GiB"]).budget.bytes == 4 << 30)
        #expect(MemoryBudget.fromEnvironment(["BACKPROP_MEMORY_LIMIT": "512 MiB"]).budget.bytes == 512 << 20)
        #expect(MemoryBudget.fromEnvironment(["BACKPROP_MEMORY_LIMIT": "2g"]).budget.bytes == 2 << 30)
        #expect(MemoryBudget.fromEnvironment(["BACKPROP_MEMORY_LIMIT": "1048576"]).budget.bytes == 1 << 20)
        #expect(MemoryBudget.fromEnvironment([:]) == (MemoryBudget.standard, nil))
        for bad in ["lots", "-1GiB", "12 parsecs", "1e400", "100"] {
            let (budget, warning) = MemoryBudget.fromEnvironment(["BACKPROP_MEMORY_LIMIT": bad])
            #expect(budget == .standard, "\(bad)")
            #expect(warning?.contains("BACKPROP_MEMORY_LIMIT") == true, "\(bad)")
        }
    }

    @Test func aBackwardOnALargeBatchIsRefusedWithItsEstimate() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = (1...10).map { "x\($0)" }.joined(separator: ",") + ",t\n"
        for r in 0..<2000 { csv += (0..<11).map { String(Double(($0 + r) % 7) / 7) }.joined(separator: ",") + "\n" }
        try write(csv, to: dir.appendingPathComponent("big.csv"))
        let s = Session(directory: dir.path, memoryBudget: MemoryBudget(bytes: 16 << 20))
        run(s, "net 10 -> 200 tanh -> 1\ndata \"big.csv\" target t")
        let r = runExpectingError(s, "backward")
        #expect(r.error?.ename == "MemoryError")
        #expect(r.error?.message.contains("backward with m = 2000") == true, "\(r.error?.message ?? "")")
        #expect(r.outputs.isEmpty)
        // small statements still run
        #expect(run(s, "show b2").resultJSON?["kind"]?.stringValue == "value")
    }

    @Test func showOfALargeMatrixSendsABoundedMachineReadablePart() throws {
        let s = Session(memoryBudget: .standard)
        run(s, "net 1000 -> 1000 tanh")
        let bundle = try #require(run(s, "show W1").result)
        let bytes = bundle.serialized().utf8.count
        #expect(bytes < 4 << 20, "show W1 sent \(bytes) bytes")
        let json = try #require(bundle[MIME.json])
        #expect(json["truncated"]?.boolValue == true)
        #expect(json.at("truncated_values", 0, "name")?.stringValue == "W1")
        #expect(json.at("truncated_values", 0, "shape")?.arrayValue?.compactMap(\.intValue) == [1000, 1000])
        #expect(json["truncated_note"]?.stringValue?.contains("save") == true)
        let rows = try #require(json["value"]?.matrixValue)
        #expect(rows.count >= 1 && rows.count * 1000 <= NumberCap.defaultLimit)
        #expect(rows.allSatisfy { $0.count == 1000 })
        // the rows kept are the matrix's first rows
        for (i, j) in [(1, 1), (1, 1000), (rows.count, 7)] {
            let v = run(s, "show w[1,\(i),\(j)]").resultJSON?["value"]?.doubleValue
            #expect(v == rows[i - 1][j - 1])
        }
        // a small value is whole and unmarked
        let small = try #require(run(s, "show b1").resultJSON)
        #expect(small["truncated"] == nil)
        #expect(small["value"]?.arrayValue?.count == 1000)
    }

    @Test func aCellsOutputIsCappedAndItsStatementsStillRun() throws {
        let s = Session()
        s.outputLimit = 256 << 10
        run(s, "net 2 -> 1\nx = [1 2]\ny = [1]\nW1 = [0 0]\nb1 = 0\nx = [0 0]")
        let r = run(s, String(repeating: "step eta 0.01\n", count: 2_000) + "show b1")
        var sent = 0
        for output in r.outputs {
            switch output {
            case let .display(b, _), let .result(b), let .updateDisplay(b, _): sent += b.serialized().utf8.count
            case let .stream(_, text): sent += text.utf8.count
            default: break
            }
        }
        let result = try #require(r.result)
        #expect(sent <= (256 << 10) + result.serialized().utf8.count + 1024, "sent \(sent) bytes")
        #expect(r.stream(.stderr).contains("per cell; the rest of it is not shown"))
        // every step ran: b1 after 2000 steps of b ← b − 0.01·2(ŷ − y), with ŷ = b (W = 0, linear):
        // ŷ − y shrinks by (1 − 0.02) each step from −1
        let want = 1 - Foundation.pow(0.98, 2000.0)
        expectClose(r.resultJSON?["value"]?.numbers?.first, want, rel: 1e-9, "b1")
    }

    @Test func isCompleteCompleteAndInspectApplyTheCellSizeLimit() {
        let s = Session()
        let huge = String(repeating: "b11 = 0.5\n", count: Session.maxCellBytes / 10 + 1)
        let start = Date()
        #expect(s.isComplete(huge) == .invalid)
        #expect(s.complete(huge, cursor: 3).matches.isEmpty)
        #expect(s.inspect(huge, cursor: 3) == nil)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(s.isComplete("b11 = 0.5\n") == .complete)
    }

    @Test func deepNetworksTablesShowTheirFirstAndLastLayersAndTheJSONEveryLayer() throws {
        let s = Session()
        run(s, "net 1" + String(repeating: " -> 1 tanh", count: 60) + "\nx = [0.5]\ny = [0.2]")
        let r = run(s, "backward")
        let text = try #require(r.resultText)
        #expect(text.contains("layers 17 to 44 of 60 are not shown"))
        #expect(text.contains("∂L/∂W₁₆") || text.contains("dL/dW16") || text.contains("W₁₆"), "\(text.prefix(400))")
        #expect(!text.contains("W₃₀"))
        let grads = try #require(r.resultJSON?["grads"])
        for l in [1, 30, 60] { #expect(grads["dL/dW\(l)"]?.matrixValue?.count == 1, "dL/dW\(l)") }
        // the net summary and show elide alike
        let summary = try #require(runExpectingError(s, "show").outputs.last?.plainText)
        #expect(summary.contains("layers 17 to 44 of 60 are not shown"))
    }

    @Test func describedSizesReadAsPeopleWriteThem() {
        #expect(MemoryBudget.describe(1 << 30) == "1 GiB")
        #expect(MemoryBudget.describe(Int(1.25 * Double(1 << 30))) == "1.3 GiB")
        #expect(MemoryBudget.describe(640 << 20) == "640 MiB")
        #expect(MemoryBudget.describe(900) == "900 bytes")
    }
}
