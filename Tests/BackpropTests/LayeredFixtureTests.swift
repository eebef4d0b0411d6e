import Backprop
import Foundation
import Testing

/// The layers beyond dense through the `LayeredNetwork` API against PyTorch float64
/// (Tests/fixtures/gen_layer_fixtures.py → Tests/fixtures/layer_cases.json), to 1e-9 relative:
/// each case is a one-layer network, run forward and backward from torch's output gradient.
@Suite struct LayeredFixtureTests {
    /// Read once; never written after (hence nonisolated).
    nonisolated(unsafe) static let document: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/layer_cases.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static func cases(_ kind: String) -> [[String: Any]] { document[kind] as? [[String: Any]] ?? [] }

    static func integer(_ c: [String: Any], _ key: String) throws -> Int {
        guard let n = c[key] as? NSNumber else { throw FixtureError.malformed(key) }
        return n.intValue
    }

    static func values(_ c: [String: Any], _ key: String) throws -> [Double] { try doubles(c[key]) }

    static func batch(_ c: [String: Any], _ key: String, rows: Int) throws -> Matrix {
        let v = try values(c, key)
        guard rows > 0, v.count % rows == 0, let m = Matrix(rows: rows, cols: v.count / rows, storage: v) else {
            throw FixtureError.malformed(key)
        }
        return m
    }

