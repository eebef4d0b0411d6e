import Backprop
import Foundation
import Testing

/// maxPoolForward / maxPoolBackward against torch.nn.MaxPool2d in float64 (Tests/fixtures/layer_cases.json),
/// against central differences, and their errors.
@Suite struct MaxPoolTests {
    static func geometry(_ c: [String: Any]) throws -> PoolGeometry {
        try PoolGeometry(channels: c.int("channels"), height: c.int("height"), width: c.int("width"),
                         poolHeight: c.int("pool_height"), poolWidth: c.int("pool_width"),
                         stride: c.int("stride"), padding: c.int("padding"))
    }

    @Test func fixturesArePresent() {
        let cases = LayerFixtures.cases("maxpool2d")
        #expect(cases.count >= 50)
        #expect(cases.contains { $0["ties"] as? Bool == true })
    }

    /// Outputs, the winners (the first largest on ties, as torch) and the input gradient.
    @Test func forwardAndBackwardMatchTorch() throws {
        for c in LayerFixtures.cases("maxpool2d") {
            let g = try Self.geometry(c), batch = try c.int("batch")
            let (oh, ow) = (try c.int("output_height"), try c.int("output_width"))
            #expect(g.outputHeight == oh && g.outputWidth == ow, "\(c.name)")
            let (y, argmax) = maxPoolForward(input: try c.array("input"), geometry: g, batch: batch)
            expectAllClose(y, try c.array("output"), "\(c.name) output")
            #expect(argmax == (c["argmax"] as? [Int] ?? [-1]), "\(c.name) argmax")
            let dx = maxPoolBackward(outputGradient: try c.array("output_gradient"), argmax: argmax, geometry: g, batch: batch)
            expectAllClose(dx, try c.array("grad_input"), "\(c.name) grad_input")
        }
    }

    /// Central differences (the inputs are distinct normals, so no window is near a tie).
    @Test func backwardMatchesFiniteDifferences() throws {
        let g = try PoolGeometry(channels: 2, height: 7, width: 6, poolHeight: 3, poolWidth: 2, stride: 2, padding: 1)
        let x = normals(2 * g.inputCount, seed: 21), up = normals(2 * g.outputCount, seed: 22)
        let (_, argmax) = maxPoolForward(input: x, geometry: g, batch: 2)
        let dx = maxPoolBackward(outputGradient: up, argmax: argmax, geometry: g, batch: 2)
        let numeric = numericGradient(of: { maxPoolForward(input: $0, geometry: g, batch: 2).output }, at: x, upstream: up)
        #expect(agreesWithDifferences(dx, numeric))
        // A backward that spreads the gradient over the window (average pooling's) fails the same check.
        var spread = [Double](repeating: 0, count: x.count)
        for (k, i) in argmax.enumerated() { spread[i] += up[k] / 2; spread[i % 2 == 0 ? i + 1 : i - 1] += up[k] / 2 }
        #expect(!agreesWithDifferences(spread, numeric))
    }

    /// Overlapping windows (stride 1) that share a winner add their gradients there.
    @Test func overlappingWindowsAccumulate() throws {
        let g = try PoolGeometry(channels: 1, height: 1, width: 3, poolHeight: 1, poolWidth: 2, stride: 1)
        let (y, argmax) = maxPoolForward(input: [1, 5, 2], geometry: g, batch: 1)
        #expect(y == [5, 5] && argmax == [1, 1])
        #expect(maxPoolBackward(outputGradient: [0.25, 0.5], argmax: argmax, geometry: g, batch: 1) == [0, 0.75, 0])
    }

    @Test func defaultStrideIsTheWindow() throws {
        let g = try PoolGeometry(channels: 6, height: 24, width: 24, poolHeight: 2, poolWidth: 2)
        #expect(g.stride == 2 && g.outputHeight == 12 && g.outputWidth == 12 && g.outputCount == 864)
    }

    @Test func errorsSayWhatToChange() {
        func message(_ body: () throws -> PoolGeometry) -> String {
            do { _ = try body(); return "no error" } catch { return (error as? BackpropError)?.description ?? "\(error)" }
        }
        #expect(message { try PoolGeometry(channels: 1, height: 3, width: 3, poolHeight: 4, poolWidth: 2) }
            == "the 4×2 pooling window does not fit the 1×3×3 input: it is 1 row too tall")
        #expect(message { try PoolGeometry(channels: 1, height: 4, width: 4, poolHeight: 2, poolWidth: 2, stride: 0) }
            == "maxpool: the stride must be at least 1, not 0")
        #expect(message { try PoolGeometry(channels: 1, height: 4, width: 4, poolHeight: 2, poolWidth: 3, padding: 2) }
            == "maxpool: the padding may be at most half the 2×3 window (1), not 2")
        #expect(message { try PoolGeometry(channels: 0, height: 4, width: 4, poolHeight: 2, poolWidth: 2) }
            == "maxpool: the channels must be at least 1, not 0")
    }

    @Test func wrongCountsGiveEmptyArrays() throws {
        let g = try PoolGeometry(channels: 1, height: 2, width: 2, poolHeight: 2, poolWidth: 2)
        #expect(maxPoolForward(input: [1, 2, 3], geometry: g, batch: 1).output.isEmpty)
        #expect(maxPoolForward(input: [], geometry: g, batch: 0).argmax.isEmpty)
        #expect(maxPoolBackward(outputGradient: [1], argmax: [4], geometry: g, batch: 1).isEmpty)
        #expect(maxPoolBackward(outputGradient: [1], argmax: [-1], geometry: g, batch: 1).isEmpty)
        #expect(maxPoolBackward(outputGradient: [1, 2], argmax: [0], geometry: g, batch: 1).isEmpty)
        #expect(maxPoolBackward(outputGradient: [1], argmax: [3], geometry: g, batch: 1) == [0, 0, 0, 1])
    }
}
