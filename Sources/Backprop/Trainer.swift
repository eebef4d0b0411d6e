/// Repeated gradient-descent steps with every buffer allocated once.
///
/// `Network.forward`/`backward` keep every intermediate for display and allocate as they go;
/// training runs millions of small steps, so this keeps the parameters in one flat buffer,
/// the activations and gradients in preallocated ones, and uses plain loops for products too
/// small for BLAS to pay off. The hot loops touch no allocator and no dictionary.
public final class Trainer {
    // A class: it owns raw memory (freed in deinit) and is used from one thread at a time.
    public let sizes: [Int]
    public let activations: [Activation]
    public let loss: Loss
    /// The most examples one step can take.
    public let capacity: Int

    /// The network the trainer started from; `network` copies the current parameters into it.
    private let template: Network
    private let depth: Int
    private let parameterCount: Int
    /// Offsets of W_l and b_l (index l − 1) in the parameter buffers.
    private let weightOffset: [Int]
    private let biasOffset: [Int]
    /// Offsets of layer l's rows (index l, l = 0…L) in the activation buffers.
    private let unitOffset: [Int]

    private var params: UnsafeMutablePointer<Double>
    /// Gradients, then (during the update) the next parameters: the two swap after a step.
    private var spare: UnsafeMutablePointer<Double>
    /// The next parameters under an optimiser other than plain SGD (one entry otherwise): with
    /// θ, ∇θ and θ′ in three buffers the update loop vectorises.
    private var nextParams: UnsafeMutablePointer<Double>
    /// a_l for l = 1…L and h_l for l = 0…L (h_0 is the batch's x), capacity × n_l each.
    private let pre: UnsafeMutablePointer<Double>
    private let post: UnsafeMutablePointer<Double>
    /// ∇a_l and ∇h_l scratch, capacity × max width.
    private let gradA: UnsafeMutablePointer<Double>
    private let gradH: UnsafeMutablePointer<Double>
    /// The batch's targets, capacity × n_L.
    private let targets: UnsafeMutablePointer<Double>
    private let unitsTotal: Int
    /// 0 for a frozen parameter, 1 otherwise (flat order); nil when nothing is frozen.
    private let updateMask: [Double]?
    private let widest: Int

    /// The update rule (plain SGD keeps the original θ − η·∇θ loop) and the l2 factor λ of a
    /// (λ/2)·Σθ² loss term, which the returned losses include.
    public let optimizer: Optimizer
    public let l2: Double
    /// The optimiser's state, double-buffered like the parameters: a step reads `stateNow` and
    /// writes `stateNext`, and they swap only when the step stays finite.
    private var stateNow: OptimizerBuffers
    private var stateNext: OptimizerBuffers
    private var optimizerSteps: Int
    /// When set, each step counts the examples its forward pass classified right (before the
    /// update) into `lastCorrect`: targets that are 0/1 in one output or one-hot rows.
    public var countsCorrect = false
    public private(set) var lastCorrect = 0

