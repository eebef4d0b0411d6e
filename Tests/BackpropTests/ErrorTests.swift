import Backprop
import Testing

/// What user input can cause is a typed error with what to fix, never a crash.
@Suite struct ErrorTests {
    let net: Network

    init() throws { net = try Network(sizes: [4, 4, 2], activations: [.sigmoid, .softmax]) }

    @Test func wrongShapesNameBothShapes() throws {
        var n = net
        #expect(throws: BackpropError.shapeMismatch(what: "W1", expected: Shape(4, 4), actual: Shape(2, 4))) {
            try n.setWeights(layer: 1, Matrix(rows: 2, cols: 4))
        }
        #expect(throws: BackpropError.shapeMismatch(what: "x", expected: Shape(1, 4), actual: Shape(1, 3))) {
            try n.forward(Matrix(row: [1, 2, 3]))
        }
        #expect(throws: BackpropError.shapeMismatch(what: "y", expected: Shape(1, 2), actual: Shape(1, 3))) {
            try n.gradients(x: Matrix(row: [1, 2, 3, 4]), y: Matrix(row: [1, 0, 0]))
        }
        let message = BackpropError.shapeMismatch(what: "W1", expected: Shape(4, 4), actual: Shape(2, 4)).description
        #expect(message.contains("2×4") && message.contains("4×4"))
    }

    @Test func indicesOutOfRange() {
        var n = net
        #expect(throws: BackpropError.self) { try n.set(.weight(layer: 5, row: 1, column: 1), to: 1) }
        #expect(throws: BackpropError.self) { try n.set(.weight(layer: 2, row: 3, column: 1), to: 1) }
        #expect(throws: BackpropError.self) { try n.value(of: .bias(layer: 1, unit: 0)) }
        #expect(throws: BackpropError.self) { try n.explain(.weight(layer: 1, row: 9, column: 1), x: Matrix(row: [1, 2, 3, 4]), y: Matrix(row: [1, 0])) }
    }

    @Test func raggedRowsAndNonFiniteValues() {
        #expect(throws: BackpropError.raggedRows(row: 2, expected: 2, actual: 1)) { try Matrix([[1, 2], [3]]) }
        var n = net
        #expect(throws: BackpropError.self) { try n.set(.bias(layer: 1, unit: 1), to: .nan) }
        #expect(throws: BackpropError.self) { try n.forward(Matrix(row: [1, .infinity, 3, 4])) }
    }

    @Test func invalidNetworks() {
        #expect(throws: BackpropError.self) { try Network(sizes: [4], activations: []) }
        #expect(throws: BackpropError.self) { try Network(sizes: [4, 0], activations: [.relu]) }
        #expect(throws: BackpropError.self) { try Network(sizes: [4, 2], activations: [.relu, .relu]) }
        #expect(throws: BackpropError.self) { try Network(sizes: [100_000, 100_000], activations: [.relu]) }
    }

    @Test func targetsMustSuitTheLoss() throws {
        var n = net
        n.loss = .crossEntropy
        #expect(throws: BackpropError.self) { try n.gradients(x: Matrix(row: [1, 2, 3, 4]), y: Matrix(row: [-1, 2])) }
        n.loss = .binaryCrossEntropy
        #expect(throws: BackpropError.self) { try n.gradients(x: Matrix(row: [1, 2, 3, 4]), y: Matrix(row: [1.5, 0])) }
    }

    @Test func stableLossesAtExtremes() throws {
        // softmax of a = 1000 and cross-entropy of a confident wrong answer stay finite.
        var n = try Network(sizes: [1, 2], activations: [.softmax], loss: .crossEntropy)
        try n.setWeights(layer: 1, Matrix([[1000], [-1000]]))
        let (f, g) = try n.gradients(x: Matrix(row: [1]), y: Matrix(row: [0, 1]))
        #expect(f.loss == 2000)
        #expect(g.dA(1).storage == [1, -1])
        var s = try Network(sizes: [1, 1], activations: [.sigmoid], loss: .binaryCrossEntropy)
        try s.setWeights(layer: 1, Matrix([[800]]))
        let (fs, gs) = try s.gradients(x: Matrix(row: [1]), y: Matrix(row: [0]))
        #expect(fs.loss == 800)
        #expect(gs.dA(1).storage == [1])
    }

    @Test func exactPathCountsBeyond64Bits() throws {
        let deep = try Network(sizes: Array(repeating: 64, count: 13), activations: Array(repeating: .tanh, count: 12))
        // 64^11 paths to a first-layer weight (m = 1) = 2^66.
        #expect(deep.pathCount(toLayer: 1, examples: 1).description == "73786976294838206464")
        #expect(ExactCount(0).description == "0")
        #expect(ExactCount(UInt64.max).multiplied(by: 10).description == "184467440737095516150")
    }
}
