@testable import Backprop
import Testing

/// gradcheck on every new layer kind, and that it catches a deliberately broken backward.
@Suite struct LayeredGradcheckTests {
    static func batch(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: m, cols: n)
        for k in x.storage.indices { x.storage[k] = rng.nextNormal() }
        return x
    }

    static func oneHot(_ m: Int, _ n: Int) -> Matrix {
        var y = Matrix(rows: m, cols: n)
        for r in 0..<m { y[r, r % n] = 1 }
        return y
    }

    static func network(_ specs: [LayeredNetwork.Spec], input: FeatureShape, mode: NetworkMode,
                        loss: Loss = .crossEntropy) throws -> LayeredNetwork {
        var net = try LayeredNetwork(input: input, layers: specs, loss: loss)
        try net.initialize(.xavier(seed: 3))
        net.mode = mode
        // γ and β away from 1 and 0, and running statistics away from their start, so that
        // every term is exercised.
        for k in net.layers.indices where net.layers[k].batchNorm {
            for i in net.layers[k].gamma.indices {
                net.layers[k].gamma[i] = 0.5 + 0.1 * Double(i)
                net.layers[k].beta[i] = 0.2 - 0.05 * Double(i)
                net.layers[k].runningMean[i] = 0.1 * Double(i)
                net.layers[k].runningVariance[i] = 0.8 + 0.2 * Double(i)
            }
        }
        return net
    }

    static let bnSpecs: [LayeredNetwork.Spec] = [
        .init(.dense(units: 5), batchNorm: true, activation: .tanh),
        .init(.dense(units: 3), activation: .softmax),
    ]
    static let dropoutSpecs: [LayeredNetwork.Spec] = [
        .init(.dense(units: 6), activation: .sigmoid),
        .init(.dropout(p: 0.5, seed: 1)),
        .init(.dense(units: 3), activation: .softmax),
    ]

    @Test(arguments: [NetworkMode.train, .eval])
    func batchNormPasses(mode: NetworkMode) throws {
        let net = try Self.network(Self.bnSpecs, input: FeatureShape(vector: 4), mode: mode)
        let entries = try net.gradientCheck(x: Self.batch(6, 4, seed: 9), y: Self.oneHot(6, 3))
        #expect(entries.count == net.parameterIDs.count)
        let hasGamma = entries.contains { if case .gamma = $0.parameter { true } else { false } }
        #expect(hasGamma)
        let failed = entries.filter { !$0.passed }.map { $0.parameter.description }
        #expect(failed.isEmpty, "\(failed)")
    }

    @Test(arguments: [NetworkMode.train, .eval])
    func dropoutPasses(mode: NetworkMode) throws {
        let net = try Self.network(Self.dropoutSpecs, input: FeatureShape(vector: 4), mode: mode)
        let x = Self.batch(5, 4, seed: 2), y = Self.oneHot(5, 3)
        let entries = try net.gradientCheck(x: x, y: y)
        let failed = entries.filter { !$0.passed }.map { $0.parameter.description }
        #expect(failed.isEmpty, "\(failed)")
        let mask = try net.forward(x).records[1].mask
        if mode == .train {
            let values = mask?.storage ?? []
            #expect(values.contains(0) && values.contains(1))
        } else {
            #expect(mask == nil)
        }
    }

    @Test func batchNormWithoutStatisticPathsFails() throws {
        let net = try Self.network(Self.bnSpecs, input: FeatureShape(vector: 4), mode: .train)
        let entries = try net.gradientCheck(x: Self.batch(6, 4, seed: 9), y: Self.oneHot(6, 3), eps: 1e-6,
                                            mistake: .batchNormDropsStatistics)
        // γ and β (after the normalisation) are still right; W1 and b1 (before it) are not.
        let before = entries.contains { !$0.passed && $0.parameter.layer == 1 }
        let gammaOK = entries.filter { if case .gamma = $0.parameter { true } else { false } }.allSatisfy { $0.passed }
        #expect(before)
        #expect(gammaOK)
    }

    @Test func dropoutWithoutScaleFails() throws {
        let net = try Self.network(Self.dropoutSpecs, input: FeatureShape(vector: 4), mode: .train)
        let entries = try net.gradientCheck(x: Self.batch(5, 4, seed: 2), y: Self.oneHot(5, 3), eps: 1e-6,
                                            mistake: .dropoutForgetsScale)
        let before = entries.contains { !$0.passed && $0.parameter.layer == 1 }
        #expect(before)
    }

    @Test func evalDropoutIsIdentity() throws {
        let net = try Self.network(Self.dropoutSpecs, input: FeatureShape(vector: 4), mode: .eval)
        let cache = try net.forward(Self.batch(3, 4, seed: 5))
        #expect(cache.records[1].z == cache.records[1].input)
        #expect(cache.records[1].mask == nil)
    }

    @Test func invertedDropoutScalesKeptValues() throws {
        let net = try Self.network([.init(.dropout(p: 0.25, seed: 4))], input: FeatureShape(vector: 200), mode: .train,
                                   loss: .squaredError)
        let x = Matrix(rows: 2, cols: 200, repeating: 3)
        let record = try net.forward(x).records[0]
        let mask = try #require(record.mask)
        for k in x.storage.indices { #expect(record.z.storage[k] == (mask.storage[k] == 1 ? 4 : 0)) }
        let kept = mask.storage.reduce(0, +) / Double(mask.storage.count)
        #expect(kept > 0.65 && kept < 0.85)
    }
}

/// gradcheck through conv and maxpool (feat/conv's kernels behind the layers).
@Suite struct LayeredConvGradcheckTests {
    @Test func convPoolDensePasses() throws {
        let specs: [LayeredNetwork.Spec] = [
            .init(.conv(filters: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1), activation: .tanh),
            .init(.maxPool(height: 2, width: 2, stride: 2)),
            .init(.dense(units: 3), activation: .softmax),
        ]
        let net = try LayeredGradcheckTests.network(specs, input: FeatureShape(channels: 1, height: 4, width: 4), mode: .train)
        let entries = try net.gradientCheck(x: LayeredGradcheckTests.batch(2, 16, seed: 4), y: LayeredGradcheckTests.oneHot(2, 3))
        #expect(entries.count == 2 * 9 + 2 + 3 * 8 + 3)
        let failed = entries.filter { !$0.passed }.map { $0.parameter.description }
        #expect(failed.isEmpty, "\(failed)")
    }

    /// A conv weight's groups of paths: one per position (padding included, as zero), summing to the gradient.
    @Test func convWeightGroupsSumToTheGradient() throws {
        let specs: [LayeredNetwork.Spec] = [
            .init(.conv(filters: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1), activation: .relu),
            .init(.dense(units: 2), activation: .softmax),
        ]
        let net = try LayeredGradcheckTests.network(specs, input: FeatureShape(channels: 1, height: 5, width: 5), mode: .train)
        let x = LayeredGradcheckTests.batch(3, 25, seed: 8), y = LayeredGradcheckTests.oneHot(3, 2)
        let e = try net.explain(.kernel(layer: 1, filter: 2, channel: 1, row: 1, column: 3), x: x, y: y)
        #expect(e.groups.count == 3 * 25)  // m × output positions (5×5 with padding 1)
        // k at (1,3) looks one row up and one column right: the top row and the right column are padding.
        #expect(e.groups.filter { $0.zeroedBy == "padding" }.count == 3 * 9)
        #expect(abs(e.pathSum - e.gradient) <= 1e-12 * max(1, abs(e.gradient)))
    }
}
