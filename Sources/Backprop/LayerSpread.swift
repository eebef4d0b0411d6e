/// The mean and standard deviation of a set of values (the population form, dividing by N,
/// like `numpy.std` and `torch.std(unbiased=False)`), computed in two passes.
public struct Spread: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let std: Double

    public init<C: Collection<Double>>(_ values: C) {
        count = values.count
        guard count > 0 else { mean = 0; std = 0; return }
        var s = 0.0
        for v in values { s += v }
        let mu = s / Double(count)
        var q = 0.0
        for v in values { q += (v - mu) * (v - mu) }
        mean = mu
        std = (q / Double(count)).squareRoot()
    }
}

/// One layer's spread of values on a batch: what "spread at initialisation" shows, so that a
/// vanishing (or exploding) signal is visible layer by layer.
public struct LayerSpread: Sendable, Equatable {
    /// l, from 1.
    public let layer: Int
    public let activation: Activation
    /// W_l's entries.
    public let weights: Spread
    /// a_l and h_l over the batch (m × n_l values each).
    public let preActivations: Spread
    public let activations: Spread
    /// ∂L/∂a_l and ∂L/∂h_l over the batch (∂L/∂h_L is ∂L/∂ŷ).
    public let gradientA: Spread
    public let gradientH: Spread
    /// ∂L/∂W_l's entries, and the Frobenius norms ‖∂L/∂W_l‖ and ‖∂L/∂b_l‖.
    public let gradientW: Spread
    public let gradientWNorm: Double
    public let gradientBNorm: Double
}

extension Network {
    /// For each layer, the spread of weights, activations and gradients from one forward and
    /// backward pass on (x, y).
    public func spread(x: Matrix, y: Matrix) throws(BackpropError) -> [LayerSpread] {
        let (cache, grads) = try gradients(x: x, y: y)
        if let place = cache.firstNonFinite ?? grads.firstNonFinite { throw BackpropError.nonFinite(location: place) }
        let norms = grads.layerNorms
        return (1...depth).map { l in
            let dW = grads.dWeights(l).storage
            return LayerSpread(
                layer: l, activation: layers[l - 1].activation,
                weights: Spread(layers[l - 1].weights.storage),
                preActivations: Spread(cache.a(l).storage), activations: Spread(cache.h(l).storage),
                gradientA: Spread(grads.dA(l).storage), gradientH: Spread(grads.dH(l).storage),
                gradientW: Spread(dW),
                gradientWNorm: norms[l - 1].weights, gradientBNorm: norms[l - 1].bias)
        }
    }
}

extension Gradients {
    /// ‖∂L/∂W_l‖ (Frobenius) and ‖∂L/∂b_l‖ for l = 1…L (index l − 1): the vanishing-gradient
    /// table and bar chart.
    public var layerNorms: [(weights: Double, bias: Double)] {
        dW.indices.map { (weights: Spread.norm(dW[$0].storage), bias: Spread.norm(db[$0])) }
    }
}

extension Spread {
    /// √Σv², scaled by the largest |v| so that tiny (vanishing) or huge values neither underflow
    /// nor overflow when squared.
    public static func norm(_ values: [Double]) -> Double {
        var top = 0.0
        for v in values { top = max(top, Swift.abs(v)) }
        guard top > 0, top.isFinite else { return top }
        var s = 0.0
        for v in values { s += (v / top) * (v / top) }
        return top * s.squareRoot()
    }
}
