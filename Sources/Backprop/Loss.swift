/// The losses of the course, per example; a batch's loss is the mean over its m examples.
public enum Loss: String, CaseIterable, Sendable {
    /// Σ_i (y_i − ŷ_i)², the notes' squared error (no ½).
    case squaredError = "squared_error"
    /// squared_error / n_L.
    case mse
    /// −Σ_i y_i log ŷ_i.
    case crossEntropy = "cross_entropy"
    /// −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)].
    case binaryCrossEntropy = "binary_cross_entropy"

    /// Whether this loss with `activation` at the output has the fused output gradient
    /// ∇a_L = ŷ − y (computed directly from a_L, never through 1/ŷ).
    public func isFused(with activation: Activation) -> Bool {
        (self == .crossEntropy && activation == .softmax)
            || (self == .binaryCrossEntropy && activation == .sigmoid)
    }

    /// The loss of one example. `a` is the output pre-activation, used for the stable
    /// log-sum-exp / softplus forms when the loss is fused with the output activation.
    func value(a: UnsafeBufferPointer<Double>, yhat: UnsafeBufferPointer<Double>,
               y: UnsafeBufferPointer<Double>, activation: Activation) -> Double {
        let n = yhat.count
        switch self {
        case .squaredError, .mse:
            var s = 0.0
            for i in 0..<n { let d = y[i] - yhat[i]; s += d * d }
            return self == .mse ? s / Double(n) : s
        case .crossEntropy:
            if activation == .softmax {
                // log ŷ_i = a_i − logsumexp(a)
                var m = -Double.infinity
                for i in 0..<n where a[i] > m { m = a[i] }
                var sum = 0.0
                for i in 0..<n { sum += exp(a[i] - m) }
                let lse = m + log(sum)
                var s = 0.0
                for i in 0..<n where y[i] != 0 { s -= y[i] * (a[i] - lse) }
                return s
            }
            var s = 0.0
            for i in 0..<n where y[i] != 0 { s -= y[i] * log(yhat[i]) }
            return s
        case .binaryCrossEntropy:
            var s = 0.0
            if activation == .sigmoid {
                // log σ(a) = −softplus(−a), log(1 − σ(a)) = −softplus(a)
                for i in 0..<n {
                    s += y[i] * Loss.softplus(-a[i]) + (1 - y[i]) * Loss.softplus(a[i])
                }
                return s
            }
            for i in 0..<n {
                if y[i] != 0 { s -= y[i] * log(yhat[i]) }
                if y[i] != 1 { s -= (1 - y[i]) * log(1 - yhat[i]) }
            }
            return s
        }
    }

    /// log(1 + eˣ) without overflow.
    @inline(__always)
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// ∂ℓ/∂ŷ_i of one example's loss (not yet divided by m).
    @inline(__always)
    func derivative(yhat: Double, y: Double, outputs n: Int) -> Double {
        switch self {
        case .squaredError: return 2 * (yhat - y)
        case .mse: return 2 * (yhat - y) / Double(n)
        case .crossEntropy: return y == 0 ? 0 : -y / yhat
        case .binaryCrossEntropy:
            var d = 0.0
            if y != 0 { d -= y / yhat }
            if y != 1 { d += (1 - y) / (1 - yhat) }
            return d
        }
    }

    /// Checks that targets suit the loss.
    func validate(targets y: Matrix) throws {
        switch self {
        case .squaredError, .mse: return
        case .crossEntropy:
            if let v = y.storage.first(where: { $0 < 0 }) {
                throw BackpropError.invalidTargets("cross_entropy needs targets ≥ 0 (a probability per class), found \(v)")
            }
        case .binaryCrossEntropy:
            if let v = y.storage.first(where: { $0 < 0 || $0 > 1 }) {
                throw BackpropError.invalidTargets("binary_cross_entropy needs targets between 0 and 1, found \(v)")
            }
        }
    }
}
