/// What one layer of a `LayeredNetwork` computed: z from its kind, a = BN(z) (or z), h = g(a).
public struct LayerRecord: Sendable {
    /// h_{l−1}, m × values of the input.
    public let input: Matrix
    public let z: Matrix
    public let batchNorm: BatchNormRecord?
    public let a: Matrix
    public let h: Matrix
    /// Dropout's 0/1 keep mask in train mode (nil in eval mode and for other layers).
    public let mask: Matrix?
    /// Max pooling's argmax: per output value, the index of the chosen input within its example.
    public let poolIndices: [Int]?
}

public struct LayeredCache: Sendable {
    public let mode: NetworkMode
    public let records: [LayerRecord]
    public let losses: [Double]?
    public var x: Matrix { records[0].input }
    public var yhat: Matrix { records[records.count - 1].h }
    public var loss: Double? {
        guard let losses, !losses.isEmpty else { return nil }
        return losses.reduce(0, +) / Double(losses.count)
    }
    public var firstNonFinite: String? {
        for (k, r) in records.enumerated() {
            if let (e, c) = r.a.firstNonFinite { return "a\(k + 1), example \(e + 1), unit \(c + 1)" }
            if let (e, c) = r.h.firstNonFinite { return "h\(k + 1), example \(e + 1), unit \(c + 1)" }
        }
        if let losses, let k = losses.firstIndex(where: { !$0.isFinite }) { return "the loss of example \(k + 1)" }
        return nil
    }
}

/// The gradients of one layer, all of the batch-mean loss.
public struct LayerGradients: Sendable {
    /// ∂L/∂h_l, ∂L/∂a_l, ∂L/∂z_l (m × n_l).
    public let dh: Matrix
    public let da: Matrix
    public let dz: Matrix
    public let batchNorm: BatchNormGradients?
    /// ∂L/∂W_l (or ∂L/∂K_l, filters × C·kh·kw) and ∂L/∂b_l; empty for parameter-free layers.
    public let dWeights: Matrix
    public let dBias: [Double]
    /// ∂L/∂h_{l−1}.
    public let dInput: Matrix
}

public struct LayeredGradients: Sendable {
    public let layers: [LayerGradients]
    public func layer(_ l: Int) -> LayerGradients { layers[l - 1] }
    public var firstNonFinite: String? {
        for (k, g) in layers.enumerated().reversed() {
            if let (r, c) = g.da.firstNonFinite { return "∂L/∂a\(k + 1), example \(r + 1), unit \(c + 1)" }
            if let (r, c) = g.dWeights.firstNonFinite { return "the weight gradient of layer \(k + 1), row \(r + 1), column \(c + 1)" }
            if let (r, c) = g.dInput.firstNonFinite { return "∂L/∂h\(k), example \(r + 1), unit \(c + 1)" }
        }
        return nil
    }
}

/// Deliberate mistakes a test can put into the backward pass, to show gradcheck catches them.
enum BackwardMistake: Sendable {
    case none
    /// Batch norm without the paths through μ and σ².
    case batchNormDropsStatistics
    /// Dropout's gradient without the 1/(1 − p) scale.
    case dropoutForgetsScale
}

