/// How parameters are initialised. Every random scheme is seeded, so notebooks re-run identically.
public enum Initialization: Equatable, Sendable {
    /// Glorot/Xavier normal: W ~ N(0, 2 / (n_in + n_out)), biases 0.
    case xavier(seed: UInt64)
    /// W ~ N(0, std²), biases 0.
    case normal(std: Double, seed: UInt64)
    /// Every parameter 0.
    case zeros

    /// The seed `net` uses when none is given.
    public static let defaultSeed: UInt64 = 42
    /// The standard deviations `normal` accepts.
    public static let stdBounds = Bounds.nonNegative
    /// The standard deviation of `normal` when none is given.
    public static let defaultStd = 0.1
}

extension Network {
    /// Re-initialises every parameter.
    public mutating func initialize(_ scheme: Initialization) throws(BackpropError) {
        var rng: SeededGenerator
        switch scheme {
        case let .xavier(seed): rng = SeededGenerator(seed: seed)
        case let .normal(std, seed):
            guard Initialization.stdBounds.contains(std) else {
                throw BackpropError.invalidArgument("the standard deviation must be a finite number ≥ 0, not \(std)")
            }
            rng = SeededGenerator(seed: seed)
        case .zeros: rng = SeededGenerator(seed: 0)
        }
        for k in layers.indices {
            let rows = layers[k].units, cols = layers[k].inputs
            let std: Double
            switch scheme {
            case .xavier: std = (2.0 / Double(rows + cols)).squareRoot()
            case let .normal(s, _): std = s
            case .zeros: std = 0
            }
            var w = Matrix(rows: rows, cols: cols)
            if std > 0 {
                for i in w.storage.indices { w.storage[i] = std * rng.nextNormal() }
            }
            layers[k].weights = w
            layers[k].bias = Array(repeating: 0, count: rows)
        }
    }
}
