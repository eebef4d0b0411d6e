/// One optimiser step on a flat parameter vector, with every quantity a table shows.
/// Arrays are per parameter, in the order of the parameters given (for a network,
/// `parameterIDs` order); the optional ones are nil when the rule has no such quantity.
public struct OptimizerStepDetail: Sendable, Equatable {
    /// This step's number, from 1 (Adam's t).
    public let t: Int
    /// Adam's 1 − β₁ᵗ and 1 − β₂ᵗ.
    public let biasCorrection1: Double?
    public let biasCorrection2: Double?
    /// The gradient the rule used: ∂L/∂θ + λθ with weight decay λ.
    public let gradient: [Double]
    /// Momentum's v after the step (RMSprop's momentum buffer).
    public let velocity: [Double]?
    /// Adam's m and m̂ = m/(1 − β₁ᵗ).
    public let m: [Double]?
    public let mHat: [Double]?
    /// Adam's v (RMSprop's s) and Adam's v̂ = v/(1 − β₂ᵗ) (with AMSGrad, max v/(1 − β₂ᵗ)).
    public let v: [Double]?
    public let vHat: [Double]?
    /// Centered RMSprop's running mean of g.
    public let gradientMean: [Double]?
    /// The change the rule prescribes, from its formula (e.g. −η·m̂/(√v̂ + ε)).
    public let update: [Double]
    /// The parameters after the step.
    public let new: [Double]
}

extension OptimizerState {
    /// One step: θ′ from θ (`parameters`) and ∂L/∂θ (`gradients`). Fails, changing nothing, on
    /// a bad η or hyper-parameter, mismatched lengths, or a non-finite result.
    public mutating func step(parameters: [Double], gradients: [Double], eta: Double) throws(BackpropError) -> OptimizerStepDetail {
        try Network.validate(eta: eta)
        try optimizer.validate()
        guard parameters.count == count, gradients.count == count else {
            throw BackpropError.invalidArgument("the optimiser holds state for \(count) parameters, not \(parameters.count)")
        }
        if let k = parameters.firstIndex(where: { !$0.isFinite }) {
            throw BackpropError.nonFinite(location: "parameter \(k + 1)")
        }
        if let k = gradients.firstIndex(where: { !$0.isFinite }) {
            throw BackpropError.nonFinite(location: "the gradient of parameter \(k + 1)")
        }
        let t = steps + 1
        var next = self
        var new = [Double](repeating: 0, count: count)
        let n = count
        let opt = optimizer
        let probe = parameters.withUnsafeBufferPointer { theta in
            gradients.withUnsafeBufferPointer { grad in
                new.withUnsafeMutableBufferPointer { out in
                    next.withBuffers { buffers -> Double in
                        guard let th = theta.baseAddress, let g = grad.baseAddress, let o = out.baseAddress else { return 0 }
                        return opt.kernel(count: n, t: t, eta: eta, theta: th, grad: g, out: o, from: buffers, to: buffers)
                    }
                }
            }
        }
        guard probe.isFinite else { throw BackpropError.nonFinite(location: "the parameters after the step") }
        next.steps = t
        let detail = next.detail(t: t, eta: eta, parameters: parameters, gradients: gradients, new: new)
        self = next
        return detail
    }

    /// The displayed quantities of step t, from the state after it.
    private func detail(t: Int, eta: Double, parameters: [Double], gradients: [Double], new: [Double]) -> OptimizerStepDetail {
        let wd = optimizer.weightDecay
        let g = wd == 0 ? gradients : zip(gradients, parameters).map { $0 + wd * $1 }
        switch optimizer.rule {
        case .sgd:
            return OptimizerStepDetail(t: t, biasCorrection1: nil, biasCorrection2: nil, gradient: g, velocity: nil,
                                       m: nil, mHat: nil, v: nil, vHat: nil, gradientMean: nil,
                                       update: g.map { -eta * $0 }, new: new)
        case let .momentum(beta, _, nesterov):
            let update = g.indices.map { k in -eta * (nesterov ? g[k] + beta * velocity[k] : velocity[k]) }
            return OptimizerStepDetail(t: t, biasCorrection1: nil, biasCorrection2: nil, gradient: g, velocity: velocity,
                                       m: nil, mHat: nil, v: nil, vHat: nil, gradientMean: nil, update: update, new: new)
        case let .rmsprop(_, eps, momentum, centered):
            let update = g.indices.map { k -> Double in
                if momentum > 0 { return -eta * velocity[k] }
                let spread = centered ? max(v[k] - gradientMean[k] * gradientMean[k], 0) : v[k]
                return -eta * g[k] / (spread.squareRoot() + eps)
            }
            return OptimizerStepDetail(t: t, biasCorrection1: nil, biasCorrection2: nil, gradient: g,
                                       velocity: momentum > 0 ? velocity : nil, m: nil, mHat: nil, v: v, vHat: nil,
                                       gradientMean: centered ? gradientMean : nil, update: update, new: new)
        case let .adam(beta1, beta2, eps, amsgrad):
            let bc1 = 1 - pow(beta1, Double(t)), bc2 = 1 - pow(beta2, Double(t))
            let mHat = m.map { $0 / bc1 }
            let vHat = (amsgrad ? vMax : v).map { $0 / bc2 }
            let update = g.indices.map { k in -eta * mHat[k] / (vHat[k].squareRoot() + eps) }
            return OptimizerStepDetail(t: t, biasCorrection1: bc1, biasCorrection2: bc2, gradient: g, velocity: nil,
                                       m: m, mHat: mHat, v: v, vHat: vHat, gradientMean: nil, update: update, new: new)
        }
    }
}
