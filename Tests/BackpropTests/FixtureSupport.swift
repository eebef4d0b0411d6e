import Backprop
import Foundation
import Testing

/// Reads the fixtures written by Tests/fixtures/gen_fixtures.py (the independent numpy reference).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.malformed(name)
        }
        return object
    }

    static func cases() throws -> [[String: Any]] {
        guard let cases = try load("cases.json")["cases"] as? [[String: Any]] else { throw FixtureError.malformed("cases") }
        return cases
    }
}

enum FixtureError: Error { case malformed(String) }

func doubles(_ any: Any?) throws -> [Double] {
    guard let array = any as? [Any] else { throw FixtureError.malformed("expected an array of numbers") }
    return try array.map { v in
        guard let n = v as? NSNumber else { throw FixtureError.malformed("not a number: \(v)") }
        return n.doubleValue
    }
}

func matrix(_ any: Any?) throws -> Matrix {
    guard let rows = any as? [Any] else { throw FixtureError.malformed("expected a matrix") }
    return try Matrix(rows.map { try doubles($0) })
}

/// |got − want| ≤ rel·|want| + abs.
func close(_ got: Double, _ want: Double, rel: Double = 1e-9, abs absTol: Double = 1e-15) -> Bool {
    if got == want { return true }
    return Swift.abs(got - want) <= rel * Swift.abs(want) + absTol
}

/// Expects two matrices to agree entry by entry, naming the first disagreement.
func expectClose(_ got: Matrix, _ want: Matrix, rel: Double = 1e-9, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.shape == want.shape, "\(what): shape \(got.shape) vs \(want.shape)", sourceLocation: sourceLocation)
    guard got.shape == want.shape else { return }
    for k in got.storage.indices where !close(got.storage[k], want.storage[k], rel: rel) {
        Issue.record("\(what)[\(k / max(got.cols, 1) + 1),\(k % max(got.cols, 1) + 1)]: \(got.storage[k]) vs \(want.storage[k])",
                     sourceLocation: sourceLocation)
        return
    }
}

/// Builds the network of a fixture case with its parameters.
func network(from c: [String: Any]) throws -> Network {
    guard let sizes = c["sizes"] as? [Int], let acts = c["activations"] as? [String],
          let lossName = c["loss"] as? String, let loss = Loss(rawValue: lossName),
          let ws = c["W"] as? [Any], let bs = c["b"] as? [Any] else { throw FixtureError.malformed("case") }
    let activations = try acts.map { name -> Activation in
        guard let a = Activation(rawValue: name) else { throw FixtureError.malformed(name) }
        return a
    }
    var net = try Network(sizes: sizes, activations: activations, loss: loss)
    for l in 1...net.depth {
        try net.setWeights(layer: l, matrix(ws[l - 1]))
        try net.setBias(layer: l, doubles(bs[l - 1]))
    }
    return net
}
