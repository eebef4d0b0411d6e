/// A feed-forward network: layers 1…L over an input of n_0 units, and its loss.
public struct Network: Equatable, Sendable {
    public var inputSize: Int
    public var layers: [Layer]
    public var loss: Loss

    /// A network with all-zero parameters; see `initialize` for random ones.
    /// `sizes` is [n_0, n_1, …, n_L] and `activations` has one entry per layer 1…L.
    public init(sizes: [Int], activations: [Activation], loss: Loss = .squaredError) throws(BackpropError) {
        guard sizes.count >= 2 else {
            throw BackpropError.invalidNetwork("a network needs an input size and at least one layer")
        }
        guard activations.count == sizes.count - 1 else {
            throw BackpropError.invalidNetwork("\(sizes.count - 1) layers need \(sizes.count - 1) activations, got \(activations.count)")
        }
        if let bad = sizes.firstIndex(where: { $0 < 1 }) {
            throw BackpropError.invalidNetwork("layer \(bad) has \(sizes[bad]) units; every layer needs at least 1")
        }
        if let big = sizes.firstIndex(where: { $0 > Network.maxUnits }) {
            throw BackpropError.invalidNetwork("layer \(big) has \(sizes[big]) units; the limit is \(Network.maxUnits)")
        }
        var total = 0
        for l in 1..<sizes.count {
            let (p, overflow) = sizes[l].multipliedReportingOverflow(by: sizes[l - 1] + 1)
            total += p
            if overflow || total > Network.maxParameters {
                throw BackpropError.invalidNetwork("the network would have more than \(Network.maxParameters) parameters")
            }
        }
        self.inputSize = sizes[0]
        self.layers = (1..<sizes.count).map { l in
            Layer(weights: Matrix(rows: sizes[l], cols: sizes[l - 1]),
                  bias: Array(repeating: 0, count: sizes[l]), activation: activations[l - 1])
        }
        self.loss = loss
    }

    /// Limits that keep a typo (`net 4 -> 4000000`) from exhausting memory.
    public static let maxUnits = 1_000_000
    public static let maxParameters = 50_000_000

    /// L, the number of layers (the input is layer 0).
    public var depth: Int { layers.count }
    /// [n_0, n_1, …, n_L].
    public var sizes: [Int] { [inputSize] + layers.map(\.units) }
    public var outputSize: Int { layers.last?.units ?? inputSize }
    public var outputActivation: Activation { layers.last?.activation ?? .linear }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// The layer l (1-based), or an error naming the valid range.
    public func layer(_ l: Int) throws(BackpropError) -> Layer {
        guard l >= 1, l <= layers.count else {
            throw BackpropError.indexOutOfRange(what: "layer", index: [l], limits: [layers.count])
        }
        return layers[l - 1]
    }

    /// Checks that a parameter exists.
    public func validate(_ p: ParameterID) throws(BackpropError) {
        let layer = try layer(p.layer)
        switch p {
        case let .weight(l, i, j):
            guard (1...layer.units).contains(i), (1...layer.inputs).contains(j) else {
                throw BackpropError.indexOutOfRange(what: "w", index: [l, i, j], limits: [depth, layer.units, layer.inputs])
            }
        case let .bias(l, i):
            guard (1...layer.units).contains(i) else {
                throw BackpropError.indexOutOfRange(what: "b", index: [l, i], limits: [depth, layer.units])
            }
        }
    }

    public func value(of p: ParameterID) throws(BackpropError) -> Double {
        try validate(p)
        switch p {
        case let .weight(l, i, j): return layers[l - 1].weights[i - 1, j - 1]
        case let .bias(l, i): return layers[l - 1].bias[i - 1]
        }
    }

    public mutating func set(_ p: ParameterID, to v: Double) throws(BackpropError) {
        try validate(p)
        guard v.isFinite else { throw BackpropError.invalidArgument("\(p) must be a finite number, not \(v)") }
        switch p {
        case let .weight(l, i, j): layers[l - 1].weights[i - 1, j - 1] = v
        case let .bias(l, i): layers[l - 1].bias[i - 1] = v
        }
    }

    /// Replaces W_l after checking its shape.
    public mutating func setWeights(layer l: Int, _ w: Matrix) throws(BackpropError) {
        let layer = try layer(l)
        guard w.shape == layer.weights.shape else {
            throw BackpropError.shapeMismatch(what: "W\(l)", expected: layer.weights.shape, actual: w.shape)
        }
        if let (r, c) = w.firstNonFinite {
            throw BackpropError.invalidArgument("W\(l)[\(r + 1),\(c + 1)] must be a finite number")
        }
        layers[l - 1].weights = w
    }

    /// Replaces b_l after checking its length.
    public mutating func setBias(layer l: Int, _ b: [Double]) throws(BackpropError) {
        let layer = try layer(l)
        guard b.count == layer.units else {
            throw BackpropError.shapeMismatch(what: "b\(l)", expected: Shape(1, layer.units), actual: Shape(1, b.count))
        }
        if let k = b.firstIndex(where: { !$0.isFinite }) {
            throw BackpropError.invalidArgument("b\(l)[\(k + 1)] must be a finite number")
        }
        layers[l - 1].bias = b
    }

    /// Every parameter in order: W1 row by row, b1, W2, b2, ….
    public var parameterIDs: [ParameterID] {
        var ids: [ParameterID] = []
        ids.reserveCapacity(parameterCount)
        for (k, layer) in layers.enumerated() {
            // Cut short by an interrupt: whatever runs under a stopped `Cancellation` is discarded.
            if Cancellation.isRequested { return ids }
            for i in 1...layer.units {
                if i & 0xFF == 0, Cancellation.isRequested { return ids }
                for j in 1...layer.inputs { ids.append(.weight(layer: k + 1, row: i, column: j)) }
            }
            for i in 1...layer.units { ids.append(.bias(layer: k + 1, unit: i)) }
        }
        return ids
    }

    /// Checks x (m × n_0) and y (m × n_L) against the network and the loss.
    public func validate(x: Matrix, y: Matrix?) throws(BackpropError) {
        guard x.rows >= 1 else { throw BackpropError.missingData("x has no examples") }
        guard x.cols == inputSize else {
            throw BackpropError.shapeMismatch(what: "x", expected: Shape(x.rows, inputSize), actual: x.shape)
        }
        if let (r, c) = x.firstNonFinite {
            throw BackpropError.nonFinite(location: "x, example \(r + 1), input \(c + 1)")
        }
        guard let y else { return }
        guard y.shape == Shape(x.rows, outputSize) else {
            throw BackpropError.shapeMismatch(what: "y", expected: Shape(x.rows, outputSize), actual: y.shape)
        }
        if let (r, c) = y.firstNonFinite {
            throw BackpropError.nonFinite(location: "y, example \(r + 1), output \(c + 1)")
        }
        try loss.validate(targets: y)
    }
}