extension LayeredNetwork {
    /// The forward pass in the network's mode. `maskStep` varies dropout's masks between training steps.
    /// `masks` supplies a dropout layer's 0/1 keep mask (by 1-based layer) instead of drawing it,
    /// as a test does to compare with PyTorch given the same mask.
    public func forward(_ x: Matrix, targets y: Matrix? = nil, maskStep: UInt64 = 0,
                        masks: [Int: Matrix] = [:]) throws(BackpropError) -> LayeredCache {
        try validate(x: x, y: y)
        var records: [LayerRecord] = []
        records.reserveCapacity(depth)
        var h = x
        for (k, layer) in layers.enumerated() {
            try Cancellation.check()
            var mask: Matrix? = nil
            var indices: [Int]? = nil
            let z: Matrix
            switch layer.kind {
            case .dense:
                var out = BLAS.multiplyTransposed(h, layer.weights)
                let n = out.cols
                for r in 0..<out.rows { for i in 0..<n { out.storage[r * n + i] += layer.bias[i] } }
                z = out
            case .conv:
                z = try ConvAdapter.forward(layer, input: h)
            case .maxPool:
                let (out, argmax) = try ConvAdapter.poolForward(layer, input: h)
                z = out
                indices = argmax
            case let .dropout(p, seed):
                if mode == .train {
                    let keep = masks[k + 1] ?? DropoutMask.draw(rows: h.rows, cols: h.cols, p: p, seed: seed &+ UInt64(k), step: maskStep)
                    guard keep.shape == h.shape else {
                        throw BackpropError.shapeMismatch(what: "the mask of layer \(k + 1)", expected: h.shape, actual: keep.shape)
                    }
                    mask = keep
                    z = DropoutMask.apply(h, mask: keep, p: p)
                } else {
                    z = h
                }
            }
            var bn: BatchNormRecord? = nil
            var a = z
            if layer.batchNorm {
                let (out, record) = BatchNorm.forward(z, layer: layer, mode: mode)
                a = out
                bn = record
            }
            var out = Matrix(rows: a.rows, cols: a.cols)
            let n = a.cols
            a.storage.withUnsafeBufferPointer { pa in
                out.storage.withUnsafeMutableBufferPointer { ph in
                    for r in 0..<a.rows {
                        layer.activation.apply(UnsafeBufferPointer(rebasing: pa[(r * n)..<((r + 1) * n)]),
                                               into: UnsafeMutableBufferPointer(rebasing: ph[(r * n)..<((r + 1) * n)]))
                    }
                }
            }
            records.append(LayerRecord(input: h, z: z, batchNorm: bn, a: a, h: out, mask: mask, poolIndices: indices))
            h = out
        }
        var losses: [Double]? = nil
        if let y, let last = records.last {
            losses = (0..<y.rows).map { r in
                let a = last.a.row(r), yhat = last.h.row(r), t = y.row(r)
                return a.withUnsafeBufferPointer { pa in
                    yhat.withUnsafeBufferPointer { ph in
                        t.withUnsafeBufferPointer { pt in loss.value(a: pa, yhat: ph, y: pt, activation: outputActivation) }
                    }
                }
            }
        }
        return LayeredCache(mode: mode, records: records, losses: losses)
    }

    /// The running statistics a train-mode pass leaves behind (what `forward` and `step` keep).
    public mutating func keepRunningStatistics(of cache: LayeredCache) {
        for k in layers.indices {
            if let bn = cache.records[k].batchNorm {
                layers[k].runningMean = bn.runningMean
                layers[k].runningVariance = bn.runningVariance
            }
        }
    }

    public func backward(_ cache: LayeredCache, targets y: Matrix) throws(BackpropError) -> LayeredGradients {
        try backward(cache, targets: y, mistake: .none)
    }

    /// The backward pass from a given ∂L/∂ŷ (m × n_L), as torch's `yhat.backward(g)`: no loss,
    /// nothing averaged.
    public func backward(_ cache: LayeredCache, outputGradient dyhat: Matrix) throws(BackpropError) -> LayeredGradients {
        guard let last = cache.records.last, dyhat.shape == last.h.shape else {
            throw BackpropError.shapeMismatch(what: "∂L/∂ŷ", expected: cache.records.last?.h.shape ?? Shape(0, 0), actual: dyhat.shape)
        }
        return try backward(cache, dyhat: dyhat, da: nil, mistake: .none)
    }