    static func expectClose(_ got: [Double], _ want: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): \(got.count) values, want \(want.count)", sourceLocation: sourceLocation)
        let scale = want.map(abs).max() ?? 0
        let bad = zip(got, want).filter { !close($0, $1, rel: 1e-9, abs: 1e-12 * max(1, scale)) }
        #expect(bad.isEmpty, "\(what): \(bad.prefix(3))", sourceLocation: sourceLocation)
    }

    @Test func atLeast200Cases() {
        let total = ["conv2d", "maxpool2d", "batchnorm1d", "dropout"].map { Self.cases($0).count }.reduce(0, +)
        #expect(total >= 200)
        #expect(!Self.cases("batchnorm1d").isEmpty && !Self.cases("dropout").isEmpty && !Self.cases("conv2d").isEmpty)
    }

    @Test func convolution() throws {
        for c in Self.cases("conv2d") {
            let m = try Self.integer(c, "batch")
            let shape = FeatureShape(channels: try Self.integer(c, "channels"), height: try Self.integer(c, "height"), width: try Self.integer(c, "width"))
            let kind = LayerKind.conv(filters: try Self.integer(c, "filters"), kernelHeight: try Self.integer(c, "kernel_height"),
                                      kernelWidth: try Self.integer(c, "kernel_width"), stride: try Self.integer(c, "stride"),
                                      padding: try Self.integer(c, "padding"))
            var net = try LayeredNetwork(input: shape, layers: [.init(kind)])
            let k = try Self.values(c, "kernels")
            net.layers[0].weights = try #require(Matrix(rows: net.layers[0].weights.rows, cols: net.layers[0].weights.cols, storage: k))
            net.layers[0].bias = try Self.values(c, "bias")
            let cache = try net.forward(try Self.batch(c, "input", rows: m))
            Self.expectClose(cache.yhat.storage, try Self.values(c, "output"), "\(c["name"] ?? "") output")
            let g = try net.backward(cache, outputGradient: try Self.batch(c, "output_gradient", rows: m)).layer(1)
            Self.expectClose(g.dInput.storage, try Self.values(c, "grad_input"), "\(c["name"] ?? "") grad_input")
            Self.expectClose(g.dWeights.storage, try Self.values(c, "grad_kernels"), "\(c["name"] ?? "") grad_kernels")
            Self.expectClose(g.dBias, try Self.values(c, "grad_bias"), "\(c["name"] ?? "") grad_bias")
        }
    }

    @Test func maxPooling() throws {
        for c in Self.cases("maxpool2d") where (c["padding"] as? NSNumber)?.intValue == 0 {
            let m = try Self.integer(c, "batch")
            let shape = FeatureShape(channels: try Self.integer(c, "channels"), height: try Self.integer(c, "height"), width: try Self.integer(c, "width"))
            let kind = LayerKind.maxPool(height: try Self.integer(c, "pool_height"), width: try Self.integer(c, "pool_width"),
                                         stride: try Self.integer(c, "stride"))
            let net = try LayeredNetwork(input: shape, layers: [.init(kind)])
            let cache = try net.forward(try Self.batch(c, "input", rows: m))
            Self.expectClose(cache.yhat.storage, try Self.values(c, "output"), "\(c["name"] ?? "") output")
            let g = try net.backward(cache, outputGradient: try Self.batch(c, "output_gradient", rows: m)).layer(1)
            Self.expectClose(g.dInput.storage, try Self.values(c, "grad_input"), "\(c["name"] ?? "") grad_input")
        }
    }

    @Test func batchNormTrainAndEval() throws {
        for c in Self.cases("batchnorm1d") {
            let m = try Self.integer(c, "batch"), n = try Self.integer(c, "features"), name = c["name"] as? String ?? ""
            // A dense layer with W = I and b = 0 in front: z is x exactly, ∂L/∂x is ∂L/∂z exactly.
            var net = try LayeredNetwork(input: FeatureShape(vector: n), layers: [.init(.dense(units: n), batchNorm: true)])
            for i in 0..<n { net.layers[0].weights[i, i] = 1 }
            net.layers[0].gamma = try Self.values(c, "gamma")
            net.layers[0].beta = try Self.values(c, "beta")
            net.layers[0].runningMean = try Self.values(c, "running_mean")
            net.layers[0].runningVariance = try Self.values(c, "running_var")
            net.layers[0].epsilon = try #require((c["eps"] as? NSNumber)?.doubleValue)
            net.layers[0].momentum = try #require((c["momentum"] as? NSNumber)?.doubleValue)
            let cache = try net.forward(try Self.batch(c, "input", rows: m))
            let record = try #require(cache.records[0].batchNorm)
            Self.expectClose(cache.yhat.storage, try Self.values(c, "output"), "\(name) output")
            Self.expectClose(record.mean, try Self.values(c, "mean"), "\(name) mean")
            Self.expectClose(record.variance, try Self.values(c, "var"), "\(name) var")
            Self.expectClose(record.xhat.storage, try Self.values(c, "xhat"), "\(name) xhat")
            Self.expectClose(record.runningMean, try Self.values(c, "running_mean_after"), "\(name) running mean")
            Self.expectClose(record.runningVariance, try Self.values(c, "running_var_after"), "\(name) running var")
            let g = try net.backward(cache, outputGradient: try Self.batch(c, "output_gradient", rows: m)).layer(1)
            let bn = try #require(g.batchNorm)
            Self.expectClose(g.dInput.storage, try Self.values(c, "grad_input"), "\(name) grad_input")
            Self.expectClose(bn.dgamma, try Self.values(c, "grad_gamma"), "\(name) grad_gamma")
            Self.expectClose(bn.dbeta, try Self.values(c, "grad_beta"), "\(name) grad_beta")
            Self.expectClose(bn.dxhat.storage, try Self.values(c, "grad_xhat"), "\(name) grad_xhat")
            Self.expectClose(bn.dvariance, try Self.values(c, "grad_var"), "\(name) grad_var")
            Self.expectClose(bn.dmean, try Self.values(c, "grad_mean"), "\(name) grad_mean")
            // Eval mode on another batch with the updated running statistics.
            net.keepRunningStatistics(of: cache)
            net.mode = .eval
            let eval = try net.forward(try Self.batch(c, "eval_input", rows: try Self.integer(c, "eval_batch")))
            Self.expectClose(eval.yhat.storage, try Self.values(c, "eval_output"), "\(name) eval_output")
        }
    }

    @Test func dropoutWithTorchsMask() throws {
        for c in Self.cases("dropout") {
            let m = try Self.integer(c, "batch"), n = try Self.integer(c, "features"), name = c["name"] as? String ?? ""
            let p = try #require((c["p"] as? NSNumber)?.doubleValue)
            var net = try LayeredNetwork(input: FeatureShape(vector: n), layers: [.init(.dropout(p: p, seed: 1))])
            let mask = try Self.batch(c, "mask", rows: m)
            let x = try Self.batch(c, "input", rows: m)
            let cache = try net.forward(x, masks: [1: mask])
            Self.expectClose(cache.yhat.storage, try Self.values(c, "output"), "\(name) output")
            let g = try net.backward(cache, outputGradient: try Self.batch(c, "output_gradient", rows: m)).layer(1)
            Self.expectClose(g.dInput.storage, try Self.values(c, "grad_input"), "\(name) grad_input")
            net.mode = .eval
            Self.expectClose(try net.forward(x).yhat.storage, try Self.values(c, "eval_output"), "\(name) eval_output")
        }
    }
}