    /// A trainer for `network`; `state` continues an earlier run's optimiser state when it
    /// fits `optimizer` and the network (it starts afresh otherwise).
    public init(network: Network, batch: Int, optimizer: Optimizer = .sgd, l2: Double = 0,
                state: OptimizerState? = nil) throws(BackpropError) {
        guard batch >= 1 else { throw BackpropError.invalidArgument("batch must be at least 1, not \(batch)") }
        try optimizer.validate()
        try Network.validate(l2: l2)
        self.optimizer = optimizer
        self.l2 = l2
        let start = state.flatMap { $0.fits(optimizer, count: network.parameterCount) ? $0 : nil }
            ?? OptimizerState(optimizer, count: network.parameterCount)
        stateNow = .allocate(like: start)
        stateNext = .allocate(like: start)
        optimizerSteps = start.steps
        template = network
        sizes = network.sizes
        activations = network.layers.map(\.activation)
        loss = network.loss
        capacity = batch
        depth = network.depth
        var w: [Int] = [], b: [Int] = [], offset = 0
        for layer in network.layers {
            w.append(offset); offset += layer.weights.storage.count
            b.append(offset); offset += layer.bias.count
        }
        weightOffset = w
        biasOffset = b
        parameterCount = offset
        var u: [Int] = [], units = 0
        for n in sizes { u.append(units); units += n }
        unitOffset = u
        unitsTotal = units
        widest = sizes.max() ?? 1
        updateMask = network.updateMask
        params = .allocate(capacity: max(parameterCount, 1))
        spare = .allocate(capacity: max(parameterCount, 1))
        nextParams = .allocate(capacity: optimizer.isPlainSGD ? 1 : max(parameterCount, 1))
        pre = .allocate(capacity: max(batch * unitsTotal, 1))
        post = .allocate(capacity: max(batch * unitsTotal, 1))
        gradA = .allocate(capacity: max(batch * widest, 1))
        gradH = .allocate(capacity: max(batch * widest, 1))
        targets = .allocate(capacity: max(batch * (sizes.last ?? 1), 1))
        for (k, layer) in network.layers.enumerated() {
            layer.weights.storage.withUnsafeBufferPointer { src in
                for i in 0..<src.count { params[w[k] + i] = src[i] }
            }
            for i in layer.bias.indices { params[b[k] + i] = layer.bias[i] }
        }
    }

    deinit {
        params.deallocate(); spare.deallocate(); nextParams.deallocate(); pre.deallocate(); post.deallocate()
        gradA.deallocate(); gradH.deallocate(); targets.deallocate()
        stateNow.deallocate(); stateNext.deallocate()
    }

    /// The optimiser's state after the last successful step.
    public var optimizerState: OptimizerState {
        var state = OptimizerState(optimizer, count: parameterCount)
        state.steps = optimizerSteps
        func copy(_ p: UnsafeMutablePointer<Double>?, into a: inout [Double]) {
            guard let p else { return }
            for i in a.indices { a[i] = p[i] }
        }
        copy(stateNow.velocity, into: &state.velocity)
        copy(stateNow.m, into: &state.m)
        copy(stateNow.v, into: &state.v)
        copy(stateNow.gradientMean, into: &state.gradientMean)
        copy(stateNow.vMax, into: &state.vMax)
        return state
    }

    /// The network with the current parameters.
    public var network: Network {
        var net = template
        for k in 0..<depth {
            let wCount = net.layers[k].weights.storage.count
            net.layers[k].weights.storage = Array(UnsafeBufferPointer(start: params + weightOffset[k], count: wCount))
            net.layers[k].bias = Array(UnsafeBufferPointer(start: params + biasOffset[k], count: sizes[k + 1]))
        }
        return net
    }

