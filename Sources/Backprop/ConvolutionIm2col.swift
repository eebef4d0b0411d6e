/// The convolution as matrix products (im2col): the batch's input patches become the columns of
/// a (C·kh·kw) × (batch·OH·OW) matrix, so the forward is one dgemm K·cols, the kernel gradient
/// one dgemm ∇Y·colsᵀ, and the input gradient one dgemm Kᵀ·∇Y scattered back (col2im).
/// Callers check the counts first (Convolution.swift); every size is then at least 1.
enum ConvIm2col {
    static func forward(input x: [Double], kernels k: [Double], bias: [Double], geometry g: ConvGeometry,
                        batch: Int) -> [Double] {
        let positions = g.positionCount, columns = batch * positions
        let cols = im2col(x, g, batch)
        // out = K (F × patch) · cols (patch × batch·P), filter-major.
        var out = uninitialized(g.filters * columns) { _ in }  // dgemm with β = 0 writes every entry
        product(k, cols, into: &out, transA: false, transB: false, m: g.filters, n: columns, k: g.patchCount)
        // To NCHW, adding the bias: y[n,f,·] = out[f, n·P ..< (n+1)·P] + b[f].
        return out.withUnsafeBufferPointer { po in
            uninitialized(columns * g.filters) { py in
                guard let from = po.baseAddress else { return }
                for n in 0..<batch {
                    for f in 0..<g.filters {
                        let src = from + f * columns + n * positions, dst = py + (n * g.filters + f) * positions, b = bias[f]
                        for p in 0..<positions { dst[p] = src[p] + b }
                    }
                }
            }
        }
    }

    static func backward(input x: [Double], kernels k: [Double], geometry g: ConvGeometry, outputGradient dy: [Double],
                         batch: Int, needsInputGradient: Bool) -> (input: [Double], kernels: [Double], bias: [Double]) {
        let positions = g.positionCount, columns = batch * positions
        // ∇Y filter-major (F × batch·P), and the bias gradient as its row sums.
        var bias = [Double](repeating: 0, count: g.filters)
        let dyT = dy.withUnsafeBufferPointer { pd in
            uninitialized(g.filters * columns) { pt in
                guard let from = pd.baseAddress else { return }
                for n in 0..<batch {
                    for f in 0..<g.filters {
                        let src = from + (n * g.filters + f) * positions, dst = pt + f * columns + n * positions
                        var s = 0.0
                        for p in 0..<positions { dst[p] = src[p]; s += src[p] }
                        bias[f] += s
                    }
                }
            }
        }
        var cols = im2col(x, g, batch)
        // ∇K (F × patch) = ∇Y (F × batch·P) · colsᵀ.
        var kernels = uninitialized(g.kernelCount) { _ in }  // β = 0
        product(dyT, cols, into: &kernels, transA: false, transB: true, m: g.filters, n: g.patchCount, k: columns)
        guard needsInputGradient else { return ([], kernels, bias) }
        // ∇cols (patch × batch·P) = Kᵀ · ∇Y into the cols buffer, then scattered back.
        product(k, dyT, into: &cols, transA: true, transB: false, m: g.patchCount, n: columns, k: g.filters)
        return (col2im(cols, g, batch), kernels, bias)
    }

    /// c = op(a)·op(b), row-major, m × n with inner size k; leading dimensions from the shapes.
    private static func product(_ a: [Double], _ b: [Double], into c: inout [Double], transA: Bool, transB: Bool,
                                m: Int, n: Int, k: Int) {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: A, lda: transA ? m : k,
                              b: B, ldb: transB ? k : n, c: C, ldc: n)
                }
            }
        }
    }

    /// cols[(c·kh + i)·kw + j][n·P + oy·OW + ox] = x[n, c, oy·s + i − p, ox·s + j − p], 0 in the padding.
    /// Every entry is written once (no zero-fill of the whole buffer first: that memset was a
    /// seventh of the LeNet step).
    static func im2col(_ x: [Double], _ g: ConvGeometry, _ batch: Int) -> [Double] {
        let positions = g.positionCount, columns = batch * positions, plane = g.height * g.width
        let ow = g.outputWidth, stride = g.stride
        return uninitialized(g.patchCount * columns) { dst in
            x.withUnsafeBufferPointer { px in
                guard let src = px.baseAddress else { return }
                for c in 0..<g.channels {
                    for i in 0..<g.kernelHeight {
                        let rows = g.validOutputs(offset: i, outputs: g.outputHeight, size: g.height)
                        for j in 0..<g.kernelWidth {
                            let row = ((c * g.kernelHeight + i) * g.kernelWidth + j) * columns
                            let range = g.validOutputs(offset: j, outputs: ow, size: g.width)
                            for n in 0..<batch {
                                for oy in 0..<g.outputHeight {
                                    let out = dst + row + n * positions + oy * ow
                                    guard rows.contains(oy), !range.isEmpty else {
                                        out.update(repeating: 0, count: ow)
                                        continue
                                    }
                                    let line = src + ((n * g.channels + c) * plane + (oy * stride + i - g.padding) * g.width
                                        + j - g.padding + range.lowerBound * stride)
                                    for ox in 0..<range.lowerBound { out[ox] = 0 }
                                    let into = out + range.lowerBound
                                    if stride == 1 {
                                        for t in 0..<range.count { into[t] = line[t] }
                                    } else {
                                        for t in 0..<range.count { into[t] = line[t * stride] }
                                    }
                                    for ox in range.upperBound..<ow { out[ox] = 0 }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// An array of `count` doubles that `body` must fill completely.
    static func uninitialized(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            body(base)
            initialized = count
        }
    }

    /// The adjoint of im2col: every column entry is added back to the input position it came from.
    static func col2im(_ cols: [Double], _ g: ConvGeometry, _ batch: Int) -> [Double] {
        let positions = g.positionCount, columns = batch * positions, plane = g.height * g.width
        var dx = [Double](repeating: 0, count: batch * g.inputCount)
        cols.withUnsafeBufferPointer { pc in
            dx.withUnsafeMutableBufferPointer { pd in
                guard let src = pc.baseAddress, let dst = pd.baseAddress else { return }
                for c in 0..<g.channels {
                    for i in 0..<g.kernelHeight {
                        let rows = g.validOutputs(offset: i, outputs: g.outputHeight, size: g.height)
                        for j in 0..<g.kernelWidth {
                            let row = ((c * g.kernelHeight + i) * g.kernelWidth + j) * columns
                            let range = g.validOutputs(offset: j, outputs: g.outputWidth, size: g.width)
                            guard !range.isEmpty else { continue }
                            for n in 0..<batch {
                                for oy in rows {
                                    let from = src + row + n * positions + oy * g.outputWidth
                                    let line = (n * g.channels + c) * plane + (oy * g.stride + i - g.padding) * g.width
                                        + j - g.padding
                                    for ox in range { dst[line + ox * g.stride] += from[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}

extension ConvGeometry {
    /// The output positions o along one axis whose input o·stride + offset − padding lies in 0..<size.
    func validOutputs(offset: Int, outputs: Int, size: Int) -> Range<Int> {
        let lowNumerator = padding - offset, highNumerator = size - 1 + padding - offset
        let low = lowNumerator <= 0 ? 0 : (lowNumerator + stride - 1) / stride
        let high = highNumerator < 0 ? -1 : min(highNumerator / stride, outputs - 1)
        return low <= high ? low..<(high + 1) : 0..<0
    }
}
