/// Every gradient of the backward pass, in the notes' vectorised form. All carry the 1/m of
/// the batch mean. Per-example quantities are m × n matrices, one row per example.
public struct Gradients: Sendable {
    /// ∇ŷ L (m × n_L).
    public let dyhat: Matrix
    /// ∇a_l L for l = 1…L (index l − 1).
    public let da: [Matrix]
    /// ∇h_l L for l = 0…L−1 (index l); ∇h_L is ∇ŷ.
    public let dh: [Matrix]
    /// ∇W_l L for l = 1…L (index l − 1), n_l × n_{l−1}.
    public let dW: [Matrix]
    /// ∇b_l L for l = 1…L (index l − 1).
    public let db: [[Double]]

    public init(dyhat: Matrix, da: [Matrix], dh: [Matrix], dW: [Matrix], db: [[Double]]) {
        self.dyhat = dyhat
        self.da = da
        self.dh = dh
        self.dW = dW
        self.db = db
    }

    public func dA(_ l: Int) -> Matrix { da[l - 1] }
    public func dH(_ l: Int) -> Matrix { l == dh.count ? dyhat : dh[l] }
    public func dWeights(_ l: Int) -> Matrix { dW[l - 1] }
    public func dBias(_ l: Int) -> [Double] { db[l - 1] }

    /// The first gradient that is NaN or ±∞, in the roadmap's order (∇a_L, ∇W_L, ∇b_L, ∇h_{L−1},
    /// ∇a_{L−1}, …), named with its layer and entry. ∇ŷ is left out: see `outputOverflow`.
    public var firstNonFinite: String? {
        let depth = da.count
        for l in stride(from: depth, through: 1, by: -1) {
            if let (r, c) = da[l - 1].firstNonFinite { return "∂L/∂a\(l) (layer \(l)), example \(r + 1), unit \(c + 1)" }
            if let (r, c) = dW[l - 1].firstNonFinite { return "∂L/∂W\(l) (layer \(l)), row \(r + 1), column \(c + 1)" }
            if let i = db[l - 1].firstIndex(where: { !$0.isFinite }) { return "∂L/∂b\(l) (layer \(l)), unit \(i + 1)" }
            if let (r, c) = dh[l - 1].firstNonFinite {
                let name = l == 1 ? "∂L/∂x (the input)" : "∂L/∂h\(l - 1) (layer \(l - 1))"
                return "\(name), example \(r + 1), unit \(c + 1)"
            }
        }
        return nil
    }

    /// The first entry of ∇ŷ (1-based example and unit) whose true value is beyond the float64
    /// range (ŷ rounds to 0 or 1 at a saturated sigmoid or softmax output); ∇a_L, computed
    /// from the logits, stays finite there.
    public var outputOverflow: (example: Int, unit: Int)? {
        dyhat.firstNonFinite.map { (example: $0.0 + 1, unit: $0.1 + 1) }
    }

    /// The gradient of one parameter.
    public func value(of p: ParameterID) -> Double {
        switch p {
        case let .weight(l, i, j): return dW[l - 1][i - 1, j - 1]
        case let .bias(l, i): return db[l - 1][i - 1]
        }
    }
}

extension Network {
    /// Backward pass from a forward cache: ∇ŷ, ∇a_L, then per layer ∇W_l, ∇b_l, ∇h_{l−1},
    /// ∇a_{l−1} = ∇h_{l−1} ⊙ g′(a_{l−1}) (or Jᵀ∇h for softmax).
    public func backward(_ cache: ForwardCache, targets y: Matrix) throws(BackpropError) -> Gradients {
        try validate(x: cache.x, y: y)
        let m = cache.x.rows
        let n = outputSize
        let invM = 1.0 / Double(m)
        let yhat = cache.yhat
        let aL = cache.a(depth)

        // ∇ŷ and ∇a_L of the mean loss, row by row from the logits (see Loss.outputGradients):
        // ∇ŷ holds ±∞ only where its true value is beyond the float64 range.
        var dyhat = Matrix(rows: m, cols: n)
        var daL = Matrix(rows: m, cols: n)
        let theLoss = loss, activation = outputActivation
        aL.storage.withUnsafeBufferPointer { pa in
            yhat.storage.withUnsafeBufferPointer { ph in
                y.storage.withUnsafeBufferPointer { py in
                    dyhat.storage.withUnsafeMutableBufferPointer { pd in
                        daL.storage.withUnsafeMutableBufferPointer { pg in
                            for r in 0..<m {
                                let range = (r * n)..<((r + 1) * n)
                                theLoss.outputGradients(a: UnsafeBufferPointer(rebasing: pa[range]),
                                                        yhat: UnsafeBufferPointer(rebasing: ph[range]),
                                                        y: UnsafeBufferPointer(rebasing: py[range]),
                                                        activation: activation, scale: invM,
                                                        dyhat: UnsafeMutableBufferPointer(rebasing: pd[range]),
                                                        da: UnsafeMutableBufferPointer(rebasing: pg[range]))
                            }
                        }
                    }
                }
            }
        }

        var da = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: depth)
        var dh = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: depth)
        var dW = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: depth)
        var db = [[Double]](repeating: [], count: depth)
        da[depth - 1] = daL
        for l in stride(from: depth, through: 1, by: -1) {
            try Cancellation.check()  // an interrupt stops a deep network between layers
            let g = da[l - 1]
            let layer = layers[l - 1]
            dW[l - 1] = BLAS.transposedMultiply(g, cache.h(l - 1))
            var bias = [Double](repeating: 0, count: layer.units)
            for r in 0..<m { for i in 0..<layer.units { bias[i] += g[r, i] } }
            db[l - 1] = bias
            // A softmax layer is blind to a shift of all its logits, so each row of g sums to 0
            // and ∇h = g·W = g·(W − any row): subtracting row 1 makes a constant column of W
            // give exactly 0, not the rounding residue of g's row sums times that constant.
            let dhPrev = BLAS.multiply(g, layer.activation == .softmax ? layer.weights.subtractingFirstRow : layer.weights)
            dh[l - 1] = dhPrev
            if l > 1 {
                var daPrev = dhPrev
                layers[l - 2].activation.backpropRows(a: cache.a(l - 1), h: cache.h(l - 1), grad: &daPrev)
                da[l - 2] = daPrev
            }
        }
        return Gradients(dyhat: dyhat, da: da, dh: dh, dW: dW, db: db)
    }

    /// Forward and backward in one call.
    public func gradients(x: Matrix, y: Matrix) throws(BackpropError) -> (ForwardCache, Gradients) {
        let cache = try forward(x, targets: y)
        return (cache, try backward(cache, targets: y))
    }
}

extension Matrix {
    /// Every row minus the first.
    var subtractingFirstRow: Matrix {
        var out = self
        for r in 0..<rows { for c in 0..<cols { out[r, c] = self[r, c] - self[0, c] } }
        return out
    }
}

extension Activation {
    /// Applies `backprop` to every row of a batch.
    func backpropRows(a: Matrix, h: Matrix, grad: inout Matrix) {
        let n = a.cols
        a.storage.withUnsafeBufferPointer { pa in
            h.storage.withUnsafeBufferPointer { ph in
                grad.storage.withUnsafeMutableBufferPointer { pg in
                    for r in 0..<a.rows {
                        let range = (r * n)..<((r + 1) * n)
                        backprop(a: UnsafeBufferPointer(rebasing: pa[range]),
                                 h: UnsafeBufferPointer(rebasing: ph[range]),
                                 grad: UnsafeMutableBufferPointer(rebasing: pg[range]))
                    }
                }
            }
        }
    }
}
