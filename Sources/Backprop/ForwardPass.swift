/// Everything the forward pass computed, kept for the backward pass and for display
/// (the notes' "store the local derivatives in the forward pass").
public struct ForwardCache: Sendable {
    /// a_1 … a_L (index l − 1), each m × n_l.
    public let preActivations: [Matrix]
    /// h_0 = x, h_1 … h_L = ŷ (index l), each m × n_l.
    public let activations: [Matrix]
    /// Per-example losses (m of them), when targets were given.
    public let losses: [Double]?

    public var x: Matrix { activations[0] }
    public var yhat: Matrix { activations[activations.count - 1] }
    /// a_l for l in 1…L.
    public func a(_ l: Int) -> Matrix { preActivations[l - 1] }
    /// h_l for l in 0…L.
    public func h(_ l: Int) -> Matrix { activations[l] }
    /// The batch loss: the mean of the per-example losses.
    public var loss: Double? {
        guard let losses, !losses.isEmpty else { return nil }
        return losses.reduce(0, +) / Double(losses.count)
    }

    /// Where the first non-finite value is, in forward order ("a2, example 1, unit 3").
    public var firstNonFinite: String? {
        for l in 1...preActivations.count {
            if let (r, c) = preActivations[l - 1].firstNonFinite { return "a\(l), example \(r + 1), unit \(c + 1)" }
            if let (r, c) = activations[l].firstNonFinite { return "h\(l), example \(r + 1), unit \(c + 1)" }
        }
        if let losses, let k = losses.firstIndex(where: { !$0.isFinite }) { return "the loss of example \(k + 1)" }
        return nil
    }
}

extension Network {
    /// Runs the forward pass on a batch (m × n_0). With targets, computes the losses too.
    public func forward(_ x: Matrix, targets y: Matrix? = nil) throws(BackpropError) -> ForwardCache {
        try validate(x: x, y: y)
        var pre: [Matrix] = []
        var post: [Matrix] = [x]
        pre.reserveCapacity(depth)
        post.reserveCapacity(depth + 1)
        for layer in layers {
            try Cancellation.check()  // an interrupt stops a deep network between layers
            var a = BLAS.multiplyTransposed(post[post.count - 1], layer.weights)
            let n = layer.units
            a.storage.withUnsafeMutableBufferPointer { pa in
                layer.bias.withUnsafeBufferPointer { pb in
                    for r in 0..<a.rows {
                        for k in 0..<n { pa[r * n + k] += pb[k] }
                    }
                }
            }
            var h = Matrix(rows: a.rows, cols: n)
            a.storage.withUnsafeBufferPointer { pa in
                h.storage.withUnsafeMutableBufferPointer { ph in
                    for r in 0..<a.rows {
                        let rowA = UnsafeBufferPointer(rebasing: pa[(r * n)..<((r + 1) * n)])
                        let rowH = UnsafeMutableBufferPointer(rebasing: ph[(r * n)..<((r + 1) * n)])
                        layer.activation.apply(rowA, into: rowH)
                    }
                }
            }
            pre.append(a)
            post.append(h)
        }
        var losses: [Double]? = nil
        if let y, let aL = pre.last, let yhat = post.last {
            losses = exampleLosses(aL: aL, yhat: yhat, y: y)
        }
        return ForwardCache(preActivations: pre, activations: post, losses: losses)
    }

    /// The loss of each example, in the stable form for the output activation.
    func exampleLosses(aL: Matrix, yhat: Matrix, y: Matrix) -> [Double] {
        let n = yhat.cols
        var out = [Double](repeating: 0, count: yhat.rows)
        aL.storage.withUnsafeBufferPointer { pa in
            yhat.storage.withUnsafeBufferPointer { py in
                y.storage.withUnsafeBufferPointer { pt in
                    for r in 0..<yhat.rows {
                        let range = (r * n)..<((r + 1) * n)
                        out[r] = loss.value(
                            a: UnsafeBufferPointer(rebasing: pa[range]),
                            yhat: UnsafeBufferPointer(rebasing: py[range]),
                            y: UnsafeBufferPointer(rebasing: pt[range]),
                            activation: outputActivation)
                    }
                }
            }
        }
        return out
    }

    /// The batch loss (mean over examples) of `x` against `y`.
    public func loss(x: Matrix, y: Matrix) throws(BackpropError) -> Double {
        let cache = try forward(x, targets: y)
        return cache.loss ?? .nan
    }
}
