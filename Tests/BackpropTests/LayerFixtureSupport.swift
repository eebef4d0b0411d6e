import Backprop
import Foundation
import Testing

/// Reads Tests/fixtures/layer_cases.json, PyTorch float64's conv2d, maxpool2d, batchnorm1d and
/// dropout cases (written by Tests/fixtures/gen_layer_fixtures.py; its docstring has the format).
enum LayerFixtures {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/layer_cases.json")

    nonisolated(unsafe) static let document: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static func cases(_ kind: String) -> [[String: Any]] { document[kind] as? [[String: Any]] ?? [] }
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) throws -> Int {
        guard let n = self[key] as? NSNumber else { throw FixtureError.malformed(key) }
        return n.intValue
    }

    func array(_ key: String) throws -> [Double] { try doubles(self[key]) }

    var name: String { self["name"] as? String ?? "?" }
}

/// Expects equal counts and every entry within 1e-9 relative of the reference; entries that
/// cancel to near zero get an absolute floor of 1e-12 × the array's largest magnitude (a
/// different summation order moves them by a few ulps of the terms, not of the result).
func expectAllClose(_ got: [Double], _ want: [Double], rel: Double = 1e-9, _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == want.count, "\(what): \(got.count) values, want \(want.count)", sourceLocation: sourceLocation)
    guard got.count == want.count else { return }
    let floor = 1e-12 * max(1, want.map(abs).max() ?? 0)
    for (k, (g, w)) in zip(got, want).enumerated() where !(abs(g - w) <= rel * abs(w) + floor) {
        Issue.record("\(what)[\(k)]: \(g) vs torch \(w)", sourceLocation: sourceLocation)
        return
    }
}

/// Central differences of L(θ) = Σ g·f(θ) for each entry of θ (step h), to check a backward.
func numericGradient(of f: ([Double]) -> [Double], at theta: [Double], upstream g: [Double], h: Double = 1e-6) -> [Double] {
    func loss(_ t: [Double]) -> Double { zip(f(t), g).reduce(0) { $0 + $1.0 * $1.1 } }
    return theta.indices.map { k in
        var plus = theta, minus = theta
        plus[k] += h
        minus[k] -= h
        return (loss(plus) - loss(minus)) / (2 * h)
    }
}

/// Whether an analytic gradient agrees with central differences (1e-6 relative, 1e-7 absolute).
func agreesWithDifferences(_ analytic: [Double], _ numeric: [Double]) -> Bool {
    analytic.count == numeric.count && zip(analytic, numeric).allSatisfy { a, n in abs(a - n) <= 1e-6 * abs(n) + 1e-7 }
}

/// Seeded normals for the property tests.
func normals(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in rng.nextNormal() }
}
