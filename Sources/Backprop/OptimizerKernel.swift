/// The update loops, one per rule, over raw buffers (the trainer's hot path and `Optimizer.step`).
/// The arithmetic follows `torch.optim`'s single-tensor CPU code in order, so results agree with
/// PyTorch to the last few bits.
extension Optimizer {
    /// Writes θ′ for `count` parameters from θ (`theta`) and ∇L (`grad`), reading the state in
    /// `from` and writing it to `to` (the same buffers for an in-place update). `out` may be
    /// `grad` itself: each entry is read before it is written. `t` is this step's number (≥ 1).
    /// Returns 0 when every new parameter and state entry is finite, NaN or ∞ otherwise.
    func kernel(count n: Int, t: Int, eta: Double, theta: UnsafePointer<Double>, grad: UnsafePointer<Double>,
                out: UnsafeMutablePointer<Double>, from: OptimizerBuffers, to: OptimizerBuffers) -> Double {
        let wd = weightDecay
        // 0 × a non-finite value is NaN: the sum is finite exactly when every value is.
        var probe = 0.0
        switch rule {
        case .sgd:
            for k in 0..<n {
                let p = theta[k]
                let g = wd == 0 ? grad[k] : grad[k] + wd * p
                let next = p - eta * g
                out[k] = next
                probe += next * 0
            }
        case let .momentum(beta, dampening, nesterov):
            guard let bIn = from.velocity, let bOut = to.velocity else { return .nan }
            // PyTorch: the first step copies g into the buffer (no dampening), later ones
            // v ← β·v + (1 − d)·g.
            let first = t == 1
            let keep = 1 - dampening
            for k in 0..<n {
                let p = theta[k]
                let g = wd == 0 ? grad[k] : grad[k] + wd * p
                let b = first ? g : bIn[k] * beta + g * keep
                bOut[k] = b
                let d = nesterov ? g + beta * b : b
                let next = p - eta * d
                out[k] = next
                probe += (next + b) * 0
            }
        case let .rmsprop(alpha, eps, momentum, centered):
            guard let sIn = from.v, let sOut = to.v else { return .nan }
            let keep = 1 - alpha
            for k in 0..<n {
                let p = theta[k]
                let g = wd == 0 ? grad[k] : grad[k] + wd * p
                let s = sIn[k] * alpha + keep * g * g
                sOut[k] = s
                var avg: Double
                if centered, let mIn = from.gradientMean, let mOut = to.gradientMean {
                    let mean = Optimizer.lerp(mIn[k], g, keep)
                    mOut[k] = mean
                    // s − ḡ² ≥ 0 in exact arithmetic; rounding must not make it a NaN.
                    avg = max(s - mean * mean, 0).squareRoot()
                } else {
                    avg = s.squareRoot()
                }
                avg += eps
                let next: Double
                if momentum > 0, let bIn = from.velocity, let bOut = to.velocity {
                    let b = bIn[k] * momentum + g / avg
                    bOut[k] = b
                    next = p - eta * b
                } else {
                    next = p - eta * (g / avg)
                }
                out[k] = next
                probe += (next + s) * 0
            }
        case let .adam(beta1, beta2, eps, amsgrad):
            guard let mIn = from.m, let mOut = to.m, let vIn = from.v, let vOut = to.v else { return .nan }
            let w1 = 1 - beta1, w2 = 1 - beta2
            let bc1 = 1 - pow(beta1, Double(t)), bc2 = 1 - pow(beta2, Double(t))
            let stepSize = eta / bc1
            // PyTorch divides √v by √(1 − β₂ᵗ); a multiply by its reciprocal is within an ulp
            // and keeps one division per parameter.
            let invBc2Root = 1 / bc2.squareRoot()
            if amsgrad {
                guard let xIn = from.vMax, let xOut = to.vMax else { return .nan }
                for k in 0..<n {
                    let p = theta[k]
                    let g = wd == 0 ? grad[k] : grad[k] + wd * p
                    let mk = Optimizer.lerp(mIn[k], g, w1)
                    let vk = vIn[k] * beta2 + w2 * g * g
                    let xk = max(xIn[k], vk)
                    mOut[k] = mk; vOut[k] = vk; xOut[k] = xk
                    let next = p - stepSize * (mk / (xk.squareRoot() * invBc2Root + eps))
                    out[k] = next
                    probe += (next + vk) * 0
                }
            } else {
                for k in 0..<n {
                    let p = theta[k]
                    let g = wd == 0 ? grad[k] : grad[k] + wd * p
                    let mk = Optimizer.lerp(mIn[k], g, w1)
                    let vk = vIn[k] * beta2 + w2 * g * g
                    mOut[k] = mk; vOut[k] = vk
                    let next = p - stepSize * (mk / (vk.squareRoot() * invBc2Root + eps))
                    out[k] = next
                    probe += (next + vk) * 0
                }
            }
        }
        return probe
    }

    /// a + w·(b − a), as PyTorch's `lerp_` computes it (from the nearer end).
    @inline(__always)
    static func lerp(_ a: Double, _ b: Double, _ w: Double) -> Double {
        w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
    }
}
