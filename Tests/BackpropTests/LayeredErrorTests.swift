import Backprop
import Testing

/// Shape and argument errors of the layers beyond dense: named layer, both shapes, by how much.
@Suite struct LayeredErrorTests {
    func message(_ input: FeatureShape, _ specs: [LayeredNetwork.Spec]) -> String? {
        do { _ = try LayeredNetwork(input: input, layers: specs); return nil } catch { return error.description }
    }

    @Test func convThatDoesNotFitSaysByHowMuch() throws {
        let text = try #require(message(FeatureShape(channels: 1, height: 6, width: 6),
                                        [.init(.conv(filters: 2, kernelHeight: 8, kernelWidth: 3, stride: 1, padding: 0))]))
        #expect(text.contains("layer 1"))
        #expect(text.contains("1×6×6"))
        #expect(text.contains("8×3 kernel is 2 too tall"))
    }

    @Test func convNeedsAnImage() throws {
        let text = try #require(message(FeatureShape(vector: 36),
                                        [.init(.conv(filters: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 0))]))
        #expect(text.contains("layer 1 (conv 2 3x3)") && text.contains("shape 36"))
    }

    @Test func strideZeroAndBadP() throws {
        let image = FeatureShape(channels: 1, height: 6, width: 6)
        #expect(message(image, [.init(.conv(filters: 1, kernelHeight: 3, kernelWidth: 3, stride: 0, padding: 0))])?.contains("stride must be at least 1") == true)
        #expect(message(image, [.init(.maxPool(height: 2, width: 2, stride: 0))])?.contains("stride must be at least 1") == true)
        for p in [-0.1, 1, 1.5] {
            #expect(message(FeatureShape(vector: 4), [.init(.dropout(p: p, seed: 1))])?.contains("[0, 1)") == true)
        }
    }

    @Test func batchNormOnlyAfterDense() throws {
        let text = message(FeatureShape(vector: 4), [.init(.dropout(p: 0.5, seed: 1), batchNorm: true)])
        #expect(text?.contains("batchnorm follows a dense layer") == true)
    }

    @Test func batchNormNeedsTwoExamplesInTraining() throws {
        var net = try LayeredNetwork(input: FeatureShape(vector: 2), layers: [.init(.dense(units: 2), batchNorm: true)])
        #expect(throws: BackpropError.self) { try net.forward(Matrix(rows: 1, cols: 2)) }
        net.mode = .eval
        _ = try net.forward(Matrix(rows: 1, cols: 2))
    }

    @Test func parameterErrors() throws {
        let net = try LayeredNetwork(input: FeatureShape(vector: 2), layers: [.init(.dense(units: 2), batchNorm: true),
                                                                              .init(.dropout(p: 0.1, seed: 1))])
        #expect(throws: BackpropError.self) { try net.value(of: .gamma(layer: 1, unit: 3)) }
        #expect(throws: BackpropError.self) { try net.value(of: .gamma(layer: 2, unit: 1)) }
        #expect(throws: BackpropError.self) { try net.value(of: .weight(layer: 2, row: 1, column: 1)) }
        #expect(throws: BackpropError.self) { try net.value(of: .kernel(layer: 1, filter: 1, channel: 1, row: 1, column: 1)) }
        #expect(try net.value(of: .gamma(layer: 1, unit: 2)) == 1)
    }
}
