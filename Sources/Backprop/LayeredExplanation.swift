/// ∂L/∂θ of one parameter of a `LayeredNetwork`, split into the groups of chain-rule paths the
/// course draws: a shared conv weight gives one group per position it is used at; a weight
/// before batch norm gives, per example, the direct path through x̂ and the paths through μ
/// and σ² that every example of the batch shares; a path through a unit dropout dropped is
/// zero and marked. Every group's value is its upstream gradient times its local factor; the
/// groups sum to the backward pass's gradient.
public struct LayeredExplanation: Sendable {
    public struct Group: Sendable {
        /// Where the paths go: "example 2, output (1,3) ← input (2,4)", "example 1 through μ".
        public let label: String
        /// The upstream gradient (∂L/∂z at that position, or its term through x̂, μ or σ²).
        public let upstream: Double
        /// The local factor: the input the weight multiplies there (1 for a bias, x̂ for γ).
        public let local: Double
        public let product: Double
        /// Set when the paths run through a unit dropout zeroed, or through padding.
        public let zeroedBy: String?
    }

    public let parameter: LayerParameter
    public let groups: [Group]
    /// What one group is ("position", "example", "example and path through x̂, μ or σ²").
    public let groupKind: String
    public let gradient: Double
    public var pathSum: Double { groups.reduce(0) { $0 + $1.product } }
}

extension LayeredNetwork {
    public func explain(_ p: LayerParameter, x: Matrix, y: Matrix) throws(BackpropError) -> LayeredExplanation {
        try validate(p)
        let (cache, grads) = try gradients(x: x, y: y)
        let l = p.layer, layer = layers[l - 1], record = cache.records[l - 1], g = grads.layer(l)
        let m = x.rows
        var groups: [LayeredExplanation.Group] = []
        // Whether h_{l−1}[r, j] was zeroed by a dropout layer just before, or z_l[r, i] is dropped just after.
        func droppedBefore(_ r: Int, _ j: Int) -> Bool {
            guard l >= 2, let mask = cache.records[l - 2].mask else { return false }
            return mask[r, j] == 0
        }
        func droppedAfter(_ r: Int, _ i: Int) -> Bool {
            guard l < depth, let mask = cache.records[l].mask else { return false }
            return mask[r, i] == 0
        }
        func add(_ label: String, _ upstream: Double, _ local: Double, zeroed: String?) {
            groups.append(.init(label: label, upstream: upstream, local: local, product: upstream * local, zeroedBy: zeroed))
        }
        var kind = "example"
        switch p {
        case let .weight(_, i, _), let .bias(_, i):
            let isBias: Bool = if case .bias = p { true } else { false }
            let column: Int = if case let .weight(_, _, jj) = p { jj - 1 } else { 0 }
            for r in 0..<m {
                let local = isBias ? 1 : record.input[r, column]
                let zeroed: String? = !isBias && droppedBefore(r, column) ? "dropout of layer \(l - 1) zeroed this input"
                    : droppedAfter(r, i - 1) ? "dropout of layer \(l + 1) dropped unit \(i)" : nil
                if let bn = record.batchNorm, let bg = g.batchNorm, bn.usedBatchStatistics {
                    kind = "example and path (through x̂, σ² or μ)"
                    let inv = 1 / (bn.variance[i - 1] + layer.epsilon).squareRoot()
                    let centered = record.z[r, i - 1] - bn.mean[i - 1]
                    add("example \(r + 1), direct through x̂", bg.dxhat[r, i - 1] * inv, local, zeroed: zeroed)
                    add("example \(r + 1), through σ² (shared by the batch)", bg.dvariance[i - 1] * 2 * centered / Double(m), local, zeroed: nil)
                    add("example \(r + 1), through μ (shared by the batch)", bg.dmean[i - 1] / Double(m), local, zeroed: nil)
                } else {
                    add("example \(r + 1)", g.dz[r, i - 1], local, zeroed: zeroed)
                }
            }
        case let .gamma(_, i), let .beta(_, i):
            let isGamma: Bool = if case .gamma = p { true } else { false }
            for r in 0..<m {
                let local = isGamma ? (record.batchNorm?.xhat[r, i - 1] ?? 0) : 1
                add("example \(r + 1)", g.da[r, i - 1], local, zeroed: droppedAfter(r, i - 1) ? "dropout of layer \(l + 1) dropped unit \(i)" : nil)
            }
        case let .kernel(_, f, c, i, j):
            kind = "position"
            guard case let .conv(_, _, _, s, pad) = layer.kind else { break }
            let inS = layer.inputShape, out = layer.outputShape
            let outArea = out.height * out.width, inArea = inS.height * inS.width
            for r in 0..<m {
                for oy in 0..<out.height {
                    for ox in 0..<out.width {
                        let iy = oy * s + i - 1 - pad, ix = ox * s + j - 1 - pad
                        let upstream = g.dz[r, (f - 1) * outArea + oy * out.width + ox]
                        let label = "example \(r + 1), output (\(oy + 1),\(ox + 1)) ← input (\(iy + 1),\(ix + 1))"
                        guard iy >= 0, iy < inS.height, ix >= 0, ix < inS.width else {
                            add(label, upstream, 0, zeroed: "padding")
                            continue
                        }
                        let k = (c - 1) * inArea + iy * inS.width + ix
                        add(label, upstream, record.input[r, k], zeroed: droppedBefore(r, k) ? "dropout of layer \(l - 1) zeroed this input" : nil)
                    }
                }
            }
        }
        return LayeredExplanation(parameter: p, groups: groups, groupKind: kind, gradient: grads.value(of: p, in: self))
    }
}
