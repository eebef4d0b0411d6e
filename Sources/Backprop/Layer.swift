/// One dense layer: a = W·h_prev + b, h = g(a).
public struct Layer: Equatable, Sendable {
    /// n_l × n_{l−1}: row i holds the weights into unit i.
    public var weights: Matrix
    /// n_l entries.
    public var bias: [Double]
    public var activation: Activation
    /// One flag per weight (row-major) and per bias that `step` and `train` must not change;
    /// empty when none is frozen (see Freezing.swift).
    public internal(set) var frozenWeights: [Bool] = []
    public internal(set) var frozenBias: [Bool] = []

    public init(weights: Matrix, bias: [Double], activation: Activation) {
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    public var units: Int { weights.rows }
    public var inputs: Int { weights.cols }
    public var parameterCount: Int { weights.storage.count + bias.count }
}
