import Testing
@testable import BackpropLanguage

/// Every statement form parses to the node an interpreter expects.
@Suite struct ParserStatementTests {
    func one(_ cell: String) throws -> Statement.Kind {
        let statements = try Syntax.parse(cell)
        try #require(statements.count == 1)
        return statements[0].kind
    }

    @Test func net() throws {
        guard case .net(let net) = try one("net 4 -> 4 sigmoid -> 2 softmax") else { Issue.record("not net"); return }
        #expect(net.layers.map(\.units) == [4, 4, 2])
        #expect(net.layers.map(\.activation) == [nil, .sigmoid, .softmax])
        #expect(net.layers[2].location.column == 23)
    }

    @Test func netDefaultsToLinearAndAcceptsUnicodeArrowAndContinuation() throws {
        guard case .net(let net) = try one("net 2 → 3 leaky_relu ->\n  1") else { Issue.record("not net"); return }
        #expect(net.layers.map(\.activation) == [nil, .leakyRelu, .linear])
    }

    @Test func loss() throws {
        for name in LossName.allCases {
            #expect(try one("loss \(name.rawValue)") == .loss(LossDeclaration(loss: name, location: .init(line: 1, column: 6, offset: 5))))
        }
        guard case .loss(let declaration) = try one("loss = mse") else { Issue.record("not loss"); return }
        #expect(declaration.loss == .mse)
    }

    @Test func initForms() throws {
        guard case .initialize(let xavier) = try one("init xavier seed 7") else { Issue.record(); return }
        #expect(xavier.scheme == .xavier && xavier.seed?.value == 7 && xavier.std == nil)
        guard case .initialize(let normal) = try one("init normal 0.1 seed = 3") else { Issue.record(); return }
        #expect(normal.scheme == .normal && normal.std?.value == 0.1 && normal.seed?.value == 3)
        guard case .initialize(let named) = try one("init normal std 0.5") else { Issue.record(); return }
        #expect(named.std?.value == 0.5)
        guard case .initialize(let zeros) = try one("init zeros") else { Issue.record(); return }
        #expect(zeros.scheme == .zeros)
    }

    @Test func matrixAssignment() throws {
        guard case .assign(let a) = try one("W1 = [0.1 0.3; -0.3 -0.2]") else { Issue.record(); return }
        #expect(a.target.value == .weights(layer: 1))
        guard case .matrix(let m) = a.value else { Issue.record(); return }
        #expect(m.rows == [[0.1, 0.3], [-0.3, -0.2]])
        #expect(m.location.column == 6)
    }

    @Test func multiLineMatrixWithComments() throws {
        let cell = """
        W1 = [ 0.1  0.3  0.8 -0.4   # row 1
              -0.3 -0.2  0.5  0.5
              -0.3  0    0.5  0.4
               0.2  0.5 -0.9  0.7 ]
        forward
        """
        let statements = try Syntax.parse(cell)
        #expect(statements.count == 2)
        guard case .assign(let a) = statements[0].kind, case .matrix(let m) = a.value else { Issue.record(); return }
        #expect(m.rowCount == 4 && m.columnCount == 4)
        #expect(m.rows[3] == [0.2, 0.5, -0.9, 0.7])
        #expect(statements[1].kind == .forward)
        #expect(statements[1].location.line == 5)
        #expect(statements[0].text.hasPrefix("W1 = [") && statements[0].text.hasSuffix("0.7 ]"))
    }

    @Test func nestedAndCommaMatrices() throws {
        guard case .assign(let a) = try one("W2 = [[0.1, 0.3],\n [-0.3, -0.2]]"), case .matrix(let m) = a.value else { Issue.record(); return }
        #expect(m.rows == [[0.1, 0.3], [-0.3, -0.2]])
        guard case .assign(let b) = try one("x = [1, -2, +3e-1]"), case .matrix(let n) = b.value else { Issue.record(); return }
        #expect(n.rows == [[1, -2, 0.3]])
        guard case .assign(let c) = try one("y = [1; 2; 3]"), case .matrix(let column) = c.value else { Issue.record(); return }
        #expect(column.rowCount == 3 && column.columnCount == 1)
    }

