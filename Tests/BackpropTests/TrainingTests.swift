import Backprop
import Foundation
import Testing

@Suite struct TrainingTests {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks/data")

    @Test func xorReachesASmallLoss() throws {
        var net = try Network(sizes: [2, 4, 1], activations: [.tanh, .sigmoid], loss: .binaryCrossEntropy)
        try net.initialize(.xavier(seed: 7))
        let x = try Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = try Matrix([[0], [1], [1], [0]])
        let result = try net.train(x: x, y: y, options: TrainingOptions(epochs: 20_000, eta: 0.5, targetLoss: 0.01))
        #expect(result.finalLoss < 0.01, "final loss \(result.finalLoss)")
        #expect(result.stopped == .target)
        #expect(result.accuracy == 1)
        #expect(result.losses.count == result.epochsRun)
    }

    /// Iris with a 4-8-3 softmax network reaches at least 95 % training accuracy.
    @Test func irisReaches95PercentAccuracy() throws {
        let text = try String(contentsOf: Self.dataDirectory.appendingPathComponent("iris.csv"), encoding: .utf8)
        var rows: [[Double]] = [], targets: [[Double]] = []
        let classes = ["setosa", "versicolor", "virginica"]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",").map(String.init)
            guard cells.count == 5, let k = classes.firstIndex(of: cells[4]) else { continue }
            rows.append(cells[0..<4].compactMap(Double.init))
            targets.append((0..<3).map { $0 == k ? 1 : 0 })
        }
        #expect(rows.count == 150)
        // Standardise each column (the language's `data … normalize` does the same).
        var x = try Matrix(rows)
        for j in 0..<4 {
            let col = x.column(j)
            let mean = col.reduce(0, +) / 150
            let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 150).squareRoot()
            for i in 0..<150 { x[i, j] = (x[i, j] - mean) / sd }
        }
        var net = try Network(sizes: [4, 8, 3], activations: [.tanh, .softmax], loss: .crossEntropy)
        try net.initialize(.xavier(seed: 1))
        let result = try net.train(x: x, y: try Matrix(targets),
                                   options: TrainingOptions(epochs: 300, eta: 0.1, batchSize: 16, seed: 3))
        let accuracy = try #require(result.accuracy)
        #expect(accuracy >= 0.95, "accuracy \(accuracy)")
    }

    @Test func trainingStopsWhenAskedAndKeepsTheLastStep() throws {
        var net = try Network(sizes: [2, 3, 1], activations: [.sigmoid, .sigmoid])
        try net.initialize(.xavier(seed: 2))
        let x = try Matrix([[0, 1]]), y = try Matrix([[1]])
        var steps = 0
        let result = try net.train(x: x, y: y, options: TrainingOptions(epochs: 1_000_000, eta: 0.1),
                                   shouldStop: { steps += 1; return steps > 10 })
        #expect(result.stopped == .interrupted)
        #expect(result.epochsRun == 10)
        // The parameters are those after the 10th step: one more step from the start matches.
        var replay = try Network(sizes: [2, 3, 1], activations: [.sigmoid, .sigmoid])
        try replay.initialize(.xavier(seed: 2))
        for _ in 0..<10 { _ = try replay.step(x: x, y: y, eta: 0.1) }
        #expect(replay == net)
    }

    @Test func divergenceIsReportedAndLeavesFiniteParameters() throws {
        var net = try Network(sizes: [1, 1], activations: [.linear])
        try net.set(.weight(layer: 1, row: 1, column: 1), to: 1)
        let x = try Matrix([[1000]]), y = try Matrix([[0]])
        let result = try net.train(x: x, y: y, options: TrainingOptions(epochs: 1000, eta: 10))
        #expect(result.stopped == .diverged)
        #expect(result.divergence != nil)
        #expect(net.firstNonFiniteParameter == nil)
    }

    @Test func badOptionsAreRefused() throws {
        var net = try Network(sizes: [1, 1], activations: [.linear])
        let x = try Matrix([[1]]), y = try Matrix([[1]])
        #expect(throws: BackpropError.self) { try net.train(x: x, y: y, options: TrainingOptions(epochs: 0)) }
        #expect(throws: BackpropError.self) { try net.train(x: x, y: y, options: TrainingOptions(eta: -1)) }
        #expect(throws: BackpropError.self) { try net.train(x: x, y: y, options: TrainingOptions(eta: .nan)) }
        #expect(throws: BackpropError.self) { try net.step(x: x, y: y, eta: 0) }
    }

    @Test func initialisationIsSeededAndDeterministic() throws {
        var a = try Network(sizes: [3, 5, 2], activations: [.relu, .softmax])
        var b = a
        try a.initialize(.xavier(seed: 9))
        try b.initialize(.xavier(seed: 9))
        #expect(a == b)
        try b.initialize(.xavier(seed: 10))
        #expect(a != b)
        try b.initialize(.zeros)
        #expect(b.layers.allSatisfy { $0.weights.storage.allSatisfy { $0 == 0 } })
    }
}

/// The allocation-free trainer takes the same steps as `Network.step` on every fixture case.
@Suite struct TrainerAgreementTests {
    @Test func trainerStepsMatchNetworkSteps() throws {
        for c in try Fixtures.cases() {
            var reference = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            let trainer = try Trainer(network: reference, batch: x.rows)
            for _ in 0..<3 {
                let before = try reference.step(x: x, y: y, eta: 0.05).lossBefore
                let loss = try trainer.step(x: x, y: y, eta: 0.05)
                #expect(close(loss, before, rel: 1e-12, abs: 1e-15), "\(c["name"] ?? "?") loss")
            }
            let trained = trainer.network
            for l in 1...reference.depth {
                expectClose(trained.layers[l - 1].weights, reference.layers[l - 1].weights, rel: 1e-12, "\(c["name"] ?? "?") W\(l)")
                expectClose(Matrix(row: trained.layers[l - 1].bias), Matrix(row: reference.layers[l - 1].bias), rel: 1e-12, "\(c["name"] ?? "?") b\(l)")
            }
        }
    }

    @Test func miniBatchRowsAreGathered() throws {
        let c = try #require(try Fixtures.cases().first { ($0["x"] as? [Any])?.count ?? 0 >= 4 })
        var reference = try network(from: c)
        let x = try matrix(c["x"]), y = try matrix(c["y"])
        let rows = [2, 0]
        let trainer = try Trainer(network: reference, batch: 2)
        let loss = try trainer.step(x: x, y: y, rows: rows[...], eta: 0.1)
        let result = try reference.step(x: x.rows(rows), y: y.rows(rows), eta: 0.1)
        #expect(close(loss, result.lossBefore, rel: 1e-12))
        expectClose(trainer.network.layers[0].weights, reference.layers[0].weights, rel: 1e-12, "W1 after a gathered step")
    }

    @Test func aDivergingStepLeavesTheParameters() throws {
        var net = try Network(sizes: [1, 1], activations: [.linear])
        try net.set(.weight(layer: 1, row: 1, column: 1), to: 1)
        let trainer = try Trainer(network: net, batch: 1)
        let x = try Matrix([[1e200]]), y = try Matrix([[0]])
        #expect(throws: BackpropError.self) { try trainer.step(x: x, y: y, eta: 1e200) }
        #expect(trainer.network == net)
    }
}
