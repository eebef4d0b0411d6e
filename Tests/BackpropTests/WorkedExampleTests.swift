import Backprop
import Foundation
import Testing

/// The notes' worked example with the spec's numbers (1e-6) and the reference's (1e-9).
@Suite struct WorkedExampleTests {
    static func notesNetwork(loss: Loss = .squaredError) throws -> (Network, Matrix, Matrix) {
        var net = try Network(sizes: [4, 4, 2], activations: [.sigmoid, .softmax], loss: loss)
        try net.setWeights(layer: 1, Matrix([[0.1, 0.3, 0.8, -0.4], [-0.3, -0.2, 0.5, 0.5],
                                             [-0.3, 0, 0.5, 0.4], [0.2, 0.5, -0.9, 0.7]]))
        try net.setWeights(layer: 2, Matrix([[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]))
        return (net, Matrix(row: [2, 5, 3, 3]), Matrix(row: [1, 0]))
    }

    func near(_ a: Double, _ b: Double, _ tol: Double = 1e-6) -> Bool { abs(a - b) <= tol }

    @Test func forwardMatchesTheSpec() throws {
        let (net, x, y) = try Self.notesNetwork()
        let f = try net.forward(x, targets: y)
        for (got, want) in zip(f.a(1).storage, [2.9, 1.4, 2.1, 2.3]) { #expect(near(got, want, 1e-12)) }
        for (got, want) in zip(f.h(1).storage, [0.9478, 0.8022, 0.8909, 0.9089]) { #expect(near(got, want, 5e-5)) }
        for (got, want) in zip(f.a(2).storage, [1.6574, 0.4472]) { #expect(near(got, want, 5e-5)) }
        for (got, want) in zip(f.yhat.storage, [0.7703, 0.2297]) { #expect(near(got, want, 5e-5)) }
        #expect(near(f.loss ?? .nan, 0.10549, 5e-6))
    }

    @Test func explainW212HasTwoEqualPaths() throws {
        let (net, x, y) = try Self.notesNetwork()
        let e = try net.explain(.weight(layer: 2, row: 1, column: 2), x: x, y: y)
        #expect(near(e.gradient, -0.130377))
        #expect(e.pathCount == ExactCount(2))
        #expect(e.paths.count == 2)
        for p in e.paths { #expect(near(p.product, -0.065188)) }
        #expect(e.paths.first?.factors.map(\.name) == ["∂L/∂ŷ1", "∂ŷ1/∂a21", "∂a21/∂w212"])
        #expect(near(e.pathSum, e.gradient, 1e-15))
    }

    @Test func explainW131HasFourPathsInReadingOrder() throws {
        let (net, x, y) = try Self.notesNetwork()
        let e = try net.explain(.weight(layer: 1, row: 3, column: 1), x: x, y: y)
        #expect(near(e.gradient, 0.0031594))
        #expect(e.pathCount == ExactCount(4))
        let products = e.paths.map(\.product)
        let expected = [-0.0031594, -0.0031594, 0.0047390, 0.0047390]
        #expect(products.count == 4)
        for (got, want) in zip(products, expected) { #expect(near(got, want)) }
        #expect(e.paths.first?.factors.map(\.name) == ["∂L/∂ŷ1", "∂ŷ1/∂a21", "∂a21/∂h13", "∂h13/∂a13", "∂a13/∂w131"])
        #expect(e.paths.last?.factors.map(\.name) == ["∂L/∂ŷ2", "∂ŷ2/∂a22", "∂a22/∂h13", "∂h13/∂a13", "∂a13/∂w131"])
    }

    @Test func oneStepMatchesTheSpec() throws {
        var (net, x, y) = try Self.notesNetwork()
        let result = try net.step(x: x, y: y, eta: 1)
        #expect(near(try net.value(of: .weight(layer: 2, row: 1, column: 2)), 0.930377))
        #expect(near(try net.value(of: .weight(layer: 1, row: 3, column: 1)), -0.303159))
        #expect(near(result.lossBefore, 0.10549, 5e-6))
        #expect(result.lossAfter < result.lossBefore)
        #expect(result.changes.count == net.parameterCount)
    }

    @Test func crossEntropyVariantMatchesTheSpec() throws {
        let (net, x, y) = try Self.notesNetwork(loss: .crossEntropy)
        let (f, g) = try net.gradients(x: x, y: y)
        #expect(near(f.loss ?? .nan, 0.260929))
        #expect(near(g.value(of: .weight(layer: 2, row: 1, column: 2)), -0.184233))
        #expect(near(g.value(of: .weight(layer: 1, row: 3, column: 1)), 0.0044644))
    }

    /// The whole worked-example fixture (both losses), to 1e-9 relative.
    @Test func agreesWithTheReferenceFixture() throws {
        let fixture = try Fixtures.load("worked_example.json")
        let variants = try #require(fixture["variants"] as? [[String: Any]])
        #expect(variants.count == 2)
        for v in variants {
            let loss = try #require(Loss(rawValue: v["loss"] as? String ?? ""))
            var (net, x, y) = try Self.notesNetwork(loss: loss)
            for key in ["dL/dw212", "dL/dw131"] {
                let want = try #require(v[key] as? [String: Any])
                let id: ParameterID = key == "dL/dw212" ? .weight(layer: 2, row: 1, column: 2) : .weight(layer: 1, row: 3, column: 1)
                let e = try net.explain(id, x: x, y: y)
                #expect(close(e.gradient, try #require((want["gradient"] as? NSNumber)?.doubleValue)))
                let paths = try #require(want["paths"] as? [[String: Any]])
                #expect(paths.count == e.paths.count)
                for (mine, theirs) in zip(e.paths, paths) {
                    let factors = try #require(theirs["factors"] as? [[String: Any]])
                    #expect(mine.factors.map(\.name) == factors.compactMap { $0["name"] as? String })
                    for (f, t) in zip(mine.factors, factors) {
                        #expect(close(f.value, try #require((t["value"] as? NSNumber)?.doubleValue), rel: 1e-9, abs: 1e-15))
                    }
                    #expect(close(mine.product, try #require((theirs["product"] as? NSNumber)?.doubleValue), rel: 1e-9, abs: 1e-15))
                }
            }
            let after = try #require(v["after_step"] as? [String: Any])
            _ = try net.step(x: x, y: y, eta: 1)
            let ws = try #require(after["W"] as? [Any])
            for l in 1...2 { expectClose(net.layers[l - 1].weights, try matrix(ws[l - 1]), "W\(l) after the step") }
        }
    }

    /// The notes' calculus example: d/dx exp(exp(x²)) = e^{e^{x²}}·e^{x²}·2x = 4.636804 at 0.5
    /// (the value itself is 3.611147).
    @Test func chainRuleOnTheNotesExpression() throws {
        var g = ScalarGraph()
        let x = try g.add(.variable("x"))
        let two = try g.add(.constant(2))
        let sq = try g.add(.power, x, two)
        let e1 = try g.add(.function(.exp), sq)
        _ = try g.add(.function(.exp), e1)
        let r = try g.chainRule(at: ["x": 0.5])
        #expect(near(r.value, 3.611147))
        #expect(near(r.derivatives["x"] ?? .nan, 4.636804))
        #expect(r.steps.map(\.name) == ["h1", "h2", "y"])
        #expect(r.paths.count == 1)
        #expect(r.paths.first?.factors.map(\.denominator) == ["h2", "h1", "x"])
        #expect(near(r.numericDerivatives["x"] ?? .nan, 4.636804))
    }
}