    @Test func scalarAssignmentsAndTargets() throws {
        let cases: [(String, ValueName)] = [
            ("b1 = 0", .biases(layer: 1)),
            ("w212 = 0.9", .weight(layer: 2, row: 1, column: 2)),
            ("w[2,1,12] = 0.9", .weight(layer: 2, row: 1, column: 12)),
            ("b[1,3] = 0", .bias(layer: 1, unit: 3)),
            ("b13 = -1", .bias(layer: 1, unit: 3)),
            ("W[12] = 1", .weights(layer: 12)),
            ("W12 = 1", .weights(layer: 12)),
            ("b[12] = 1", .biases(layer: 12)),
            ("x = 2", .input),
            ("y = 1", .target),
        ]
        for (cell, name) in cases {
            guard case .assign(let a) = try one(cell) else { Issue.record("\(cell)"); continue }
            #expect(a.target.value == name, "\(cell)")
        }
        guard case .assign(let a) = try one("b13 = -1"), case .scalar(let value) = a.value else { Issue.record(); return }
        #expect(value.value == -1)
    }

    @Test func data() throws {
        guard case .data(let d) = try one("data \"iris.csv\" target species onehot normalize") else { Issue.record(); return }
        #expect(d.path.value == "iris.csv" && d.target?.value == "species" && d.onehot && d.normalize)
        guard case .data(let e) = try one("data \"a \\\"b\\\".csv\" target = \"petal width\"") else { Issue.record(); return }
        #expect(e.path.value == "a \"b\".csv" && e.target?.value == "petal width" && !e.onehot)
    }

    @Test func bareStatements() throws {
        #expect(try one("forward") == .forward)
        #expect(try one("backward  # comment") == .backward)
        #expect(try one("graph") == .graph(GraphStatement()))
        #expect(try one("clear") == .clear)
    }

    @Test func show() throws {
        #expect(try one("show") == .show(ShowStatement(name: nil)))
        let cases: [(String, ValueName)] = [
            ("W1", .weights(layer: 1)), ("a2", .preActivations(layer: 2)), ("h1", .activations(layer: 1)),
            ("a21", .preActivation(layer: 2, unit: 1)), ("h13", .activation(layer: 1, unit: 3)),
            ("yhat", .output), ("ŷ", .output), ("loss", .loss), ("x", .input),
            ("dL/dW1", .gradient(.weights(layer: 1))), ("dL/dw212", .gradient(.weight(layer: 2, row: 1, column: 2))),
            ("∂L/∂w212", .gradient(.weight(layer: 2, row: 1, column: 2))),
            ("dL/da21", .gradient(.preActivation(layer: 2, unit: 1))), ("dL/dh1", .gradient(.activations(layer: 1))),
            ("dL/dyhat", .gradient(.output)), ("dL/dŷ", .gradient(.output)), ("dL/db1", .gradient(.biases(layer: 1))),
            ("dL/db13", .gradient(.bias(layer: 1, unit: 3))),
            ("dL/dw[2,1,12]", .gradient(.weight(layer: 2, row: 1, column: 12))),
            ("w[2, 1, 12]", .weight(layer: 2, row: 1, column: 12)),
        ]
        for (text, name) in cases {
            guard case .show(let s) = try one("show \(text)") else { Issue.record("\(text)"); continue }
            #expect(s.name?.value == name, "\(text)")
            #expect(s.name?.location.column == 6)
        }
    }

    @Test func explain() throws {
        guard case .explain(let e) = try one("explain dL/dw131 limit 3") else { Issue.record(); return }
        #expect(e.parameter.value == .weight(layer: 1, row: 3, column: 1) && e.limit?.value == 3)
        guard case .explain(let f) = try one("explain w131") else { Issue.record(); return }
        #expect(f.parameter.value == .weight(layer: 1, row: 3, column: 1) && f.limit == nil)
        guard case .explain(let g) = try one("explain dL/db13") else { Issue.record(); return }
        #expect(g.parameter.value == .bias(layer: 1, unit: 3))
    }

