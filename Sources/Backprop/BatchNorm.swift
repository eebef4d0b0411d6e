/// Batch norm over the rows of z (m examples × n units), BatchNorm1d's arithmetic, and its
/// backward pass in the course's steps (∂L/∂x̂, ∂L/∂σ², ∂L/∂μ, then ∂L/∂z).
public struct BatchNormRecord: Equatable, Sendable {
    /// The statistics the normalisation used: the batch's (train) or the running ones (eval).
    public let mean: [Double]
    /// Biased (÷ m) in train mode, as the normalisation uses it.
    public let variance: [Double]
    /// x̂ = (z − μ)/√(σ² + ε), m × n.
    public let xhat: Matrix
    /// Whether μ and σ² came from this batch (so gradients flow through them).
    public let usedBatchStatistics: Bool
    /// The running statistics after this pass (updated in train mode, unchanged in eval).
    public let runningMean: [Double]
    public let runningVariance: [Double]
}

/// ∂L/∂x̂ (m × n), ∂L/∂σ², ∂L/∂μ (n each; zero in eval mode), ∂L/∂γ, ∂L/∂β.
public struct BatchNormGradients: Equatable, Sendable {
    public let dxhat: Matrix
    public let dvariance: [Double]
    public let dmean: [Double]
    public let dgamma: [Double]
    public let dbeta: [Double]
}

enum BatchNorm {
    static func forward(_ z: Matrix, layer: StackLayer, mode: NetworkMode) -> (a: Matrix, record: BatchNormRecord) {
        let m = z.rows, n = z.cols, eps = layer.epsilon, mom = layer.momentum
        var mean = [Double](repeating: 0, count: n), variance = [Double](repeating: 0, count: n)
        var runMean = layer.runningMean, runVar = layer.runningVariance
        let batch = mode == .train
        if batch {
            for r in 0..<m { for i in 0..<n { mean[i] += z[r, i] } }
            for i in 0..<n { mean[i] /= Double(m) }
            for r in 0..<m { for i in 0..<n { let d = z[r, i] - mean[i]; variance[i] += d * d } }
            for i in 0..<n {
                let biased = variance[i] / Double(m)
                // PyTorch keeps the unbiased (÷ (m − 1)) variance in its running estimate.
                let unbiased = m > 1 ? variance[i] / Double(m - 1) : 0
                variance[i] = biased
                runMean[i] = (1 - mom) * runMean[i] + mom * mean[i]
                runVar[i] = (1 - mom) * runVar[i] + mom * unbiased
            }
        } else {
            mean = layer.runningMean
            variance = layer.runningVariance
        }
        var xhat = Matrix(rows: m, cols: n), a = Matrix(rows: m, cols: n)
        for i in 0..<n {
            let inv = 1 / (variance[i] + eps).squareRoot()
            for r in 0..<m {
                let v = (z[r, i] - mean[i]) * inv
                xhat[r, i] = v
                a[r, i] = layer.gamma[i] * v + layer.beta[i]
            }
        }
        return (a, BatchNormRecord(mean: mean, variance: variance, xhat: xhat, usedBatchStatistics: batch,
                                   runningMean: runMean, runningVariance: runVar))
    }

    /// From ∂L/∂a to ∂L/∂z. `dropsStatisticTerms` leaves out the paths through μ and σ² (the
    /// classic mistake), so that a test can show gradcheck catching it.
    static func backward(da: Matrix, z: Matrix, layer: StackLayer, record: BatchNormRecord,
                         dropsStatisticTerms: Bool = false) -> (dz: Matrix, grads: BatchNormGradients) {
        let m = da.rows, n = da.cols, eps = layer.epsilon, md = Double(m)
        var dxhat = Matrix(rows: m, cols: n), dz = Matrix(rows: m, cols: n)
        var dvar = [Double](repeating: 0, count: n), dmean = [Double](repeating: 0, count: n)
        var dgamma = [Double](repeating: 0, count: n), dbeta = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let inv = 1 / (record.variance[i] + eps).squareRoot()
            var sumCentered = 0.0
            for r in 0..<m {
                dxhat[r, i] = da[r, i] * layer.gamma[i]
                dgamma[i] += da[r, i] * record.xhat[r, i]
                dbeta[i] += da[r, i]
                sumCentered += z[r, i] - record.mean[i]
            }
            if record.usedBatchStatistics && !dropsStatisticTerms {
                // ∂L/∂σ² = Σ_r ∂L/∂x̂ · (z − μ) · (−½)(σ² + ε)^(−3/2)
                var dv = 0.0, dmu = 0.0
                for r in 0..<m { dv += dxhat[r, i] * (z[r, i] - record.mean[i]) }
                dv *= -0.5 * inv * inv * inv
                // ∂L/∂μ = Σ_r ∂L/∂x̂ · (−1/√(σ² + ε)) + ∂L/∂σ² · Σ_r −2(z − μ)/m
                for r in 0..<m { dmu -= dxhat[r, i] * inv }
                dmu += dv * (-2 * sumCentered / md)
                dvar[i] = dv
                dmean[i] = dmu
                for r in 0..<m {
                    dz[r, i] = dxhat[r, i] * inv + dv * 2 * (z[r, i] - record.mean[i]) / md + dmu / md
                }
            } else {
                for r in 0..<m { dz[r, i] = dxhat[r, i] * inv }
            }
        }
        return (dz, BatchNormGradients(dxhat: dxhat, dvariance: dvar, dmean: dmean, dgamma: dgamma, dbeta: dbeta))
    }
}
