@testable import Backprop
import Foundation
import Testing

/// conv2dForward / conv2dBackward against torch.nn.Conv2d in float64 (Tests/fixtures/layer_cases.json),
/// against central differences, and their errors.
@Suite struct ConvolutionTests {
    static func geometry(_ c: [String: Any]) throws -> ConvGeometry {
        try ConvGeometry(channels: c.int("channels"), height: c.int("height"), width: c.int("width"),
                         filters: c.int("filters"), kernelHeight: c.int("kernel_height"), kernelWidth: c.int("kernel_width"),
                         stride: c.int("stride"), padding: c.int("padding"))
    }

    @Test func fixturesArePresent() {
        #expect(LayerFixtures.cases("conv2d").count >= 100)
        let all = ["conv2d", "maxpool2d", "batchnorm1d", "dropout"].map { LayerFixtures.cases($0).count }.reduce(0, +)
        #expect(all >= 200)
    }

    @Test func forwardAndBackwardMatchTorch() throws {
        let cases = LayerFixtures.cases("conv2d")
        #expect(!cases.isEmpty)
        for c in cases {
            let g = try Self.geometry(c), batch = try c.int("batch")
            let (oh, ow) = (try c.int("output_height"), try c.int("output_width"))
            #expect(g.outputHeight == oh && g.outputWidth == ow, "\(c.name)")
            let x = try c.array("input"), k = try c.array("kernels")
            let y = conv2dForward(input: x, kernels: k, bias: try c.array("bias"), geometry: g, batch: batch)
            expectAllClose(y, try c.array("output"), "\(c.name) output")
            let d = conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: try c.array("output_gradient"), batch: batch)
            expectAllClose(d.input, try c.array("grad_input"), "\(c.name) grad_input")
            expectAllClose(d.kernels, try c.array("grad_kernels"), "\(c.name) grad_kernels")
            expectAllClose(d.bias, try c.array("grad_bias"), "\(c.name) grad_bias")
        }
    }

    /// The im2col + dgemm kernels against the one-loop-per-index reference on shapes larger than the
    /// fixtures', and one where whole kernel rows and columns only ever meet padding.
    @Test(arguments: [(2, 3, 12, 10, 4, 3, 5, 1, 2), (3, 2, 9, 9, 5, 4, 4, 2, 1), (64, 1, 28, 28, 6, 5, 5, 1, 0), (1, 4, 7, 3, 2, 7, 3, 3, 2),
                      (2, 2, 1, 2, 3, 5, 5, 1, 2)])
    func fastKernelsMatchTheLoops(_ s: (Int, Int, Int, Int, Int, Int, Int, Int, Int)) throws {
        let g = try ConvGeometry(channels: s.1, height: s.2, width: s.3, filters: s.4, kernelHeight: s.5, kernelWidth: s.6,
                                 stride: s.7, padding: s.8)
        let batch = s.0
        let x = normals(batch * g.inputCount, seed: 1), k = normals(g.kernelCount, seed: 2), b = normals(g.filters, seed: 3)
        let dy = normals(batch * g.outputCount, seed: 4)
        expectAllClose(conv2dForward(input: x, kernels: k, bias: b, geometry: g, batch: batch),
                       ConvLoops.forward(input: x, kernels: k, bias: b, geometry: g, batch: batch), "forward")
        let fast = conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: dy, batch: batch)
        let slow = ConvLoops.backward(input: x, kernels: k, geometry: g, outputGradient: dy, batch: batch)
        expectAllClose(fast.input, slow.input, "input")
        expectAllClose(fast.kernels, slow.kernels, "kernels")
        expectAllClose(fast.bias, slow.bias, "bias")
        let first = conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: dy, batch: batch, needsInputGradient: false)
        #expect(first.input.isEmpty && first.kernels == fast.kernels && first.bias == fast.bias)
    }

    /// Central differences of L = Σ g·y for every input, kernel and bias entry.
    @Test(arguments: [(2, 2, 5, 4, 3, 3, 2, 1, 1), (1, 1, 3, 3, 2, 3, 3, 1, 2), (2, 3, 6, 6, 2, 2, 3, 2, 0)])
    func backwardMatchesFiniteDifferences(_ s: (Int, Int, Int, Int, Int, Int, Int, Int, Int)) throws {
        let g = try ConvGeometry(channels: s.1, height: s.2, width: s.3, filters: s.4, kernelHeight: s.5, kernelWidth: s.6,
                                 stride: s.7, padding: s.8)
        let batch = s.0
        let x = normals(batch * g.inputCount, seed: 5), k = normals(g.kernelCount, seed: 6), b = normals(g.filters, seed: 7)
        let up = normals(batch * g.outputCount, seed: 8)
        let d = conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: up, batch: batch)
        let dx = numericGradient(of: { conv2dForward(input: $0, kernels: k, bias: b, geometry: g, batch: batch) }, at: x, upstream: up)
        let dk = numericGradient(of: { conv2dForward(input: x, kernels: $0, bias: b, geometry: g, batch: batch) }, at: k, upstream: up)
        let db = numericGradient(of: { conv2dForward(input: x, kernels: k, bias: $0, geometry: g, batch: batch) }, at: b, upstream: up)
        #expect(agreesWithDifferences(d.input, dx))
        #expect(agreesWithDifferences(d.kernels, dk))
        #expect(agreesWithDifferences(d.bias, db))
    }

    /// The same check rejects the classic mistake: a backward that uses the kernel unflipped
    /// where the input gradient needs it flipped (here: read k[f,c,kh−1−i,kw−1−j]).
    @Test func finiteDifferencesCatchABrokenBackward() throws {
        let g = try ConvGeometry(channels: 2, height: 5, width: 5, filters: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        let x = normals(g.inputCount, seed: 9), k = normals(g.kernelCount, seed: 10), b = [0.1, -0.2]
        let up = normals(g.outputCount, seed: 11)
        var flipped = k
        for f in 0..<2 { for c in 0..<2 { for i in 0..<3 { for j in 0..<3 {
            flipped[((f * 2 + c) * 3 + i) * 3 + j] = k[((f * 2 + c) * 3 + (2 - i)) * 3 + (2 - j)]
        } } } }
        let broken = conv2dBackward(input: x, kernels: flipped, geometry: g, outputGradient: up, batch: 1).input
        let dx = numericGradient(of: { conv2dForward(input: $0, kernels: k, bias: b, geometry: g, batch: 1) }, at: x, upstream: up)
        #expect(!agreesWithDifferences(broken, dx))
        #expect(agreesWithDifferences(conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: up, batch: 1).input, dx))
    }

    /// Every use of a shared weight, the exact count, and Σ over uses of ∂L/∂y·x = the backward's ∂L/∂k.
    @Test func weightUsesSumToTheKernelGradient() throws {
        let g = try ConvGeometry(channels: 2, height: 7, width: 5, filters: 3, kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1)
        let batch = 2
        let x = normals(batch * g.inputCount, seed: 12), k = normals(g.kernelCount, seed: 13)
        let up = normals(batch * g.outputCount, seed: 14)
        let dk = conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: up, batch: batch).kernels
        for f in 0..<g.filters { for c in 0..<g.channels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
            let uses = g.weightUses(filter: f, channel: c, row: i, column: j, batch: batch)
            #expect(uses.count == g.weightUseCount(row: i, column: j, batch: batch))
            #expect(Set(uses).count == uses.count)
            let sum = uses.reduce(0) { $0 + up[$1.outputIndex] * x[$1.inputIndex] }
            #expect(close(sum, dk[((f * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j]))
        } } } }
        // Output rows 0..3 read input rows −1, 1, 3, 5 through kernel row 0, and output columns 0..2
        // read input columns −1, 1, 3 through kernel column 0: −1 is padding.
        #expect(g.outputHeight == 4 && g.outputWidth == 3)
        #expect(g.weightUseCount(row: 0, column: 0, batch: 1) == 3 * 2)
        let first = try #require(g.weightUses(filter: 1, channel: 1, row: 0, column: 0, batch: 2).first)
        #expect(first == ConvWeightUse(example: 0, outputRow: 1, outputColumn: 1, inputRow: 1, inputColumn: 1,
                                       outputIndex: (1 * 4 + 1) * 3 + 1, inputIndex: (1 * 7 + 1) * 5 + 1))
        #expect(g.weightUses(filter: 3, channel: 0, row: 0, column: 0, batch: 1).isEmpty)
        #expect(g.weightUseCount(row: 3, column: 0, batch: 1) == 0)
    }

    /// LeNet's first layer: every weight meets 24·24 inputs per example, 36 864 at m = 64.
    @Test func leNetFirstLayerCount() throws {
        let g = try ConvGeometry(channels: 1, height: 28, width: 28, filters: 6, kernelHeight: 5, kernelWidth: 5)
        #expect(g.outputHeight == 24 && g.outputWidth == 24)
        #expect(g.weightUseCount(row: 4, column: 2, batch: 64) == 36_864)
        #expect(g.weightUses(filter: 5, channel: 0, row: 4, column: 2, batch: 64).count == 36_864)
    }

    @Test func geometryErrorsSayWhatToChange() {
        func message(_ body: () throws -> ConvGeometry) -> String {
            do { _ = try body(); return "no error" } catch { return (error as? BackpropError)?.description ?? "\(error)" }
        }
        #expect(message { try ConvGeometry(channels: 1, height: 3, width: 3, filters: 1, kernelHeight: 5, kernelWidth: 4) }
            == "the 5×4 kernel does not fit the 1×3×3 input: it is 2 rows too tall and 1 column too wide")
        #expect(message { try ConvGeometry(channels: 2, height: 3, width: 8, filters: 1, kernelHeight: 6, kernelWidth: 3, padding: 1) }
            == "the 6×3 kernel does not fit the 2×3×8 input (5×10 with padding 1): it is 1 row too tall")
        #expect(message { try ConvGeometry(channels: 1, height: 5, width: 5, filters: 1, kernelHeight: 3, kernelWidth: 3, stride: 0) }
            == "conv: the stride must be at least 1, not 0")
        #expect(message { try ConvGeometry(channels: 1, height: 5, width: 5, filters: 0, kernelHeight: 3, kernelWidth: 3) }
            == "conv: the filters must be at least 1, not 0")
        #expect(message { try ConvGeometry(channels: 1, height: -2, width: 5, filters: 1, kernelHeight: 3, kernelWidth: 3) }
            == "conv: the height must be at least 1, not -2")
        #expect(message { try ConvGeometry(channels: 1, height: 5, width: 5, filters: 1, kernelHeight: 3, kernelWidth: 3, padding: -1) }
            == "conv: the padding must be 0 or more, not -1")
        #expect(message { try ConvGeometry(channels: 1 << 20, height: 1 << 20, width: 1 << 20, filters: 1, kernelHeight: 1, kernelWidth: 1) }
            .hasSuffix("has more than 67108864 values per example"))
        #expect(message { try ConvGeometry(channels: 1, height: .max, width: 1, filters: 1, kernelHeight: 1, kernelWidth: 1, padding: .max) }
            != "no error")
    }

    /// Wrong counts: `validate` names the array and both shapes; the kernels return empty arrays, never trap.
    @Test func wrongCountsAreRefused() throws {
        let g = try ConvGeometry(channels: 2, height: 4, width: 4, filters: 3, kernelHeight: 3, kernelWidth: 3)
        let x = [Double](repeating: 1, count: 2 * 32), k = [Double](repeating: 1, count: 54), b = [0.0, 0, 0]
        #expect(throws: Never.self) { try g.validate(input: x, kernels: k, bias: b, batch: 2) }
        #expect(throws: BackpropError.shapeMismatch(what: "the conv input", expected: Shape(3, 32), actual: Shape(2, 32))) {
            try g.validate(input: x, kernels: k, bias: b, batch: 3)
        }
        #expect(throws: BackpropError.shapeMismatch(what: "the conv kernels", expected: Shape(3, 18), actual: Shape(1, 53))) {
            try g.validate(input: x, kernels: Array(k.dropLast()), batch: 2)
        }
        #expect(throws: BackpropError.self) { try g.validate(input: x, kernels: k, batch: 0) }
        #expect(conv2dForward(input: x, kernels: k, bias: b, geometry: g, batch: 3).isEmpty)
        #expect(conv2dForward(input: x, kernels: k, bias: [0], geometry: g, batch: 2).isEmpty)
        #expect(conv2dBackward(input: x, kernels: k, geometry: g, outputGradient: [1], batch: 2).input.isEmpty)
        #expect(conv2dForward(input: [], kernels: k, bias: b, geometry: g, batch: 0).isEmpty)
    }
}
