import Backprop

/// `explain` of a first-layer conv weight of the LeNet-sized network of issue 16
/// (1×28×28 → conv 6 5x5 → maxpool → conv 16 5x5 → maxpool → 120 → 84 → 10, m = 64): the
/// time (target < 100 ms) and whether the group count is exact (m × 24 × 24 positions).
func benchLayeredExplain(seconds: Double) throws {
    let specs: [LayeredNetwork.Spec] = [
        .init(.conv(filters: 6, kernelHeight: 5, kernelWidth: 5, stride: 1, padding: 0), activation: .relu),
        .init(.maxPool(height: 2, width: 2, stride: 2)),
        .init(.conv(filters: 16, kernelHeight: 5, kernelWidth: 5, stride: 1, padding: 0), activation: .relu),
        .init(.maxPool(height: 2, width: 2, stride: 2)),
        .init(.dense(units: 120), activation: .relu),
        .init(.dense(units: 84), activation: .relu),
        .init(.dense(units: 10), activation: .softmax),
    ]
    var net = try LayeredNetwork(input: FeatureShape(channels: 1, height: 28, width: 28), layers: specs, loss: .crossEntropy)
    try net.initialize(.xavier(seed: 1))
    let m = 64
    var rng = SeededGenerator(seed: 5)
    let x = randomMatrix(m, 784, &rng), y = oneHot(m, 10, &rng)
    var groups = 0
    var sumMatches = false
    let t = try measure(seconds: seconds, rounds: 3) {
        let e = try net.explain(.kernel(layer: 1, filter: 1, channel: 1, row: 1, column: 1), x: x, y: y)
        groups = e.groups.count
        sumMatches = abs(e.pathSum - e.gradient) <= 1e-9 * max(1e-12, abs(e.gradient))
    }
    let expected = m * 24 * 24
    line([("bench", "explain_conv_weight_lenet"), ("m", m), ("ms", t * 1000), ("target_ms", 100),
          ("groups", groups), ("expected_groups", expected), ("exact", groups == expected && sumMatches ? "yes" : "no")])
}
