/// The size of each layer's gradient: ‖∇W_l‖ (Frobenius) and ‖∇b_l‖ (Euclidean), the numbers
/// of the vanishing-gradient lesson (a sigmoid stack's early layers get gradients orders of
/// magnitude smaller than its last).
public struct LayerGradientNorm: Sendable, Equatable {
    /// 1…L.
    public let layer: Int
    public let weights: Double
    public let bias: Double
    /// ‖W_l‖, for the ratio ‖∇W_l‖/‖W_l‖ (how far one step moves the layer).
    public let weightNorm: Double
}

extension Gradients {
    /// ‖∇W_l‖ and ‖∇b_l‖ per layer, l = 1…L, of this backward pass on `network`.
    public func layerNorms(of network: Network) -> [LayerGradientNorm] {
        dW.indices.map { k in
            LayerGradientNorm(layer: k + 1, weights: Norm.euclidean(dW[k].storage), bias: Norm.euclidean(db[k]),
                              weightNorm: k < network.layers.count ? Norm.euclidean(network.layers[k].weights.storage) : 0)
        }
    }
}

enum Norm {
    /// √(Σ v²), scaled by the largest |v| first so that squares of 1e200 do not overflow
    /// (as LAPACK's dnrm2 does).
    static func euclidean(_ values: [Double]) -> Double {
        var scale = 0.0
        for v in values { scale = max(scale, v.magnitude) }
        guard scale > 0, scale.isFinite else { return scale }
        var sum = 0.0
        for v in values { let t = v / scale; sum += t * t }
        return scale * sum.squareRoot()
    }
}
