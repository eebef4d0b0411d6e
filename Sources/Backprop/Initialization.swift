/// How parameters are initialised. Every random scheme is seeded, so notebooks re-run identically.
/// Weights are drawn from `SeededGenerator`, row by row (W1, then W2, …, one stream for the whole
/// network); biases are 0 in every scheme. fan_in = n_{l−1} and fan_out = n_l for W_l
/// (n_l × n_{l−1}, PyTorch's `nn.Linear` weight layout), and the formulas are `torch.nn.init`'s.
public enum Initialization: Equatable, Sendable {
    /// Glorot/Xavier normal (`xavier_normal_`, gain 1): W ~ N(0, 2 / (fan_in + fan_out)).
    case xavier(seed: UInt64)
    /// Glorot/Xavier uniform (`xavier_uniform_`, gain 1): W ~ U(−a, a), a = √(6 / (fan_in + fan_out)).
    case xavierUniform(seed: UInt64)
    /// He/Kaiming normal (`kaiming_normal_`, mode fan_in, nonlinearity relu, gain √2):
    /// W ~ N(0, 2 / fan_in).
    case he(seed: UInt64)
    /// He/Kaiming uniform (`kaiming_uniform_`, mode fan_in, nonlinearity relu): W ~ U(−a, a),
    /// a = √2·√(3 / fan_in) = √(6 / fan_in).
    case heUniform(seed: UInt64)
    /// W ~ N(0, std²) (`normal_(0, std)`).
    case normal(std: Double, seed: UInt64)
    /// W ~ U(low, high) (`uniform_(low, high)`).
    case uniform(low: Double, high: Double, seed: UInt64)
    /// Every parameter 0.
    case zeros

    /// The seed `net` uses when none is given.
    public static let defaultSeed: UInt64 = 42
    /// The standard deviations `normal` accepts.
    public static let stdBounds = Bounds.nonNegative
    /// The standard deviation of `normal` when none is given.
    public static let defaultStd = 0.1

    /// How W_l (fan_in inputs, fan_out units) is drawn.
    public enum Draw: Equatable, Sendable {
        case normal(std: Double)
        case uniform(low: Double, high: Double)
        case zero
    }

    /// The distribution of a layer's weights under this scheme.
    public func draw(fanIn: Int, fanOut: Int) -> Draw {
        let fanSum = Double(fanIn + fanOut), inputs = Double(fanIn)
        switch self {
        case .xavier: return .normal(std: (2 / fanSum).squareRoot())
        case .xavierUniform:
            let a = (6 / fanSum).squareRoot()
            return .uniform(low: -a, high: a)
        case .he: return .normal(std: 2.0.squareRoot() / inputs.squareRoot())
        case .heUniform:
            let a = 2.0.squareRoot() * (3 / inputs).squareRoot()
            return .uniform(low: -a, high: a)
        case let .normal(std, _): return .normal(std: std)
        case let .uniform(low, high, _): return .uniform(low: low, high: high)
        case .zeros: return .zero
        }
    }

    var seed: UInt64 {
        switch self {
        case let .xavier(seed), let .xavierUniform(seed), let .he(seed), let .heUniform(seed),
             let .normal(_, seed), let .uniform(_, _, seed): return seed
        case .zeros: return 0
        }
    }

    func validate() throws(BackpropError) {
        switch self {
        case let .normal(std, _):
            guard Initialization.stdBounds.contains(std) else {
                throw BackpropError.invalidArgument("the standard deviation must be a finite number ≥ 0, not \(std)")
            }
        case let .uniform(low, high, _):
            guard low.isFinite, high.isFinite, low <= high else {
                throw BackpropError.invalidArgument("uniform needs finite bounds with low ≤ high, not \(low) and \(high)")
            }
        default: break
        }
    }
}

extension Network {
    /// Re-initialises every parameter.
    public mutating func initialize(_ scheme: Initialization) throws(BackpropError) {
        try scheme.validate()
        var rng = SeededGenerator(seed: scheme.seed)
        for k in layers.indices {
            let rows = layers[k].units, cols = layers[k].inputs
            var w = Matrix(rows: rows, cols: cols)
            switch scheme.draw(fanIn: cols, fanOut: rows) {
            case let .normal(std):
                // std 0 draws nothing (the stream stays where it was, as before).
                if std > 0 {
                    for i in w.storage.indices { w.storage[i] = std * rng.nextNormal() }
                }
            case let .uniform(low, high):
                for i in w.storage.indices { w.storage[i] = low + (high - low) * rng.nextUnit() }
            case .zero: break
            }
            layers[k].weights = w
            layers[k].bias = Array(repeating: 0, count: rows)
        }
    }
}
