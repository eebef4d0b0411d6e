/// The losses of the course, per example; a batch's loss is the mean over its m examples.
public enum Loss: String, CaseIterable, Sendable {
    /// Σ_i (y_i − ŷ_i)², the notes' squared error (no ½).
    case squaredError = "squared_error"
    /// ½ Σ_i (y_i − ŷ_i)², Mazur's and Nielsen's loss: half of squared_error, gradient ŷ − y.
    case halfSquaredError = "half_squared_error"
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

    /// The loss of one example. `a` is the output pre-activation: the log losses are computed
    /// from it (log-sum-exp, softplus) wherever ŷ is a sigmoid or a softmax, never from a
    /// rounded ŷ.
    func value(a: UnsafeBufferPointer<Double>, yhat: UnsafeBufferPointer<Double>,
               y: UnsafeBufferPointer<Double>, activation: Activation) -> Double {
        let n = yhat.count
        switch self {
        case .squaredError, .halfSquaredError, .mse:
            var s = 0.0
            for i in 0..<n {
                let d = Loss.residual(a: a, yhat: yhat, y: y, i, activation)
                s += d * d
            }
            switch self {
            case .mse: return s / Double(n)
            case .halfSquaredError: return s / 2
            default: return s
            }
        case .crossEntropy, .binaryCrossEntropy:
            let binary = self == .binaryCrossEntropy
            var s = 0.0
            if activation == .softmax {
                let logs = LogSoftmax(a)
                for i in 0..<n {
                    if y[i] != 0 { s -= y[i] * logs.logP(i) }
                    if binary, y[i] != 1 { s -= (1 - y[i]) * logs.logC(i) }
                }
                return s
            }
            for i in 0..<n {
                let (logP, logC) = Loss.logProbabilities(a: a, yhat: yhat, i, activation)
                if y[i] != 0 { s -= y[i] * logP }
                if binary, y[i] != 1 { s -= (1 - y[i]) * logC }
            }
            return s
        }
    }

    /// ŷ_i − y_i where ŷ_i is near 1, as (1 − y_i) − (1 − ŷ_i) with 1 − ŷ_i from the logits:
    /// ŷ_i − 1 would be only the rounding of ŷ_i (0 at a gap of 40, where it is −4e-18).
    @inline(__always)
    static func residual(a: UnsafeBufferPointer<Double>, yhat: UnsafeBufferPointer<Double>,
                         y: UnsafeBufferPointer<Double>, _ i: Int, _ activation: Activation) -> Double {
        switch activation {
        case .sigmoid where a[i] > 0: return (1 - y[i]) - Activation.sigmoid(-a[i])
        case .softmax where yhat[i] > 0.5: return (1 - y[i]) - exp(LogSoftmax(a).logC(i))
        default: return yhat[i] - y[i]
        }
    }

    /// log ŷ_i and log(1 − ŷ_i), from the logits when ŷ is a sigmoid or softmax.
    @inline(__always)
    static func logProbabilities(a: UnsafeBufferPointer<Double>, yhat: UnsafeBufferPointer<Double>, _ i: Int,
                                 _ activation: Activation) -> (Double, Double) {
        switch activation {
        case .sigmoid:
            // log σ(a) = −softplus(−a), log(1 − σ(a)) = −softplus(a)
            return (-softplus(-a[i]), -softplus(a[i]))
        case .softmax:
            let logs = LogSoftmax(a)
            return (logs.logP(i), logs.logC(i))
        default:
            return (log(yhat[i]), log1p(-yhat[i]))
        }
    }

    /// log Σ_{j ≠ except} e^{a_j} without overflow.
    @inline(__always)
    static func logSumExp(_ a: UnsafeBufferPointer<Double>, except: Int?) -> Double {
        var m = -Double.infinity
        for j in a.indices where j != except && a[j] > m { m = a[j] }
        guard m.isFinite else { return m }
        var sum = 0.0
        for j in a.indices where j != except { sum += exp(a[j] - m) }
        return m + log(sum)
    }

    /// log(1 + eˣ) without overflow.
    @inline(__always)
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// ∂ℓ/∂ŷ_i of one example's loss (not yet divided by m), from ŷ alone.
    @inline(__always)
    func derivative(yhat: Double, y: Double, outputs n: Int) -> Double {
        switch self {
        case .squaredError: return 2 * (yhat - y)
        case .halfSquaredError: return yhat - y
        case .mse: return 2 * (yhat - y) / Double(n)
        case .crossEntropy: return y == 0 ? 0 : -y / yhat
        case .binaryCrossEntropy:
            var d = 0.0
            if y != 0 { d -= y / yhat }
            if y != 1 { d += (1 - y) / (1 - yhat) }
            return d
        }
    }