    /// One step on all of (x, y); returns the batch loss before the update.
    /// Throws `BackpropError.nonFinite` (leaving the parameters unchanged) if a value diverges.
    @discardableResult
    public func step(x: Matrix, y: Matrix, eta: Double) throws(BackpropError) -> Double {
        guard x.rows <= capacity else {
            throw BackpropError.invalidArgument("the trainer takes at most \(capacity) examples per step, not \(x.rows)")
        }
        guard x.cols == sizes[0], y.cols == sizes[depth], y.rows == x.rows else {
            throw BackpropError.shapeMismatch(what: "x", expected: Shape(x.rows, sizes[0]), actual: x.shape)
        }
        let m = x.rows
        y.storage.withUnsafeBufferPointer { src in
            for i in 0..<(m * sizes[depth]) { targets[i] = src[i] }
        }
        // The whole batch is read in place (no copy of x).
        let result: Result<Double, BackpropError> = x.storage.withUnsafeBufferPointer { src in
            guard let input = src.baseAddress else { return .failure(.missingData("x has no examples")) }
            do throws(BackpropError) { return .success(try run(examples: m, input: input, eta: eta)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// One step on the rows `rows` of (x, y), gathered into the trainer's buffers.
    @discardableResult
    public func step(x: Matrix, y: Matrix, rows: ArraySlice<Int>, eta: Double) throws(BackpropError) -> Double {
        guard rows.count <= capacity, rows.count >= 1 else {
            throw BackpropError.invalidArgument("a step needs between 1 and \(capacity) examples, not \(rows.count)")
        }
        gather(x: x, y: y, rows: rows)
        return try run(examples: rows.count, input: UnsafePointer(post), eta: eta)
    }

    /// Forward, backward and update on `m` examples whose inputs start at `input` (m × n_0) and
    /// whose targets are in the buffer.
    private func run(examples m: Int, input: UnsafePointer<Double>, eta: Double) throws(BackpropError) -> Double {
        var meanLoss = forwardLoss(examples: m, input: input) / Double(m)
        if countsCorrect { lastCorrect = correctCount(examples: m) }
        if l2 > 0 { meanLoss += penalty() }
        guard meanLoss.isFinite else { throw BackpropError.nonFinite(location: "the loss") }
        backward(examples: m, input: input)
        if l2 > 0 { for k in 0..<parameterCount { spare[k] += l2 * params[k] } }
        // A frozen parameter gets no gradient, so plain SGD leaves it as it is; an optimiser's
        // decay or momentum could still move it, so its old value is put back below.
        if let mask = updateMask { for k in 0..<parameterCount where mask[k] == 0 { spare[k] = 0 } }
        if !optimizer.isPlainSGD {
            // θ, ∇θ → θ′ and the state into the other buffers; swapped in only if all stay finite.
            let probe = optimizer.kernel(count: parameterCount, t: optimizerSteps + 1, eta: eta, theta: params,
                                         grad: spare, out: nextParams, from: stateNow, to: stateNext)
            guard probe.isFinite else { throw BackpropError.nonFinite(location: "the parameters after a step") }
            if let mask = updateMask { for k in 0..<parameterCount where mask[k] == 0 { nextParams[k] = params[k] } }
            swap(&params, &nextParams)
            swap(&stateNow, &stateNext)
            optimizerSteps += 1
            return meanLoss
        }
        // Update into the spare buffer, then swap: a diverging step leaves the parameters as they were.
        // 0 × a non-finite value is NaN, so the sum is finite exactly when every value is (a
        // form the compiler vectorises, unlike an early exit).
        var probe = 0.0
        for k in 0..<parameterCount {
            let next = params[k] - eta * spare[k]
            spare[k] = next
            probe += next * 0
        }
        guard probe.isFinite else { throw BackpropError.nonFinite(location: "the parameters after a step") }
        swap(&params, &spare)
        optimizerSteps += 1
        return meanLoss
    }

    /// (λ/2)·Σθ² of the current parameters.
    private func penalty() -> Double {
        var s = 0.0
        for k in 0..<parameterCount { s += params[k] * params[k] }
        return 0.5 * l2 * s
    }

    /// The loss and the examples classified right on all of (x, y), with the current parameters,
    /// in chunks of `capacity` (no allocation); `correct` is nil unless the targets are classes.
    /// The loss is the data loss (no l2 term).
    public func evaluate(x: Matrix, y: Matrix) throws(BackpropError) -> (loss: Double, correct: Int?) {
        guard x.rows >= 1 else { throw BackpropError.missingData("x has no examples") }
        guard x.cols == sizes[0], y.cols == sizes[depth], y.rows == x.rows else {
            throw BackpropError.shapeMismatch(what: "x", expected: Shape(y.rows, sizes[0]), actual: x.shape)
        }
        let classes = Trainer.areClasses(y)
        var total = 0.0, correct = 0
        var start = 0
        while start < x.rows {
            let end = min(start + capacity, x.rows)
            gather(x: x, y: y, rows: start..<end)
            total += forwardLoss(examples: end - start, input: UnsafePointer(post))
            if classes { correct += correctCount(examples: end - start) }
            start = end
        }
        return (total / Double(x.rows), classes ? correct : nil)
    }

    /// Whether `y` holds classes the way `Network.accuracy` counts them.
    public static func areClasses(_ y: Matrix) -> Bool {
        guard y.rows > 0, y.storage.allSatisfy({ $0 == 0 || $0 == 1 }) else { return false }
        if y.cols == 1 { return true }
        for r in 0..<y.rows {
            var s = 0.0
            for c in 0..<y.cols { s += y[r, c] }
            if s != 1 { return false }
        }
        return true
    }

    /// Copies rows of (x, y) into the input and target buffers.
    private func gather<R: Sequence<Int>>(x: Matrix, y: Matrix, rows: R) {
        let n0 = sizes[0], nL = sizes[depth]
        x.storage.withUnsafeBufferPointer { xs in
            y.storage.withUnsafeBufferPointer { ys in
                var r = 0
                for i in rows {
                    for j in 0..<n0 { post[r * n0 + j] = xs[i * n0 + j] }
                    for j in 0..<nL { targets[r * nL + j] = ys[i * nL + j] }
                    r += 1
                }
            }
        }
    }

    /// Examples whose output agrees with the target class (ŷ ≥ 0.5 for one output, else the
    /// first largest ŷ on the target's 1), from the last forward pass.
    private func correctCount(examples m: Int) -> Int {
        let nL = sizes[depth]
        let yhat = post + capacity * unitOffset[depth]
        var right = 0
        for r in 0..<m {
            let row = yhat + r * nL, target = targets + r * nL
            if nL == 1 {
                if (row[0] >= 0.5) == (target[0] == 1) { right += 1 }
            } else {
                var best = 0
                for i in 1..<nL where row[i] > row[best] { best = i }
                if target[best] == 1 { right += 1 }
            }
        }
        return right
    }

    /// The forward pass on `m` examples; returns the summed loss.
    private func forwardLoss(examples m: Int, input: UnsafePointer<Double>) -> Double {
        // Forward: a_l = h_{l−1}·W_lᵀ + b_l, h_l = g(a_l).
        for l in 1...depth {
            let nIn = sizes[l - 1], nOut = sizes[l]
            let a = pre + capacity * unitOffset[l]
            let h = post + capacity * unitOffset[l]
            let hPrev = l == 1 ? input : UnsafePointer(post + capacity * unitOffset[l - 1])
            let w = params + weightOffset[l - 1], b = params + biasOffset[l - 1]
            Trainer.multiplyTransposed(hPrev, w, into: a, m: m, k: nIn, n: nOut)
            let act = activations[l - 1]
            for r in 0..<m {
                let row = a + r * nOut
                for i in 0..<nOut { row[i] += b[i] }
                act.apply(UnsafeBufferPointer(start: row, count: nOut),
                          into: UnsafeMutableBufferPointer(start: h + r * nOut, count: nOut))
            }
        }
        let nL = sizes[depth]
        let aL = pre + capacity * unitOffset[depth]
        let yhat = post + capacity * unitOffset[depth]
        let outAct = activations[depth - 1]
        var total = 0.0
        for r in 0..<m {
            total += loss.value(a: UnsafeBufferPointer(start: aL + r * nL, count: nL),
                                yhat: UnsafeBufferPointer(start: yhat + r * nL, count: nL),
                                y: UnsafeBufferPointer(start: targets + r * nL, count: nL), activation: outAct)
        }
        return total
    }

    /// The backward pass on the last forward's `m` examples: ∇θ into `spare`.
    private func backward(examples m: Int, input: UnsafePointer<Double>) {
        let nL = sizes[depth]
        let aL = pre + capacity * unitOffset[depth]
        let yhat = post + capacity * unitOffset[depth]
        let outAct = activations[depth - 1]
        // ∇a_L, with the 1/m of the mean.
        let invM = 1.0 / Double(m)
        for r in 0..<m {
            loss.outputGradients(a: UnsafeBufferPointer(start: aL + r * nL, count: nL),
                                 yhat: UnsafeBufferPointer(start: yhat + r * nL, count: nL),
                                 y: UnsafeBufferPointer(start: targets + r * nL, count: nL),
                                 activation: outAct, scale: invM, dyhat: nil,
                                 da: UnsafeMutableBufferPointer(start: gradA + r * nL, count: nL))
        }

        // Backward: ∇W_l = ∇a_lᵀ·h_{l−1}, ∇b_l = Σ rows, ∇h_{l−1} = ∇a_l·W_l, ∇a_{l−1} = g′ ⊙ ∇h_{l−1}.
        for l in stride(from: depth, through: 1, by: -1) {
            let nIn = sizes[l - 1], nOut = sizes[l]
            let hPrev = l == 1 ? input : UnsafePointer(post + capacity * unitOffset[l - 1])
            let dW = spare + weightOffset[l - 1], db = spare + biasOffset[l - 1]
            Trainer.transposedMultiply(gradA, hPrev, into: dW, m: m, rows: nOut, cols: nIn)
            for i in 0..<nOut { db[i] = 0 }
            for r in 0..<m { for i in 0..<nOut { db[i] += gradA[r * nOut + i] } }
            if l > 1 {
                Trainer.multiply(gradA, params + weightOffset[l - 1], into: gradH, m: m, k: nOut, n: nIn)
                let act = activations[l - 2]
                let aPrev = pre + capacity * unitOffset[l - 1]
                for r in 0..<m {
                    act.backprop(a: UnsafeBufferPointer(start: aPrev + r * nIn, count: nIn),
                                 h: UnsafeBufferPointer(start: hPrev + r * nIn, count: nIn),
                                 grad: UnsafeMutableBufferPointer(start: gradH + r * nIn, count: nIn))
                }
                // The next layer down reads ∇a from gradA.
                for k in 0..<(m * nIn) { gradA[k] = gradH[k] }
            }
        }
    }

    // MARK: - Products (row-major); plain loops when tiny, BLAS otherwise.

    static let blasThreshold = 4096

    /// C (m×n) = A (m×k) · Bᵀ where B is n×k.
    @inline(__always)
    static func multiplyTransposed(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                   m: Int, k: Int, n: Int) {
        if m * n * k >= blasThreshold {
            BLAS.gemm(transA: false, transB: true, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: c, ldc: n)
            return
        }
        for r in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for t in 0..<k { s += a[r * k + t] * b[j * k + t] }
                c[r * n + j] = s
            }
        }
    }

    /// C (rows×cols) = Aᵀ · B where A is m×rows and B is m×cols.
    @inline(__always)
    static func transposedMultiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                   m: Int, rows: Int, cols: Int) {
        if m * rows * cols >= blasThreshold {
            BLAS.gemm(transA: true, transB: false, m: rows, n: cols, k: m, a: a, lda: rows, b: b, ldb: cols, c: c, ldc: cols)
            return
        }
        for i in 0..<(rows * cols) { c[i] = 0 }
        for r in 0..<m {
            for i in 0..<rows {
                let g = a[r * rows + i]
                for j in 0..<cols { c[i * cols + j] += g * b[r * cols + j] }
            }
        }
    }

    /// C (m×n) = A (m×k) · B (k×n).
    @inline(__always)
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         m: Int, k: Int, n: Int) {
        if m * n * k >= blasThreshold {
            BLAS.gemm(transA: false, transB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n)
            return
        }
        for i in 0..<(m * n) { c[i] = 0 }
        for r in 0..<m {
            for t in 0..<k {
                let v = a[r * k + t]
                for j in 0..<n { c[r * n + j] += v * b[t * n + j] }
            }
        }
    }
}
