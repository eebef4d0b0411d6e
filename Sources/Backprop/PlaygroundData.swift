/// TF Playground's four classification sets (src/dataset.ts of tensorflow/playground), drawn
/// with the engine's `SeededGenerator` instead of Math.random, so `data circle 200 noise 0.1
/// seed 3` is the same everywhere. x is n × 2 (the point), y is n × 1: the Playground's label
/// +1 becomes 1 and −1 becomes 0 (for a sigmoid output and binary cross-entropy).
///
/// `noise` is on the Playground's scale, 0 … 0.5 (its slider shows 0 … 50 and divides by 100).
/// The classes are generated one after the other, as in the Playground (which shuffles later,
/// when it splits; `split` shuffles here): the first ⌈n/2⌉ rows are the positive class for
/// circle, gaussian and spiral (the Playground draws n/2 of each and so n + 1 points for an odd n).
public enum PlaygroundData: String, CaseIterable, Sendable {
    /// Positives uniform in a disc of radius 2.5, negatives in the ring 3.5 … 5; a point's label
    /// is whether its position plus noise U(−5, 5)·noise (per coordinate) lies within 2.5.
    case circle
    /// Uniform in [−5, 5]² pushed 0.3 away from the axes; the label is x·y ≥ 0 after noise
    /// U(−5, 5)·noise per coordinate.
    case xor
    /// Two Gaussians at (2, 2) (positive) and (−2, −2), variance 0.5 + 7·noise per coordinate
    /// (Marsaglia's polar method, as the Playground's normalRandom).
    case gaussian
    /// Two interleaved arms r = 5i/k, t = 1.75·2π·i/k (+ π for the negatives), point
    /// (r sin t, r cos t) plus U(−1, 1)·noise per coordinate, k points per arm.
    case spiral

    /// n points (2 … `Dataset.maxExamples`) with `noise` (finite, 0 … 1) and `seed`.
    public func generate(count n: Int, noise: Double, seed: UInt64) throws(BackpropError) -> Dataset {
        guard n >= 2, n <= Dataset.maxExamples else {
            throw BackpropError.invalidArgument("a data set needs between 2 and \(Dataset.maxExamples) points, not \(n)")
        }
        guard noise.isFinite, noise >= 0, noise <= 1 else {
            throw BackpropError.invalidArgument("the noise must be a number from 0 to 1 (the Playground's 0 … 0.5), not \(noise)")
        }
        var rng = SeededGenerator(seed: seed)
        var points: [(Double, Double, Bool)] = []
        points.reserveCapacity(n)
        let positives = (n + 1) / 2
        func uniform(_ a: Double, _ b: Double) -> Double { rng.nextUnit() * (b - a) + a }
        switch self {
        case .circle:
            let radius = 5.0
            for i in 0..<n {
                let inside = i < positives
                let r = inside ? uniform(0, radius * 0.5) : uniform(radius * 0.7, radius)
                let angle = uniform(0, 2 * Double.pi)
                let x = r * sin(angle), y = r * cos(angle)
                let nx = uniform(-radius, radius) * noise, ny = uniform(-radius, radius) * noise
                let px = x + nx, py = y + ny
                points.append((x, y, (px * px + py * py).squareRoot() < radius * 0.5))
            }
        case .xor:
            let padding = 0.3
            for _ in 0..<n {
                var x = uniform(-5, 5)
                x += x > 0 ? padding : -padding
                var y = uniform(-5, 5)
                y += y > 0 ? padding : -padding
                let nx = uniform(-5, 5) * noise, ny = uniform(-5, 5) * noise
                points.append((x, y, (x + nx) * (y + ny) >= 0))
            }
        case .gaussian:
            let variance = 0.5 + noise * 7  // d3.scale.linear().domain([0, .5]).range([0.5, 4])
            func normal(_ mean: Double) -> Double {
                var v1 = 0.0, s = 0.0
                repeat {
                    v1 = 2 * rng.nextUnit() - 1
                    let v2 = 2 * rng.nextUnit() - 1
                    s = v1 * v1 + v2 * v2
                } while s > 1 || s == 0
                return mean + variance.squareRoot() * ((-2 * log(s) / s).squareRoot() * v1)
            }
            for i in 0..<n {
                let c = i < positives ? 2.0 : -2.0
                let x = normal(c), y = normal(c)
                points.append((x, y, i < positives))
            }
        case .spiral:
            for (arm, k) in [(0, positives), (1, n - positives)] {
                let delta = arm == 0 ? 0 : Double.pi
                for i in 0..<k {
                    let r = Double(i) / Double(k) * 5
                    let t = 1.75 * Double(i) / Double(k) * 2 * Double.pi + delta
                    let x = r * sin(t) + uniform(-1, 1) * noise
                    let y = r * cos(t) + uniform(-1, 1) * noise
                    points.append((x, y, arm == 0))
                }
            }
        }
        var x = Matrix(rows: n, cols: 2), y = Matrix(rows: n, cols: 1)
        for (i, p) in points.enumerated() {
            x[i, 0] = p.0
            x[i, 1] = p.1
            y[i, 0] = p.2 ? 1 : 0
        }
        return try Dataset(x: x, y: y)
    }
}
