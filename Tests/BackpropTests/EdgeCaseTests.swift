import Backprop
import Foundation
import Testing

/// Numbers at the edges (saturated outputs, logit gaps of 30 and 40, exact zeros) against the
/// mpmath reference in edge_cases.json: every finite value to 1e-9 relative, exact zeros exactly,
/// and ∂L/∂ŷ infinite only where its true value is beyond the float64 range.
@Suite struct EdgeCaseTests {
    static func networks() throws -> [[String: Any]] {
        guard let cases = try Fixtures.load("edge_cases.json")["networks"] as? [[String: Any]] else {
            throw FixtureError.malformed("edge_cases networks")
        }
        return cases
    }

    /// A number of the fixture: "inf" and "-inf" stand for values beyond the float64 range.
    static func number(_ any: Any) throws -> Double {
        if let s = any as? String, s == "inf" { return .infinity }
        if let s = any as? String, s == "-inf" { return -.infinity }
        guard let n = any as? NSNumber else { throw FixtureError.malformed("not a number: \(any)") }
        return n.doubleValue
    }

    static func rows(_ any: Any?) throws -> [[Double]] {
        guard let rows = any as? [Any] else { throw FixtureError.malformed("expected a matrix") }
        return try rows.map { row in
            guard let r = row as? [Any] else { throw FixtureError.malformed("expected a row") }
            return try r.map(number)
        }
    }

    /// Exact zeros exactly, infinities as the same infinity, the rest to 1e-9 relative.
    static func expectAgrees(_ got: [[Double]], _ want: [[Double]], _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count && zip(got, want).allSatisfy { $0.count == $1.count },
                "\(what): shape", sourceLocation: sourceLocation)
        for (r, (g, w)) in zip(got, want).enumerated() {
            for (c, (u, v)) in zip(g, w).enumerated() {
                let ok = v == 0 || v.isInfinite ? u == v : Swift.abs(u - v) <= 1e-9 * Swift.abs(v)
                #expect(ok, "\(what)[\(r + 1),\(c + 1)]: \(u) vs \(v)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func thereAreEdgeCases() throws {
        #expect(try Self.networks().count >= 15)
    }

    @Test func forwardAndBackwardAgreeWithMpmath() throws {
        for c in try Self.networks() where c["error"] == nil {
            let name = c["name"] as? String ?? "?"
            let net = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            guard let fwd = c["forward"] as? [String: Any], let grads = c["grads"] as? [String: Any],
                  let a = fwd["a"] as? [Any], let h = fwd["h"] as? [Any], let da = grads["da"] as? [Any],
                  let dh = grads["dh"] as? [Any], let dW = grads["dW"] as? [Any], let db = grads["db"] as? [Any],
                  let losses = fwd["losses"] as? [Any] else { throw FixtureError.malformed(name) }
            let (cache, g) = try net.gradients(x: x, y: y)
            for l in 1...net.depth {
                Self.expectAgrees(cache.a(l).rowArrays, try Self.rows(a[l - 1]), "\(name) a\(l)")
                Self.expectAgrees(cache.h(l).rowArrays, try Self.rows(h[l - 1]), "\(name) h\(l)")
                Self.expectAgrees(g.dA(l).rowArrays, try Self.rows(da[l - 1]), "\(name) dL/da\(l)")
                Self.expectAgrees(g.dWeights(l).rowArrays, try Self.rows(dW[l - 1]), "\(name) dL/dW\(l)")
                Self.expectAgrees([g.dBias(l)], [try (db[l - 1] as? [Any] ?? []).map(Self.number)], "\(name) dL/db\(l)")
                Self.expectAgrees(g.dH(l - 1).rowArrays, try Self.rows(dh[l - 1]), "\(name) dL/dh\(l - 1)")
            }
            Self.expectAgrees(g.dyhat.rowArrays, try Self.rows(grads["dyhat"]), "\(name) dL/dyhat")
            Self.expectAgrees([cache.losses ?? []], [try losses.map(Self.number)], "\(name) losses")
            Self.expectAgrees([[cache.loss ?? .nan]], [[try Self.number(fwd["loss"] ?? "")]], "\(name) loss")
        }
    }

    /// The gradient check of a saturated output passes (its loss comes from the logits).
    @Test func gradientCheckPassesAtTheEdges() throws {
        for c in try Self.networks() where c["error"] == nil {
            let net = try network(from: c)
            let result = try net.gradientCheck(x: try matrix(c["x"]), y: try matrix(c["y"]))
            #expect(result.passed, "\(c["name"] ?? "?"): max relative error \(result.maxRelativeError)")
        }
    }

    /// The verdict agrees with the table: a failing entry is never left out of the maximum,
    /// even when both its gradients are below the 1e-7 under which noise entries are left out.
    @Test func maxRelativeErrorIncludesEveryFailedEntry() throws {
        var net = try Network(sizes: [2, 2, 1], activations: [.relu, .sigmoid], loss: .binaryCrossEntropy)
        try net.setWeights(layer: 1, Matrix([[1, 0.5], [-0.25, 2]]))
        try net.setWeights(layer: 2, Matrix([[0.75, -1.5]]))
        let x = Matrix(row: [1, 0]), y = Matrix(row: [1])
        let (_, g) = try net.gradients(x: x, y: y)
        // ∂L/∂w[1,1,2] is exactly 0 (x2 = 0); a wrong analytic 5e-8 is below 1e-7 but fails.
        #expect(g.dWeights(1)[0, 1] == 0)
        var dW = g.dW
        dW[0][0, 1] = 5e-8
        // A second, slightly-off entry that passes by its absolute error.
        dW[1][0, 0] += 1e-9
        let wrong = Gradients(dyhat: g.dyhat, da: g.da, dh: g.dh, dW: dW, db: g.db)
        let result = try net.gradientCheck(x: x, y: y, analytic: wrong)
        #expect(!result.passed)
        let failed = result.entries.filter { !$0.passed }
        #expect(failed.count == 1)
        for e in failed {
            #expect(result.maxRelativeError >= e.relativeError,
                    "max relative error \(result.maxRelativeError) leaves out the failed \(e.parameter) (\(e.relativeError))")
        }
    }
}
