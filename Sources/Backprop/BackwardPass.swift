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
    public func backward(_ cache: ForwardCache, targets y: Matrix) throws -> Gradients {
        try validate(x: cache.x, y: y)
        let m = cache.x.rows
        let n = outputSize
        let invM = 1.0 / Double(m)
        let yhat = cache.yhat
        let aL = cache.a(depth)

        // ∇ŷ: the derivative of the mean loss with respect to each output.
        var dyhat = Matrix(rows: m, cols: n)
        for k in 0..<(m * n) {
            dyhat.storage[k] = loss.derivative(yhat: yhat.storage[k], y: y.storage[k], outputs: n) * invM
        }

        // ∇a_L: fused ŷ·Σy − y (= ŷ − y for one-hot or probability targets) where it
        // applies, else Jᵀ∇ŷ with the activation's full Jacobian.
        var daL = dyhat
        if loss.isFused(with: outputActivation) {
            for r in 0..<m {
                var total = 1.0
                if outputActivation == .softmax {
                    total = 0
                    for i in 0..<n { total += y[r, i] }
                }
                for i in 0..<n { daL[r, i] = (yhat[r, i] * total - y[r, i]) * invM }
            }
        } else {
            outputActivation.backpropRows(a: aL, h: yhat, grad: &daL)
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
            let dhPrev = BLAS.multiply(g, layer.weights)
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
    public func gradients(x: Matrix, y: Matrix) throws -> (ForwardCache, Gradients) {
        let cache = try forward(x, targets: y)
        return (cache, try backward(cache, targets: y))
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
