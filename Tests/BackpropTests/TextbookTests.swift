import Backprop
import Foundation
import Testing

/// Matt Mazur's 2-2-2 example with half_squared_error and fixed biases, against the numbers the
/// numpy reference derives (Tests/BackpropTests/Fixtures/textbook.json), to 9 digits and more.
@Suite struct TextbookTests {
    static func mazur() throws -> (Network, Matrix, Matrix) {
        var net = try Network(sizes: [2, 2, 2], activations: [.sigmoid, .sigmoid], loss: .halfSquaredError)
        try net.setWeights(layer: 1, Matrix([[0.15, 0.20], [0.25, 0.30]]))
        try net.setBias(layer: 1, [0.35, 0.35])
        try net.setWeights(layer: 2, Matrix([[0.40, 0.45], [0.50, 0.55]]))
        try net.setBias(layer: 2, [0.60, 0.60])
        return (net, Matrix(row: [0.05, 0.10]), Matrix(row: [0.01, 0.99]))
    }

    static func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool { abs(a - b) <= rel * max(abs(b), 1e-300) }

    func fixture() throws -> [String: Any] { try Fixtures.load("textbook.json") }

    func matrices(_ any: Any?) throws -> [[[Double]]] {
        guard let layers = any as? [Any] else { throw FixtureError.malformed("matrices") }
        return try layers.map { layer in
            guard let rows = layer as? [Any] else { throw FixtureError.malformed("rows") }
            return try rows.map { try doubles($0) }
        }
    }

    @Test func lossAndGradientsMatchTheReference() throws {
        let f = try fixture()
        let (net, x, y) = try Self.mazur()
        let (cache, grads) = try net.gradients(x: x, y: y)
        let loss = try #require(f["loss"] as? Double)
        #expect(Self.close(cache.loss ?? .nan, loss), "E \(cache.loss ?? .nan) vs \(loss)")
        let dW = try matrices(f["dW"])
        for l in 0..<2 {
            for i in 0..<2 {
                for j in 0..<2 {
                    #expect(Self.close(grads.dW[l][i, j], dW[l][i][j]), "dW\(l + 1)[\(i + 1),\(j + 1)]")
                }
            }
        }
        let db = try (f["db"] as? [Any] ?? []).map { try doubles($0) }
        for l in 0..<2 { for i in 0..<2 { #expect(Self.close(grads.db[l][i], db[l][i])) } }
        // Half of squared_error, in value and gradient.
        var full = net
        full.loss = .squaredError
        let (fullCache, fullGrads) = try full.gradients(x: x, y: y)
        #expect(fullCache.loss == (cache.loss ?? .nan) * 2)
        #expect(fullGrads.dW[1][0, 0] == grads.dW[1][0, 0] * 2)
    }

    @Test func oneStepWithFrozenBiasesGivesTheReferenceWeightsAndError() throws {
        let f = try fixture()
        let eta = try #require(f["eta"] as? Double)
        let after = try matrices(f["W_after"])
        let lossAfter = try #require(f["loss_after"] as? Double)
        var (net, x, y) = try Self.mazur()
        try net.setFrozen(true, .biases)
        let result = try net.step(x: x, y: y, eta: eta)
        for l in 1...2 {
            let layer = try net.layer(l)
            for i in 0..<2 { for j in 0..<2 { #expect(Self.close(layer.weights[i, j], after[l - 1][i][j]), "W\(l)") } }
            #expect(layer.bias == (l == 1 ? [0.35, 0.35] : [0.60, 0.60]))
        }
        #expect(Self.close(result.lossAfter, lossAfter), "E after \(result.lossAfter) vs \(lossAfter)")
        // The frozen biases still show their gradient, and old == new.
        let b11 = try #require(result.changes.first { $0.parameter == .bias(layer: 1, unit: 1) })
        #expect(b11.old == b11.new && b11.gradient != 0)
    }

    @Test func oneEpochOfTrainingHonoursTheFrozenMaskToo() throws {
        let f = try fixture()
        let after = try matrices(f["W_after"])
        let lossAfter = try #require(f["loss_after"] as? Double)
        var (net, x, y) = try Self.mazur()
        try net.setFrozen(true, .biases)
        let result = try net.train(x: x, y: y, options: TrainingOptions(epochs: 1, eta: 0.5))
        #expect(Self.close(result.finalLoss, lossAfter, rel: 1e-11))
        #expect(Self.close(try net.layer(2).weights[0, 0], after[1][0][0], rel: 1e-11))
        #expect(try net.layer(1).bias == [0.35, 0.35] && net.layer(2).bias == [0.60, 0.60])
    }

    @Test func freezingSelectionsAndErrors() throws {
        var (net, _, _) = try Self.mazur()
        try net.setFrozen(true, .weightMatrix(layer: 2))
        try net.setFrozen(true, .parameter(.bias(layer: 1, unit: 2)))
        #expect(net.frozenCount == 5)
        #expect(net.isFrozen(.weight(layer: 2, row: 2, column: 1)) && !net.isFrozen(.weight(layer: 1, row: 1, column: 1)))
        try net.setFrozen(false, .parameter(.weight(layer: 2, row: 1, column: 1)))
        #expect(net.frozenCount == 4)
        let before = net
        #expect(throws: BackpropError.self) { try net.setFrozen(true, .weightMatrix(layer: 3)) }
        #expect(throws: BackpropError.self) { try net.setFrozen(true, .parameter(.weight(layer: 1, row: 3, column: 1))) }
        #expect(net == before)
        try net.setFrozen(false, .all)
        #expect(net.frozenCount == 0 && !net.hasFrozenParameters)
    }

    @Test func interruptsAreTypedNotStrings() throws {
        let (net, x, y) = try Self.mazur()
        #expect(throws: BackpropError.interrupted) {
            try net.explain(.weight(layer: 1, row: 1, column: 1), x: x, y: y, shouldStop: { true })
        }
        var graph = ScalarGraph()
        let v = try graph.add(.variable("x"))
        _ = try graph.add(.function(.exp), v)
        #expect(throws: BackpropError.interrupted) { try graph.chainRule(at: ["x": 1], shouldStop: { true }) }
    }

    @Test func theRangesAreTheEnginesOwn() throws {
        let (net, x, y) = try Self.mazur()
        #expect(throws: BackpropError.self) { try net.gradientCheck(x: x, y: y, eps: 1) }
        #expect(!GradientCheckResult.epsBounds.contains(1) && GradientCheckResult.epsBounds.contains(0.5))
        #expect(!Network.etaBounds.contains(0) && !Network.etaBounds.contains(.infinity))
        #expect(throws: BackpropError.self) { try TrainingOptions(epochs: TrainingOptions.epochRange.upperBound + 1).validate() }
    }
}
