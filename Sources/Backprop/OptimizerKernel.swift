/// The update loops, one per rule, over raw buffers (the trainer's hot path and `Optimizer.step`).
/// The arithmetic follows `torch.optim`'s single-tensor CPU code in order, so results agree with
/// PyTorch to the last few bits.
extension Optimizer {
    /// Writes θ′ for `count` parameters from θ (`theta`) and ∇L (`grad`), reading the state in
    /// `from` and writing it to `to` (the same buffers for an in-place update). `out` may be
    /// `grad` itself: each entry is read before it is written (but the loops vectorise only when
    /// every buffer is distinct: the overlap checks then pass). `t` is this step's number (≥ 1).
    /// Returns 0 when every new parameter and state entry is finite, NaN or ∞ otherwise.
    func kernel(count n: Int, t: Int, eta: Double, theta: UnsafePointer<Double>, grad: UnsafePointer<Double>,
                out: UnsafeMutablePointer<Double>, from: OptimizerBuffers, to: OptimizerBuffers) -> Double {
        let wd = weightDecay
        // An integer OR of "exponent all ones" flags: vectorises (a floating-point sum would
        // not, without reassociation) and is non-zero exactly when a value is NaN or ±∞.
        var bad: UInt64 = 0
        switch rule {
        case .sgd:
            for k in 0..<n {
                let p = theta[k]
                let g = wd == 0 ? grad[k] : grad[k] + wd * p
                let next = p - eta * g
                out[k] = next
                bad |= Optimizer.flag(next)
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
                bad |= Optimizer.flag(next) | Optimizer.flag(b)
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
                bad |= Optimizer.flag(next) | Optimizer.flag(s)
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
                    bad |= Optimizer.flag(next) | Optimizer.flag(vk)
                }
            } else {
                // Four lanes at a time (the same IEEE operations per entry as the scalar loop
                // below, so the same results): the compiler does not vectorise this loop itself,
                // its seven buffers need more overlap checks than it will emit.
                let start = Optimizer.adamLanes(count: n, theta: theta, grad: grad, out: out, mIn: mIn, mOut: mOut,
                                                vIn: vIn, vOut: vOut, wd: wd, beta2: beta2, w1: w1, w2: w2,
                                                stepSize: stepSize, invBc2Root: invBc2Root, eps: eps, bad: &bad)
                for k in start..<n {
                    let p = theta[k]
                    let g = wd == 0 ? grad[k] : grad[k] + wd * p
                    let mk = Optimizer.lerp(mIn[k], g, w1)
                    let vk = vIn[k] * beta2 + w2 * g * g
                    mOut[k] = mk; vOut[k] = vk
                    let next = p - stepSize * (mk / (vk.squareRoot() * invBc2Root + eps))
                    out[k] = next
                    bad |= Optimizer.flag(next) | Optimizer.flag(vk)
                }
            }
        }
        return bad == 0 ? 0 : .nan
    }

    /// Adam (without AMSGrad) on the first n − n mod 4 entries in SIMD4 lanes; returns where
    /// the scalar loop takes over.
    @inline(__always)
    static func adamLanes(count n: Int, theta: UnsafePointer<Double>, grad: UnsafePointer<Double>,
                          out: UnsafeMutablePointer<Double>, mIn: UnsafeMutablePointer<Double>,
                          mOut: UnsafeMutablePointer<Double>, vIn: UnsafeMutablePointer<Double>,
                          vOut: UnsafeMutablePointer<Double>, wd: Double, beta2: Double, w1: Double, w2: Double,
                          stepSize: Double, invBc2Root: Double, eps: Double, bad: inout UInt64) -> Int {
        typealias V = SIMD4<Double>
        let lanes = n - n % 4
        let low = w1 < 0.5
        var broken = SIMDMask<SIMD4<Int64>>(repeating: false)
        var k = 0
        while k < lanes {
            let p = UnsafeRawPointer(theta + k).loadUnaligned(as: V.self)
            var g = UnsafeRawPointer(grad + k).loadUnaligned(as: V.self)
            if wd != 0 { g = g + wd * p }
            let m0 = UnsafeRawPointer(mIn + k).loadUnaligned(as: V.self)
            let v0 = UnsafeRawPointer(vIn + k).loadUnaligned(as: V.self)
            let d = g - m0
            let mk = low ? m0 + w1 * d : g - d * (1 - w1)
            let vk = v0 * beta2 + w2 * g * g
            // Lane by lane: SIMD4's squareRoot goes through libm's sqrt (with its errno check).
            let root = V(vk[0].squareRoot(), vk[1].squareRoot(), vk[2].squareRoot(), vk[3].squareRoot())
            let next = p - stepSize * (mk / (root * invBc2Root + eps))
            UnsafeMutableRawPointer(mOut + k).storeBytes(of: mk, as: V.self)
            UnsafeMutableRawPointer(vOut + k).storeBytes(of: vk, as: V.self)
            UnsafeMutableRawPointer(out + k).storeBytes(of: next, as: V.self)
            // x − x is NaN exactly when x is NaN or ±∞.
            broken .|= (next - next) .!= 0
            broken .|= (vk - vk) .!= 0
            k += 4
        }
        if any(broken) { bad = 1 }
        return lanes
    }

    /// 1 when `x` is NaN or ±∞, else 0.
    @inline(__always)
    static func flag(_ x: Double) -> UInt64 {
        (x.bitPattern & 0x7FF0_0000_0000_0000) == 0x7FF0_0000_0000_0000 ? 1 : 0
    }

    /// a + w·(b − a), as PyTorch's `lerp_` computes it (from the nearer end).
    @inline(__always)
    static func lerp(_ a: Double, _ b: Double, _ w: Double) -> Double {
        w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
    }
}