    /// One example's ∂ℓ/∂ŷ (into `dyhat`, when given) and ∂ℓ/∂a_L (into `da`), both times
    /// `scale` (the 1/m of the mean). For the log losses of a sigmoid or softmax output both
    /// come from the logits: 1/ŷ = e^{lse − a}, 1/(1 − ŷ) = e^{lse − lse_{≠i}}, so ∂ℓ/∂ŷ is
    /// ±∞ only where its true value is beyond the float64 range, and ∂ℓ/∂a_L is a closed form
    /// with no ∞ · 0 and no cancellation of huge terms.
    func outputGradients(a: UnsafeBufferPointer<Double>, yhat: UnsafeBufferPointer<Double>,
                         y: UnsafeBufferPointer<Double>, activation: Activation, scale: Double,
                         dyhat: UnsafeMutableBufferPointer<Double>?, da: UnsafeMutableBufferPointer<Double>) {
        let n = a.count
        let logLoss = self == .crossEntropy || self == .binaryCrossEntropy
        guard logLoss, activation == .sigmoid || activation == .softmax else {
            if logLoss {
                for i in 0..<n { da[i] = derivative(yhat: yhat[i], y: y[i], outputs: n) * scale }
            } else {
                // squared error: 2(ŷ − y), with ŷ − y from the logits where ŷ is near 1.
                // (the same arithmetic as before half_squared_error, so old results are bit-identical)
                let factor = self == .mse ? 2 / Double(n) : (self == .halfSquaredError ? 1 : 2)
                for i in 0..<n { da[i] = factor * Loss.residual(a: a, yhat: yhat, y: y, i, activation) * scale }
            }
            if let dyhat { for i in 0..<n { dyhat[i] = da[i] } }
            activation.backprop(a: a, h: yhat, grad: da)
            return
        }
        let binary = self == .binaryCrossEntropy
        if let dyhat {
            for i in 0..<n {
                let (logP, logC) = Loss.logProbabilities(a: a, yhat: yhat, i, activation)
                var d = 0.0
                if y[i] != 0 { d -= y[i] * exp(-logP) }
                if binary, y[i] != 1 { d += (1 - y[i]) * exp(-logC) }
                dyhat[i] = d * scale
            }
        }
        switch (activation, binary) {
        case (.sigmoid, true):
            // ŷ − y, the fused form; above a = 0 as (1 − y) − σ(−a), since ŷ − 1 would be the
            // rounding of ŷ (0 at a = 40 with y = 1, where the true value is −4e-18).
            for i in 0..<n {
                da[i] = Loss.residual(a: a, yhat: yhat, y: y, i, activation) * scale
            }
        case (.sigmoid, false):
            // −y/σ(a) · σ(a)σ(−a) = −y σ(−a).
            for i in 0..<n { da[i] = y[i] == 0 ? 0 : -y[i] * Activation.sigmoid(-a[i]) * scale }
        case (_, false):
            // softmax with cross-entropy: ŷ·Σy − y (= ŷ − y for probability targets). For the
            // unit with ŷ_q > ½ as Σ_{p≠q} y_p − Σy·(1 − ŷ_q), 1 − ŷ_q from the logits.
            var total = 0.0
            var top = -1
            for i in 0..<n {
                total += y[i]
                if yhat[i] > 0.5 { top = i }
            }
            for i in 0..<n { da[i] = (yhat[i] * total - y[i]) * scale }
            if top >= 0 {
                var others = 0.0
                for p in 0..<n where p != top { others += y[p] }
                da[top] = (others - total * exp(LogSoftmax(a).logC(top))) * scale
            }
        default:
            Loss.softmaxBinaryCrossEntropyGradient(a: a, y: y, scale: scale, da: da)
        }
    }

    /// ∂ℓ/∂a_q of softmax with binary cross-entropy, ℓ = −Σ_p [y_p log P_p + (1 − y_p) log C_p]
    /// with P = softmax(a), C_p = 1 − P_p:
    ///   ∂ℓ/∂a_q = −y_q C_q + (1 − y_q) P_q + P_q Σ_{p≠q} y_p − Σ_{p≠q} (1 − y_p) P_q P_p / C_p,
    /// every term from logs (P_q P_p / C_p = e^{log P_q + log P_p − log C_p}), so huge odds
    /// never meet tiny probabilities. O(n²) per example; outputs are narrow.
    static func softmaxBinaryCrossEntropyGradient(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
                                                  scale: Double, da: UnsafeMutableBufferPointer<Double>) {
        let n = a.count
        let logs = LogSoftmax(a)
        var logP = [Double](repeating: 0, count: n), logC = logP
        for i in 0..<n {
            logP[i] = logs.logP(i)
            logC[i] = logs.logC(i)
        }
        for q in 0..<n {
            var negative = y[q] == 0 ? 0 : y[q] * exp(logC[q])
            var others = 0.0
            for p in 0..<n where p != q {
                others += y[p]
                if y[p] != 1 { negative += (1 - y[p]) * exp(logP[q] + logP[p] - logC[p]) }
            }
            let positive = ((1 - y[q]) + others) * exp(logP[q])
            da[q] = (positive - negative) * scale
        }
    }

    /// Checks that targets suit the loss.
    func validate(targets y: Matrix) throws(BackpropError) {
        switch self {
        case .squaredError, .halfSquaredError, .mse: return
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
