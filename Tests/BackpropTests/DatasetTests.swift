import Backprop
import Testing

/// The Playground data sets and `split`: shapes, the geometry of each set (its labels follow the
/// Playground's rule exactly when there is no noise), determinism per seed.
@Suite struct DatasetTests {
    @Test(arguments: PlaygroundData.allCases)
    func shapeAndDeterminism(_ kind: PlaygroundData) throws {
        for n in [2, 7, 200] {
            let a = try kind.generate(count: n, noise: 0.2, seed: 3)
            #expect(a.x.shape == Shape(n, 2) && a.y.shape == Shape(n, 1))
            #expect(a.y.storage.allSatisfy { $0 == 0 || $0 == 1 })
            #expect(a.x.firstNonFinite == nil)
            #expect(try kind.generate(count: n, noise: 0.2, seed: 3) == a)
            #expect(try kind.generate(count: n, noise: 0.2, seed: 4) != a)
        }
    }

    @Test func circleAtNoNoise() throws {
        let d = try PlaygroundData.circle.generate(count: 300, noise: 0, seed: 1)
        for r in 0..<d.count {
            let radius = (d.x[r, 0] * d.x[r, 0] + d.x[r, 1] * d.x[r, 1]).squareRoot()
            // Positives fill the disc of radius 2.5, negatives the ring 3.5 … 5.
            if r < 150 { #expect(radius <= 2.5 && d.y[r, 0] == 1) } else { #expect(radius >= 3.5 && radius <= 5 && d.y[r, 0] == 0) }
        }
    }

    @Test func xorAtNoNoise() throws {
        let d = try PlaygroundData.xor.generate(count: 400, noise: 0, seed: 2)
        var positives = 0
        for r in 0..<d.count {
            let x = d.x[r, 0], y = d.x[r, 1]
            #expect(Swift.abs(x) >= 0.3 && Swift.abs(x) <= 5.3 && Swift.abs(y) >= 0.3 && Swift.abs(y) <= 5.3)
            #expect(d.y[r, 0] == (x * y >= 0 ? 1 : 0))
            positives += Int(d.y[r, 0])
        }
        #expect(positives > 150 && positives < 250)
    }

    @Test func gaussianCentresAndSpread() throws {
        let noise = 0.1
        let d = try PlaygroundData.gaussian.generate(count: 4000, noise: noise, seed: 3)
        let variance = 0.5 + 7 * noise
        for (rows, centre, label) in [(0..<2000, 2.0, 1.0), (2000..<4000, -2.0, 0.0)] {
            let xs = rows.map { d.x[$0, 0] }, ys = rows.map { d.x[$0, 1] }
            for s in [Spread(xs), Spread(ys)] {
                #expect(Swift.abs(s.mean - centre) < 5 * (variance / 2000).squareRoot())
                #expect(Swift.abs(s.std * s.std / variance - 1) < 0.1)
            }
            #expect(rows.allSatisfy { d.y[$0, 0] == label })
        }
    }

    @Test func spiralArms() throws {
        let d = try PlaygroundData.spiral.generate(count: 100, noise: 0, seed: 1)
        // Arm points lie at radius 5i/50 and angle 1.75·2π·i/50 (+π for the second arm).
        for arm in 0..<2 {
            for i in 0..<50 {
                let r = arm * 50 + i
                let radius = 5 * Double(i) / 50, t = 1.75 * Double(i) / 50 * 2 * Double.pi + (arm == 0 ? 0 : Double.pi)
                #expect(Swift.abs(d.x[r, 0] - radius * sin(t)) < 1e-12 && Swift.abs(d.x[r, 1] - radius * cos(t)) < 1e-12)
                #expect(d.y[r, 0] == (arm == 0 ? 1 : 0))
            }
        }
    }

    @Test func badArgumentsAreRefused() {
        for (n, noise) in [(1, 0.1), (0, 0.1), (-5, 0.1), (Dataset.maxExamples + 1, 0.1), (10, -0.1), (10, .nan), (10, 2)] {
            #expect(throws: BackpropError.self) { _ = try PlaygroundData.circle.generate(count: n, noise: noise, seed: 1) }
        }
    }

    @Test func splitIsAPartitionAndDeterministic() throws {
        let d = try PlaygroundData.spiral.generate(count: 101, noise: 0.1, seed: 5)
        let s = try d.split(fraction: 0.8, seed: 1)
        #expect(s.train.count == 81 && s.heldOut.count == 20)
        #expect(Set(s.trainRows).isDisjoint(with: s.heldOutRows))
        #expect((s.trainRows + s.heldOutRows).sorted() == Array(0..<101))
        for (k, r) in s.trainRows.enumerated() { #expect(s.train.x.row(k) == d.x.row(r) && s.train.y.row(k) == d.y.row(r)) }
        for (k, r) in s.heldOutRows.enumerated() { #expect(s.heldOut.x.row(k) == d.x.row(r)) }
        #expect(try d.split(fraction: 0.8, seed: 1) == s)
        #expect(try d.split(fraction: 0.8, seed: 2) != s)
        // It shuffles: the held-out rows are not simply the last ones.
        #expect(s.heldOutRows != Array(81..<101))
        // At least one example on each side.
        let tiny = try d.rows([0, 1]).split(fraction: 0.01, seed: 1)
        #expect(tiny.train.count == 1 && tiny.heldOut.count == 1)
        #expect(try d.rows(Array(0..<100)).split(fraction: 0.29, seed: 1).train.count == 29)  // 0.29·100 = 28.999…
    }

    @Test func badSplitsAreRefused() throws {
        let d = try PlaygroundData.xor.generate(count: 10, noise: 0, seed: 1)
        for f in [0.0, 1.0, -0.5, 1.5, .nan, .infinity] {
            #expect(throws: BackpropError.self) { _ = try d.split(fraction: f, seed: 1) }
        }
        #expect(throws: BackpropError.self) { _ = try d.rows([3]).split(fraction: 0.5, seed: 1) }
        #expect(throws: BackpropError.self) { _ = try Dataset(x: Matrix(rows: 3, cols: 2), y: Matrix(rows: 2, cols: 1)) }
    }
}