    func backward(_ cache: LayeredCache, targets y: Matrix, mistake: BackwardMistake) throws(BackpropError) -> LayeredGradients {
        let m = cache.x.rows, n = outputSize
        guard y.shape == Shape(m, n) else { throw BackpropError.shapeMismatch(what: "y", expected: Shape(m, n), actual: y.shape) }
        guard let last = cache.records.last else { throw BackpropError.invalidNetwork("a network needs at least one layer") }
        var dyhat = Matrix(rows: m, cols: n), daL = Matrix(rows: m, cols: n)
        let theLoss = loss, activation = outputActivation, invM = 1.0 / Double(m)
        last.a.storage.withUnsafeBufferPointer { pa in
            last.h.storage.withUnsafeBufferPointer { ph in
                y.storage.withUnsafeBufferPointer { py in
                    dyhat.storage.withUnsafeMutableBufferPointer { pd in
                        daL.storage.withUnsafeMutableBufferPointer { pg in
                            for r in 0..<m {
                                let range = (r * n)..<((r + 1) * n)
                                theLoss.outputGradients(a: UnsafeBufferPointer(rebasing: pa[range]), yhat: UnsafeBufferPointer(rebasing: ph[range]),
                                                        y: UnsafeBufferPointer(rebasing: py[range]), activation: activation, scale: invM,
                                                        dyhat: UnsafeMutableBufferPointer(rebasing: pd[range]),
                                                        da: UnsafeMutableBufferPointer(rebasing: pg[range]))
                            }
                        }
                    }
                }
            }
        }
        return try backward(cache, dyhat: dyhat, da: daL, mistake: mistake)
    }

    /// From ∂L/∂ŷ (and ∂L/∂a_L when the loss gives it in its fused, stable form) down.
    private func backward(_ cache: LayeredCache, dyhat: Matrix, da daL: Matrix?, mistake: BackwardMistake) throws(BackpropError) -> LayeredGradients {
        let m = cache.x.rows
        var out = [LayerGradients?](repeating: nil, count: depth)
        var dh = dyhat
        var daGiven: Matrix? = daL
        for l in stride(from: depth, through: 1, by: -1) {
            try Cancellation.check()
            let layer = layers[l - 1], record = cache.records[l - 1]
            var da: Matrix
            if let given = daGiven {
                da = given
            } else {
                da = dh
                layer.activation.backpropRows(a: record.a, h: record.h, grad: &da)
            }
            daGiven = nil
            var dz = da
            var bnGrads: BatchNormGradients? = nil
            if let bn = record.batchNorm {
                let (g, grads) = BatchNorm.backward(da: da, z: record.z, layer: layer, record: bn,
                                                    dropsStatisticTerms: mistake == .batchNormDropsStatistics)
                dz = g
                bnGrads = grads
            }
            var dW = Matrix(rows: 0, cols: 0), db: [Double] = [], dInput: Matrix
            switch layer.kind {
            case .dense:
                dW = BLAS.transposedMultiply(dz, record.input)
                db = [Double](repeating: 0, count: layer.bias.count)
                for r in 0..<m { for i in 0..<db.count { db[i] += dz[r, i] } }
                dInput = BLAS.multiply(dz, layer.activation == .softmax ? layer.weights.subtractingFirstRow : layer.weights)
            case .conv:
                (dInput, dW, db) = try ConvAdapter.backward(layer, input: record.input, outputGradient: dz)
            case .maxPool:
                dInput = try ConvAdapter.poolBackward(layer, indices: record.poolIndices ?? [], outputGradient: dz, rows: m)
            case let .dropout(p, _):
                if let mask = record.mask {
                    dInput = DropoutMask.apply(dz, mask: mask, p: mistake == .dropoutForgetsScale ? 0 : p)
                } else {
                    dInput = dz
                }
            }
            out[l - 1] = LayerGradients(dh: dh, da: da, dz: dz, batchNorm: bnGrads, dWeights: dW, dBias: db, dInput: dInput)
            dh = dInput
        }
        return LayeredGradients(layers: out.compactMap { $0 })
    }

    public func gradients(x: Matrix, y: Matrix, maskStep: UInt64 = 0) throws(BackpropError) -> (LayeredCache, LayeredGradients) {
        let cache = try forward(x, targets: y, maskStep: maskStep)
        return (cache, try backward(cache, targets: y))
    }

    public func loss(x: Matrix, y: Matrix) throws(BackpropError) -> Double {
        try forward(x, targets: y).loss ?? .nan
    }
}
