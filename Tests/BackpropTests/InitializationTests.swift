import Backprop
import Testing

/// The init schemes' samples: the right spread for large layers, deterministic per seed.
/// (The formulas themselves are checked against torch.nn.init in OptimizerFixtureTests.)
@Suite struct InitializationTests {
    static let schemes: [Initialization] = [.xavier(seed: 5), .xavierUniform(seed: 5), .he(seed: 5), .heUniform(seed: 5),
                                            .normal(std: 0.3, seed: 5), .uniform(low: -0.2, high: 0.6, seed: 5)]

    /// Mean and variance of a 600 × 400 layer's 240 000 weights against the scheme's
    /// distribution: within 5 standard errors (mean) and 2 % (variance).
    @Test(arguments: schemes)
    func largeLayerHasTheRightSpread(_ scheme: Initialization) throws {
        var net = try Network(sizes: [400, 600], activations: [.linear])
        try net.initialize(scheme)
        let w = net.layers[0].weights.storage
        let n = Double(w.count)
        let (mean, variance): (Double, Double)
        var lowest = -Double.infinity, highest = Double.infinity
        switch scheme.draw(fanIn: 400, fanOut: 600) {
        case let .normal(std): (mean, variance) = (0, std * std)
        case let .uniform(low, high):
            (mean, variance) = ((low + high) / 2, (high - low) * (high - low) / 12)
            (lowest, highest) = (low, high)
        case .zero: (mean, variance) = (0, 0)
        }
        let s = Spread(w)
        #expect(Swift.abs(s.mean - mean) < 5 * (variance / n).squareRoot())
        #expect(Swift.abs(s.std * s.std / variance - 1) < 0.02)
        #expect(w.allSatisfy { $0 >= lowest && $0 <= highest })
        #expect(net.layers[0].bias.allSatisfy { $0 == 0 })
        // The same seed gives the same weights; another seed others.
        var again = try Network(sizes: [400, 600], activations: [.linear])
        try again.initialize(scheme)
        #expect(again == net)
    }

    @Test func seedsDifferAndZerosAreZero() throws {
        var a = try Network(sizes: [3, 4, 2], activations: [.relu, .linear])
        var b = a
        try a.initialize(.he(seed: 1))
        try b.initialize(.he(seed: 2))
        #expect(a != b)
        try a.initialize(.zeros)
        #expect(a.flatParameters.allSatisfy { $0 == 0 })
    }

    @Test func xavierIsUnchangedForExistingNotebooks() throws {
        // The default scheme draws std·N(0,1) from the seed's stream, as before the new schemes.
        var net = try Network(sizes: [2, 3], activations: [.linear])
        try net.initialize(.xavier(seed: 42))
        var rng = SeededGenerator(seed: 42)
        let std = (2.0 / 5.0).squareRoot()
        #expect(net.layers[0].weights.storage == (0..<6).map { _ in std * rng.nextNormal() })
    }

    @Test func badBoundsAreRefused() throws {
        var net = try Network(sizes: [2, 2], activations: [.linear])
        let before = net
        for bad in [Initialization.uniform(low: 1, high: 0, seed: 1), .uniform(low: -.infinity, high: 0, seed: 1),
                    .normal(std: -1, seed: 1), .normal(std: .nan, seed: 1)] {
            #expect(throws: BackpropError.self) { try net.initialize(bad) }
            #expect(net == before)
        }
    }

    /// "Sigmoid + bad init vanishes": in a deep sigmoid network with small weights the gradient
    /// shrinks layer by layer towards the input; with ReLU and He it does not.
    @Test func spreadShowsVanishingGradients() throws {
        let sizes = [32] + Array(repeating: 32, count: 8) + [1]
        var sigmoid = try Network(sizes: sizes, activations: Array(repeating: .sigmoid, count: 9), loss: .squaredError)
        try sigmoid.initialize(.normal(std: 0.1, seed: 1))
        var relu = try Network(sizes: sizes, activations: Array(repeating: .relu, count: 8) + [.linear], loss: .squaredError)
        try relu.initialize(.he(seed: 1))
        var rng = SeededGenerator(seed: 9)
        var x = Matrix(rows: 64, cols: 32)
        for k in x.storage.indices { x.storage[k] = rng.nextNormal() }
        let y = Matrix(rows: 64, cols: 1, repeating: 1)
        let s = try sigmoid.spread(x: x, y: y), r = try relu.spread(x: x, y: y)
        #expect(s.count == 9 && r.count == 9)
        let sigmoidRatio = s[0].gradientWNorm / s[8].gradientWNorm
        let reluRatio = r[0].gradientWNorm / r[8].gradientWNorm
        #expect(sigmoidRatio < 1e-4)
        #expect(reluRatio > 1e-2)
        // Every std is the population std of that layer's values.
        let cache = try sigmoid.forward(x, targets: y)
        #expect(s[3].activations == Spread(cache.h(4).storage))
    }

    @Test func spreadIsThePopulationForm() {
        let s = Spread([1, 2, 3, 4])
        #expect(s.count == 4 && s.mean == 2.5 && Swift.abs(s.std - 1.25.squareRoot()) < 1e-15)
        #expect(Spread([Double]()).std == 0)
        #expect(Spread.norm([3e-200, 4e-200]) > 4.99e-200 && Spread.norm([3e-200, 4e-200]) < 5.01e-200)
        #expect(Spread.norm([3e200, 4e200]) > 4.99e200)
    }
}
