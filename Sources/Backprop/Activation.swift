/// The activations of the course. Softmax acts on a whole layer; the others element-wise.
public enum Activation: String, CaseIterable, Sendable {
    case linear
    case sigmoid
    case tanh
    case relu
    case leakyRelu = "leaky_relu"
    case softmax

    /// The slope of leaky_relu below zero.
    public static let leakySlope = 0.01

    /// Whether h_p depends on a_q only for p = q (every activation but softmax).
    public var isElementwise: Bool { self != .softmax }

    /// Applies the activation to one example's pre-activations `a` (length n), writing `h`.
    @inline(__always)
    func apply(_ a: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
        let n = a.count
        switch self {
        case .linear:
            for k in 0..<n { h[k] = a[k] }
        case .sigmoid:
            for k in 0..<n { h[k] = Activation.sigmoid(a[k]) }
        case .tanh:
            for k in 0..<n { h[k] = hyperbolicTangent(a[k]) }
        case .relu:
            for k in 0..<n { h[k] = a[k] > 0 ? a[k] : 0 }
        case .leakyRelu:
            for k in 0..<n { h[k] = a[k] > 0 ? a[k] : Activation.leakySlope * a[k] }
        case .softmax:
            // Subtract the maximum first: exp never overflows, the result is unchanged.
            var m = -Double.infinity
            for k in 0..<n where a[k] > m { m = a[k] }
            var sum = 0.0
            for k in 0..<n {
                let e = exp(a[k] - m)
                h[k] = e
                sum += e
            }
            for k in 0..<n { h[k] /= sum }
        }
    }

    /// A numerically stable logistic function.
    @inline(__always)
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// g′(a) for an element-wise activation, from a and h = g(a) (whichever is cheaper).
    @inline(__always)
    public func derivative(a: Double, h: Double) -> Double {
        switch self {
        case .linear: return 1
        // σ′ = σ(a)σ(−a) and tanh′ = sech²(a) where h is near ±1: there 1 − h (and 1 − h²)
        // carries the rounding of h, up to all of it (exactly 0 where h rounds to 1, although
        // the true slope at a = 38 is 3e-17). Below the thresholds the cheap forms are accurate
        // to about 1e-14.
        case .sigmoid: return a > 4 ? h * Activation.sigmoid(-a) : h * (1 - h)
        case .tanh:
            if Swift.abs(a) < 2 { return 1 - h * h }
            let t = exp(-2 * Swift.abs(a))
            return 4 * t / ((1 + t) * (1 + t))
        case .relu: return a > 0 ? 1 : 0
        case .leakyRelu: return a > 0 ? 1 : Activation.leakySlope
        case .softmax: return h * (1 - h)  // the diagonal only; callers use `jacobian`
        }
    }

    /// ∂h_p/∂a_q for one example (h is the activation's output row).
    @inline(__always)
    public func jacobian(p: Int, q: Int, a: [Double], h: [Double]) -> Double {
        switch self {
        case .softmax:
            guard p == q else { return -h[p] * h[q] }
            // 1 − h_q as the sum of the others: exact where h_q rounds to 1.
            var rest = 0.0
            for j in h.indices where j != q { rest += h[j] }
            return h[p] * rest
        default: return p == q ? derivative(a: a[p], h: h[p]) : 0
        }
    }

    /// ∇a = Jᵀ·∇h for one example, in place of `grad` (∇h on entry, ∇a on exit).
    @inline(__always)
    func backprop(a: UnsafeBufferPointer<Double>, h: UnsafeBufferPointer<Double>,
                  grad: UnsafeMutableBufferPointer<Double>) {
        let n = a.count
        if self == .softmax {
            // (Jᵀg)_q = Σ_p h_p(δ_pq − h_q) g_p = h_q (g_q − Σ_p h_p g_p): the full Jacobian in O(n).
            // For the unit with h_q > ½ (at most one, near 1 at saturation) g_q − Σ_p h_p g_p would
            // cancel to h_q's rounding: use Σ_p h_p = 1 to write it Σ_{p≠q} h_p (g_q − g_p).
            var dot = 0.0
            var top = -1
            for p in 0..<n {
                dot += h[p] * grad[p]
                if h[p] > 0.5 { top = p }
            }
            var topValue = 0.0
            if top >= 0 {
                for p in 0..<n where p != top { topValue += h[p] * (grad[top] - grad[p]) }
                topValue *= h[top]
            }
            for q in 0..<n { grad[q] = h[q] * (grad[q] - dot) }
            if top >= 0 { grad[top] = topValue }
        } else {
            for k in 0..<n { grad[k] *= derivative(a: a[k], h: h[k]) }
        }
    }
}