    @Test func stepTrainGradcheckPrecision() throws {
        #expect(try one("step") == .step(StepStatement(eta: nil)))
        guard case .step(let s) = try one("step eta = 0.5") else { Issue.record(); return }
        #expect(s.eta?.value == 0.5)
        guard case .train(let t) = try one("train until loss < 0.001 seed 1 batch 32 eta 0.1 epochs = 1e3") else { Issue.record(); return }
        #expect(t.epochs?.value == 1000 && t.eta?.value == 0.1 && t.batch?.value == 32 && t.seed?.value == 1)
        #expect(t.untilLossBelow?.value == 0.001)
        guard case .gradcheck(let g) = try one("gradcheck eps 1e-6") else { Issue.record(); return }
        #expect(g.eps?.value == 1e-6)
        guard case .precision(let p) = try one("precision 6") else { Issue.record(); return }
        #expect(p.value == 6)
    }

    @Test func chain() throws {
        guard case .chain(let c) = try one("chain exp(exp(x^2)) at x = 0.5") else { Issue.record(); return }
        #expect(c.bindings.map(\.name) == ["x"] && c.bindings[0].value == 0.5)
        guard case .call(.exp, .call(.exp, .binary(.power, .variable("x", _), .number(2, _), _), _), _) = c.expression else {
            Issue.record("shape \(c.expression)"); return
        }
        guard case .chain(let d) = try one("chain x*y + sin(x) at x = 1, y = 2") else { Issue.record(); return }
        #expect(d.expression.variables == ["x", "y"])
        guard case .chain(let e) = try one("chain -x^2 at x = 3") else { Issue.record(); return }
        guard case .negate(.binary(.power, _, _, _), _) = e.expression else { Issue.record("-x^2 \(e.expression)"); return }
        guard case .chain(let f) = try one("chain 2^3^2 − 1 at") else { Issue.record(); return }
        guard case .binary(.subtract, .binary(.power, .number(2, _), .binary(.power, _, _, _), _), _, _) = f.expression else {
            Issue.record("assoc \(f.expression)"); return
        }
        guard case .chain(let g) = try one("chain (x +\n 1) * 2 at x = 1") else { Issue.record(); return }
        #expect(g.bindings.count == 1)
    }

    @Test func textStatementsAndHelp() throws {
        #expect(try one("save \"model.json\"") == .save(Located("model.json", at: .init(line: 1, column: 6, offset: 5))))
        guard case .load(let l) = try one("load \"m.json\"") else { Issue.record(); return }
        #expect(l.value == "m.json")
        guard case .print(let p) = try one("print \"a\\tb\"") else { Issue.record(); return }
        #expect(p.value == "a\tb")
        guard case .warn(let w) = try one("warn \"careful\"") else { Issue.record(); return }
        #expect(w.value == "careful")
        #expect(try one("help") == .help(nil))
        guard case .help(let h) = try one("help explain") else { Issue.record(); return }
        #expect(h?.value == "explain")
        guard case .help(let a) = try one("help =") else { Issue.record(); return }
        #expect(a?.value == "assignment")
    }

    @Test func workedExampleParses() throws {
        let cell = """
        net 4 -> 4 sigmoid -> 2 softmax
        loss squared_error
        W1 = [ 0.1  0.3  0.8 -0.4
              -0.3 -0.2  0.5  0.5
              -0.3  0    0.5  0.4
               0.2  0.5 -0.9  0.7 ]
        W2 = [0.5 0.8 0.2 0.4; 0.5 0.2 0.3 -0.5]
        b1 = 0
        b2 = 0
        x = [2 5 3 3]
        y = [1 0]
        forward
        explain dL/dw212
        explain dL/dw131
        step eta = 1
        """
        let statements = try Syntax.parse(cell)
        #expect(statements.map(\.kind.keyword) == ["net", "loss", "=", "=", "=", "=", "=", "=", "forward", "explain", "explain", "step"])
        #expect(statements.map(\.location.line) == [1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    }

    @Test func emptyAndCommentOnlyCells() throws {
        #expect(try Syntax.parse("").isEmpty)
        #expect(try Syntax.parse("# nothing\n\n   \n").isEmpty)
    }

    @Test func valueNameCanonicalSpelling() {
        #expect(ValueName("w[2,1,2]")?.description == "w212")
        #expect(ValueName("w[2,1,12]")?.description == "w[2,1,12]")
        #expect(ValueName("∂L/∂ŷ")?.description == "dL/dyhat")
        #expect(ValueName("b[12]")?.description == "b[12]")
        #expect(ValueName("dL/dloss") == nil)
        #expect(ValueName("w21") == nil)
        #expect(ValueName("W0") == nil)
        #expect(ValueName("h0") == .activations(layer: 0))
    }
}
