import Backprop
import Foundation
import Testing

/// Every forward value and every gradient agrees with the numpy reference to 1e-9 relative.
@Suite struct FixtureAgreementTests {
    @Test func thereAreEnoughCases() throws {
        #expect(try Fixtures.cases().count >= 50)
    }

    @Test func forwardAndBackwardAgreeWithTheReference() throws {
        for c in try Fixtures.cases() {
            let name = c["name"] as? String ?? "?"
            let net = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            guard let fwd = c["forward"] as? [String: Any], let grads = c["grads"] as? [String: Any],
                  let a = fwd["a"] as? [Any], let h = fwd["h"] as? [Any],
                  let da = grads["da"] as? [Any], let dh = grads["dh"] as? [Any],
                  let dW = grads["dW"] as? [Any], let db = grads["db"] as? [Any] else {
                throw FixtureError.malformed(name)
            }
            let (cache, g) = try net.gradients(x: x, y: y)
            for l in 1...net.depth {
                expectClose(cache.a(l), try matrix(a[l - 1]), "\(name) a\(l)")
                expectClose(cache.h(l), try matrix(h[l - 1]), "\(name) h\(l)")
                expectClose(g.dA(l), try matrix(da[l - 1]), "\(name) dL/da\(l)")
                expectClose(g.dWeights(l), try matrix(dW[l - 1]), "\(name) dL/dW\(l)")
                expectClose(Matrix(row: g.dBias(l)), Matrix(row: try doubles(db[l - 1])), "\(name) dL/db\(l)")
                expectClose(g.dH(l - 1), try matrix(dh[l - 1]), "\(name) dL/dh\(l - 1)")
            }
            expectClose(cache.yhat, try matrix(fwd["yhat"]), "\(name) yhat")
            expectClose(g.dyhat, try matrix(grads["dyhat"]), "\(name) dL/dyhat")
            let losses = try doubles(fwd["losses"])
            for (got, want) in zip(cache.losses ?? [], losses) {
                #expect(close(got, want), "\(name) example loss \(got) vs \(want)")
            }
            let loss = try #require((fwd["loss"] as? NSNumber)?.doubleValue)
            #expect(close(cache.loss ?? .nan, loss), "\(name) loss")
        }
    }

    /// The listed paths of sampled parameters: exact count, their sum equals the gradient, and
    /// the largest ones have the reference's magnitudes.
    @Test func pathsSumToTheGradientAndAreCountedExactly() throws {
        var checked = 0
        for c in try Fixtures.cases() {
            let name = c["name"] as? String ?? "?"
            let net = try network(from: c)
            let x = try matrix(c["x"]), y = try matrix(c["y"])
            for entry in (c["paths"] as? [[String: Any]]) ?? [] {
                guard let p = entry["param"] as? [String: Any], let kind = p["kind"] as? String,
                      let layer = p["layer"] as? Int, let i = p["i"] as? Int,
                      let count = (entry["path_count"] as? NSNumber)?.uint64Value,
                      let sum = (entry["sum"] as? NSNumber)?.doubleValue else { throw FixtureError.malformed(name) }
                let id: ParameterID = kind == "w" ? .weight(layer: layer, row: i, column: (p["j"] as? Int) ?? 0)
                                                  : .bias(layer: layer, unit: i)
                let enumerated = entry["enumerated"] as? Bool ?? false
                let limit = enumerated ? Int(count) : 5
                let e = try net.explain(id, x: x, y: y, limit: limit)
                #expect(e.pathCount == ExactCount(count), "\(name) \(id) count \(e.pathCount) vs \(count)")
                #expect(close(e.pathSum, sum, rel: 1e-9, abs: 1e-14), "\(name) \(id) path sum \(e.pathSum) vs \(sum)")
                #expect(close(e.gradient, sum, rel: 1e-9, abs: 1e-14), "\(name) \(id) gradient \(e.gradient) vs \(sum)")
                if enumerated {
                    #expect(e.isComplete && e.paths.count == Int(count), "\(name) \(id) lists every path")
                    #expect(close(e.listedSum, sum, rel: 1e-8, abs: 1e-14), "\(name) \(id) listed sum")
                }
                let largest = try ((entry["largest"] as? [[String: Any]]) ?? []).map { try #require(($0["product"] as? NSNumber)?.doubleValue) }
                let mine = e.paths.map { Swift.abs($0.product) }.sorted(by: >)
                for (k, want) in largest.map({ Swift.abs($0) }).sorted(by: >).enumerated() where k < mine.count {
                    #expect(close(mine[k], want, rel: 1e-8, abs: 1e-14), "\(name) \(id) path \(k + 1) magnitude \(mine[k]) vs \(want)")
                }
                checked += 1
            }
        }
        #expect(checked >= 100)
    }

    @Test func gradientCheckPassesOnEveryCase() throws {
        for c in try Fixtures.cases() {
            let net = try network(from: c)
            let result = try net.gradientCheck(x: try matrix(c["x"]), y: try matrix(c["y"]), eps: 1e-6)
            #expect(result.passed, "\(c["name"] ?? "?"): max relative error \(result.maxRelativeError)")
        }
    }

    @Test func gradientCheckCatchesAWrongGradient() throws {
        let c = try #require(try Fixtures.cases().first { ($0["sizes"] as? [Int])?.count ?? 0 >= 3 })
        let net = try network(from: c)
        let x = try matrix(c["x"]), y = try matrix(c["y"])
        let (_, g) = try net.gradients(x: x, y: y)
        // Drop the factor 2 of the first weight gradient, as a common mistake would.
        var dW = g.dW
        dW[0][0, 0] = dW[0][0, 0] / 2 + 0.01
        let wrong = Gradients(dyhat: g.dyhat, da: g.da, dh: g.dh, dW: dW, db: g.db)
        let result = try net.gradientCheck(x: x, y: y, analytic: wrong)
        #expect(!result.passed)
        #expect(result.entries.first?.passed == false)
        let restPassed = result.entries.dropFirst().allSatisfy { $0.passed }
        #expect(restPassed)
    }
}
