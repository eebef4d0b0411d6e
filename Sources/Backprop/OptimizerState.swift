/// What an optimiser remembers between steps, one entry per parameter in `parameterIDs` order
/// (W1 row by row, b1, W2, b2, …), as PyTorch's `optimizer.state[p]`. Only the buffers the
/// rule uses are allocated; the others are empty.
public struct OptimizerState: Equatable, Sendable {
    /// The optimiser these buffers belong to.
    public let optimizer: Optimizer
    /// Steps taken (PyTorch's `state["step"]`); the next step is t = steps + 1.
    public internal(set) var steps: Int
    /// Momentum's v (PyTorch's `momentum_buffer`), or RMSprop's momentum buffer.
    public internal(set) var velocity: [Double]
    /// Adam's m (`exp_avg`).
    public internal(set) var m: [Double]
    /// Adam's v (`exp_avg_sq`), or RMSprop's s (`square_avg`).
    public internal(set) var v: [Double]
    /// Centered RMSprop's ḡ (`grad_avg`).
    public internal(set) var gradientMean: [Double]
    /// AMSGrad's running maximum of v (`max_exp_avg_sq`).
    public internal(set) var vMax: [Double]

    /// Fresh state (all buffers zero, no steps) for `count` parameters.
    public init(_ optimizer: Optimizer, count: Int) {
        self.optimizer = optimizer
        steps = 0
        let n = max(count, 0)
        self.count = n
        let zeros = [Double](repeating: 0, count: n)
        var usesVelocity = false, usesM = false, usesV = false, usesMean = false, usesMax = false
        switch optimizer.rule {
        case .sgd: break
        case .momentum: usesVelocity = true
        case let .rmsprop(_, _, momentum, centered):
            usesV = true; usesVelocity = momentum > 0; usesMean = centered
        case let .adam(_, _, _, amsgrad):
            usesM = true; usesV = true; usesMax = amsgrad
        }
        velocity = usesVelocity ? zeros : []
        m = usesM ? zeros : []
        v = usesV ? zeros : []
        gradientMean = usesMean ? zeros : []
        vMax = usesMax ? zeros : []
    }

    /// The number of parameters the state is for.
    public let count: Int

    /// Whether this state can continue with `optimizer` on `count` parameters (else start afresh).
    public func fits(_ optimizer: Optimizer, count: Int) -> Bool {
        optimizer == self.optimizer && count == self.count
    }

    /// Runs `body` with pointers to the buffers (nil for the unused ones).
    mutating func withBuffers<R>(_ body: (OptimizerBuffers) throws(BackpropError) -> R) rethrows -> R {
        try velocity.withUnsafeMutableBufferPointer { vel in
            try m.withUnsafeMutableBufferPointer { mm in
                try v.withUnsafeMutableBufferPointer { vv in
                    try gradientMean.withUnsafeMutableBufferPointer { gm in
                        try vMax.withUnsafeMutableBufferPointer { mx in
                            try body(OptimizerBuffers(velocity: vel.baseAddress, m: mm.baseAddress, v: vv.baseAddress,
                                                      gradientMean: gm.baseAddress, vMax: mx.baseAddress))
                        }
                    }
                }
            }
        }
    }
}

/// Raw views of an optimiser's buffers, for the update kernel (nil where unused).
struct OptimizerBuffers {
    var velocity: UnsafeMutablePointer<Double>?
    var m: UnsafeMutablePointer<Double>?
    var v: UnsafeMutablePointer<Double>?
    var gradientMean: UnsafeMutablePointer<Double>?
    var vMax: UnsafeMutablePointer<Double>?

    /// Buffers for `count` parameters in raw memory (the trainer's double buffering).
    static func allocate(like state: OptimizerState) -> OptimizerBuffers {
        func make(_ a: [Double]) -> UnsafeMutablePointer<Double>? {
            guard !a.isEmpty else { return nil }
            let p = UnsafeMutablePointer<Double>.allocate(capacity: a.count)
            for i in a.indices { p[i] = a[i] }
            return p
        }
        return OptimizerBuffers(velocity: make(state.velocity), m: make(state.m), v: make(state.v),
                                gradientMean: make(state.gradientMean), vMax: make(state.vMax))
    }

    func deallocate() {
        velocity?.deallocate(); m?.deallocate(); v?.deallocate(); gradientMean?.deallocate(); vMax?.deallocate()
    }
}
