import JSON
import Testing
@testable import BackpropLanguage

/// The mistakes students make, each with the error it gets: its name, the key words of what to
/// write instead, and the text the caret covers. The README's "Common mistakes" is drawn from
/// this table.
@Suite struct MistakeCatalogueTests {
    struct Mistake: Sendable, CustomTestStringConvertible {
        var setup: String
        var cell: String
        var ename: String
        /// Each must appear in the message or the traceback (the hint).
        var words: [String]
        /// The text under the caret, on the error's line.
        var caret: String
        var testDescription: String { cell.count > 50 ? String(cell.prefix(50)) + "…" : cell }
    }

    /// Mazur's step-by-step example: 2 inputs, 2 hidden, 2 outputs.
    static let mazur = "net 2 -> 2 sigmoid -> 2 sigmoid\nx = [0.05 0.10]\ny = [0.01 0.99]"
    /// The notes' worked example: 4 -> 4 sigmoid -> 2 softmax.
    static let worked = workedExampleSetup

    static func m(_ setup: String, _ cell: String, _ ename: String, _ words: [String], caret: String) -> Mistake {
        Mistake(setup: setup, cell: cell, ename: ename, words: words, caret: caret)
    }

    static let rule = "w⟨layer⟩⟨row⟩⟨column⟩"

    static let catalogue: [Mistake] = [
        // Names in the forms students use.
        m(mazur, "w5 = 0.15", "SyntaxError", [rule, "w211 or w[2,1,1]", "Mazur", "w5 is w211"], caret: "w5"),
        m("", "w1 = 0.15", "SyntaxError", [rule, "Mazur", "w111"], caret: "w1"),
        m(worked, "show w5", "SyntaxError", ["w121 in this network"], caret: "w5"),
        m(mazur, "W_1 = [0.15 0.20; 0.25 0.30]", "SyntaxError", ["W1", "without _"], caret: "W_1"),
        m(mazur, "w_211 = 0.4", "SyntaxError", ["w211", rule], caret: "w_211"),
        m(mazur, "w_{211} = 0.4", "SyntaxError", ["w211", "braces"], caret: "w_{211}"),
        m(mazur, "show b_1", "SyntaxError", ["b1"], caret: "b_1"),
        m(mazur, "W1[1,2] = 0.5", "SyntaxError", ["write w112", "w[1,1,2]"], caret: "W1[1,2]"),
        m(mazur, "w[2][1][1] = 0.4", "SyntaxError", ["write w211", "w[2,1,1]"], caret: "w[2][1][1]"),
        m(mazur, "show dL/dW2[1,2]", "SyntaxError", ["dL/dw212"], caret: "dL/dW2[1,2]"),
        m(mazur, "b = [0.35 0.60]", "SyntaxError", ["one bias per layer", "`b1 = 0.35` and `b2 = 0.60`", "b1 = [0.35 0.60]", "b⟨layer⟩⟨unit⟩"], caret: "b"),
        m("", "b = [0.35 0.60 0.1]", "SyntaxError", ["`b1 = 0.35` and `b2 = 0.60` and `b3 = 0.1`"], caret: "b"),
        m(worked, "b = [0 0 0 0]", "SyntaxError", ["bias vector", "'b1'"], caret: "b"),
        m(mazur, "W = [0.15 0.20; 0.25 0.30]", "SyntaxError", ["weight matrix", "W1"], caret: "W"),
        m(mazur, "show theta", "SyntaxError", [rule], caret: "theta"),
        m(mazur, "lr = 0.5", "SyntaxError", ["learning rate", "step eta 0.5"], caret: "lr"),
        m(mazur, "eta = 0.5", "SyntaxError", ["option of step and train", "train epochs 100 eta 0.5"], caret: "eta"),
        m(mazur, "learning_rate = 0.1", "SyntaxError", ["step eta 0.5"], caret: "learning_rate"),
        m(mazur, "epochs = 100", "SyntaxError", ["train epochs 100"], caret: "epochs"),
        m(worked, "X = [2 5 3 3]", "SyntaxError", ["x", "case-sensitive"], caret: "X"),
        m(worked, "show y_hat", "SyntaxError", ["yhat"], caret: "y_hat"),
        m(worked, "show z2", "SyntaxError", ["a2"], caret: "z2"),
        m(worked, "show dW1", "SyntaxError", ["dL/dW1"], caret: "dW1"),
        m(worked, "show grad_W2", "SyntaxError", ["dL/dW2"], caret: "grad_W2"),
        m(worked, "show delta2", "SyntaxError", ["dL/da2"], caret: "delta2"),
        m(worked, "show δ2", "SyntaxError", ["dL/da2"], caret: "δ2"),
        m(worked, "show ∇W1", "SyntaxError", ["dL/dW1"], caret: "∇W1"),
        m(worked, "show J", "SyntaxError", ["show loss"], caret: "J"),
        m(worked, "show ∇W₁", "SyntaxError", ["dL/dW1"], caret: "∇W₁"),
        m(worked, "show w₀₁₁", "SyntaxError", ["indices start at 1"], caret: "w₀₁₁"),
        // Indices.
        m(worked, "show dL/dw011", "SyntaxError", ["indices start at 1", "layer 0 is the input and has no weights", "dL/dw111"], caret: "dL/dw011"),
        m(worked, "w100 = 0.5", "SyntaxError", ["indices start at 1", "layer 0 is the input"], caret: "w100"),
        m(worked, "show b01", "SyntaxError", ["indices start at 1", "b11"], caret: "b01"),
        m(worked, "show w[0,1,1]", "SyntaxError", ["indices start at 1"], caret: "w[0,1,1]"),
        m(worked, "show dL/dw13", "SyntaxError", ["2 indices", "layer, row, column", "dL/dw113"], caret: "dL/dw13"),
        m("", "show w13", "SyntaxError", ["2 indices", "w113 or w131"], caret: "w13"),
        m(mazur, "show dL/dw12", "SyntaxError", ["2 indices", "dL/dw112, dL/dw121, dL/dw122 …"], caret: "dL/dw12"),
        m(mazur, "w13 = 0.5", "SyntaxError", ["2 indices", "w⟨layer⟩⟨row⟩⟨column⟩"], caret: "w13"),
        m(worked, "show b123", "SyntaxError", ["a bias has 2 indices", "b[1,12]"], caret: "b123"),
        m(worked, "show a213", "SyntaxError", ["at most 2 indices"], caret: "a213"),
        m(mazur, "show w311", "IndexError", ["no layer 3", "layers 1…2", "layer 0 is the input"], caret: "3"),
        m(mazur, "show dL/dw231", "IndexError", ["W2 is 2×2: i and j run 1…2"], caret: "3"),
        m(mazur, "w213 = 0.5", "IndexError", ["W2 is 2×2: i and j run 1…2", "column j"], caret: "3"),
        m(worked, "show w[5,1,1]", "IndexError", ["no layer 5", "layers 1…2"], caret: "5"),
        m(worked, "explain dL/dw251", "IndexError", ["W2 is 2×4: i runs 1…2 and j runs 1…4"], caret: "5"),
        m(mazur, "show b13", "IndexError", ["b1 has 2 entries: i runs 1…2"], caret: "3"),
        m(mazur, "show ∂L/∂w₂₃₁", "IndexError", ["W2 is 2×2"], caret: "₃"),
        m(mazur, "show a23", "IndexError", ["layer 2 has 2 units"], caret: "3"),
        m(mazur, "show yhat3", "IndexError", ["ŷ has 2 outputs"], caret: "3"),
        m(worked, "show dL/dw999", "IndexError", ["no layer 9"], caret: "9"),
        m(mazur, "explain dL/db1", "SyntaxError", ["b1 is layer 1's bias vector; explain one entry: dL/db11 or dL/db12"], caret: "dL/db1"),
        m(mazur, "explain dL/dW2", "SyntaxError", ["W2 is layer 2's weight matrix", "dL/dw211"], caret: "dL/dW2"),
        m(mazur, "explain dL/da2", "SyntaxError", ["show dL/da2"], caret: "dL/da2"),
        // Python and maths habits.
        m(mazur, "W1 = np.array([[0.15, 0.20], [0.25, 0.30]])", "SyntaxError",
          ["drop `np.array(...)`", "nested list works as it is", "W1 = [[0.15, 0.20], [0.25, 0.30]]"], caret: "np.array("),
        m("", "import numpy as np", "SyntaxError", ["nothing needs importing"], caret: "import numpy as np"),
        m(mazur, "loss.backward()", "SyntaxError", ["`backward`", "no parentheses"], caret: "loss.backward()"),
        m(mazur, "show W1.grad", "SyntaxError", ["show dL/dW1"], caret: "W1.grad"),
        m(mazur, "print(W1.grad)", "SyntaxError", ["show dL/dW1"], caret: "W1.grad"),
        m(mazur, "print(W1)", "SyntaxError", ["show W1"], caret: "print(W1)"),
        m(mazur, "print W1", "SyntaxError", ["show W1"], caret: "print W1"),
        m("", "print(\"hello\")", "SyntaxError", ["print \"hello\""], caret: "print(\"hello\")"),
        m("", "chain x**2 at x = 3", "SyntaxError", ["x^2"], caret: "**"),
        m("", "chain 2x at x = 3", "SyntaxError", ["2*x"], caret: "2x"),
        m("", "chain 3sin(x) at x = 1", "SyntaxError", ["3*sin"], caret: "3sin"),
        m("", "chain e^(x^2) at x = 1", "SyntaxError", ["exp(x^2)"], caret: "e^(x^2)"),
        m("", "chain e^x at x = 1", "SyntaxError", ["exp(x)"], caret: "e^x"),
        m(mazur, "forward()", "SyntaxError", ["no parentheses", "`forward`"], caret: "forward()"),
        m(mazur, "optimizer.step()", "SyntaxError", ["`step`"], caret: "optimizer.step()"),
        m(mazur, "model.train()", "SyntaxError", ["train epochs 100"], caret: "model.train()"),
        m(mazur, "optimizer.zero_grad()", "SyntaxError", ["nothing to zero"], caret: "optimizer.zero_grad()"),
        m(mazur, "for i in range(500): step", "SyntaxError", ["no loops", "train epochs 500"], caret: "for i in range(500): step"),
        m(mazur, "x = [0.05 0.10];", "SyntaxError", ["no `;` is needed"], caret: ";"),
        m(mazur, "show np.dot(W1, x)", "SyntaxError", ["`forward`", "show a1"], caret: "np.dot("),
        m(mazur, "show W1 @ x", "SyntaxError", ["forward pass does the matrix products"], caret: "@"),
        m("", "chain np.exp(x) at x = 1", "SyntaxError", ["built in", "`exp(…)`"], caret: "np.exp"),
        m("", "chain math.sin(x) at x = 1", "SyntaxError", ["`sin(…)`"], caret: "math.sin"),
        m("", "chain ln(x) at x = 2", "SyntaxError", ["`log(…)`"], caret: "ln"),
        m(mazur, "show W1.T", "SyntaxError", ["no transpose", "row i holding the weights into unit i"], caret: "W1.T"),
        m(mazur, "show x.shape", "SyntaxError", ["`show x`", "shape"], caret: "x.shape"),
        m("", "net [2, 2, 2]", "SyntaxError", ["arrows", "net 2 -> 2 sigmoid -> 2 sigmoid"], caret: "net [2, 2, 2]"),
        m("", "net 2-2-2", "SyntaxError", ["net 2 -> 2 sigmoid -> 2 sigmoid"], caret: "net 2-2-2"),
        m("", "net 4 -> 0 sigmoid", "SyntaxError", ["layer size must be a whole number from 1"], caret: "0"),
        m("", "def f(x):", "SyntaxError", ["no functions", "chain"], caret: "def f(x):"),
        // Shapes.
        m(mazur, "x = [0.05; 0.10]", "ShapeError",
          ["each row of x is one example and needs 2 inputs; you wrote a 2×1 column: did you mean `x = [0.05 0.10]`?"], caret: "[0.05; 0.10]"),
        m(mazur, "y = [0.01; 0.99]", "ShapeError", ["did you mean `y = [0.01 0.99]`?"], caret: "[0.01; 0.99]"),
        m(worked, "x = [1 2 3]", "ShapeError", ["needs 4 inputs", "1×4", "you wrote 1×3"], caret: "[1 2 3]"),
        m(worked, "W1 = [1 2; 3 4]", "ShapeError", ["W1 of layer 1 must be 4×4", "you wrote 2×2"], caret: "[1 2; 3 4]"),
        m(worked, "W2 = [0.5 0.5; 0.8 0.2; 0.2 0.3; 0.4 -0.5]", "ShapeError", ["W2 of layer 2 must be 2×4", "4×2", "transposed"],
          caret: "[0.5 0.5; 0.8 0.2; 0.2 0.3; 0.4 -0.5]"),
        m(worked, "b1 = [1 2]", "ShapeError", ["b1 of layer 1 has 4 entries", "you wrote 2"], caret: "[1 2]"),
        // Handled well before this catalogue; kept so they stay so.
        m("", "net 4 -> 4 sigmod -> 2 softmax", "SyntaxError", ["did you mean 'sigmoid'"], caret: "sigmod"),
        m("", "loss crossentropy", "SyntaxError", ["cross_entropy"], caret: "crossentropy"),
        m(mazur, "train epoch 10", "SyntaxError", ["epochs"], caret: "epoch"),
        m(mazur, "foward", "SyntaxError", ["did you mean 'forward'"], caret: "foward"),
        m(worked, "a2 = [1 2]", "SyntaxError", ["cannot assign", "computed"], caret: "a2"),
        m(worked, "step eta -1", "SyntaxError", ["greater than 0"], caret: "-1"),
        m("", "x = [1-2]", "SyntaxError", ["separated by spaces or commas"], caret: "-"),
        m(worked, "show dL / dW1", "SyntaxError", ["without spaces", "dL/dW1"], caret: "dL"),
        m("", "chain sin x at x = 1", "SyntaxError", ["parentheses"], caret: "sin"),
        m("", "forward", "StateError", ["no network", "net 4 -> 4 sigmoid -> 2 softmax"], caret: "f"),
        m("net 2 -> 2", "backward", "StateError", ["x", "x = [2 5 3 3]"], caret: "b"),
        // A syntax error: nothing ran, and which lines.
        m("", "net 2 -> 2\nx = [1 2]\nforwrad", "SyntaxError", ["nothing in the cell ran (lines 1–3 did not run)"], caret: "forwrad"),
        m("", "net 2 -> 2\n\n# a comment\nx = [1 2\nshow x", "SyntaxError", ["nothing in the cell ran (lines 1 and 4–5 did not run)"], caret: "["),
    ]

    @Test func atLeastSixtyMistakes() {
        #expect(Self.catalogue.count >= 60)
        #expect(Set(Self.catalogue.map(\.cell)).count == Self.catalogue.count)
    }

    @Test(arguments: catalogue)
    func teaches(_ mistake: Mistake) throws {
        let session = Session()
        if !mistake.setup.isEmpty { run(session, mistake.setup) }
        let error = try #require(runExpectingError(session, mistake.cell).error, "no error")
        #expect(error.ename == mistake.ename, "\(error)")
        let text = ([error.message] + error.traceback).joined(separator: "\n")
        for word in mistake.words {
            #expect(text.contains(word), "missing '\(word)' in:\n\(text)")
        }
        #expect(Self.caretText(error, in: mistake.cell) == mistake.caret, "caret:\n\(error.traceback.joined(separator: "\n"))")
    }

    /// The text of the error's line under the `^^^` of the traceback.
    static func caretText(_ error: LanguageError, in cell: String) -> String? {
        guard let carets = error.traceback.joined(separator: "\n").split(separator: "\n").last(where: { $0.contains("| ") && $0.hasSuffix("^") }),
              let bar = carets.firstIndex(of: "|") else { return nil }
        let marks = carets[carets.index(bar, offsetBy: 2)...]
        let width = marks.filter { $0 == "^" }.count
        let line = Array(CaretRenderer.line(error.line, of: cell).unicodeScalars)
        let start = error.column - 1
        guard start >= 0, start + width <= line.count else { return nil }
        return String(String.UnicodeScalarView(line[start..<start + width]))
    }
}

/// The recognisers read the text around an error by hand: pieces of every pattern they look
/// for, run together in pairs, give an error or a result and never crash.
@Suite struct MistakeRecogniserHostilityTests {
    static let pieces = ["e^(", "e^", "np.array(", "w[", "[", "]", "(", ")", "dL/d", "∂L/∂", "**", "2x", "print(", "print",
                         ".grad", "w_{", "_", "₂", "₀", "w0", "b", "W1[", ",", ";", "for ", "import", ".step(", "δ", "∇",
                         "explain ", "show ", "= ", "x = [", "chain ", "\"", "\n", " "]

    @Test func pairsOfPiecesNeverCrash() {
        let session = Session()
        run(session, "net 2 -> 2 sigmoid -> 2 sigmoid\nx = [0.05 0.10]\ny = [0.01 0.99]")
        var errors = 0
        for a in Self.pieces {
            for b in Self.pieces {
                for cell in [a + b, "show " + a + b, "chain " + a + b + " at x = 1", a + "1" + b + "2"] {
                    let (_, error) = session.execute(cell)
                    if let error {
                        errors += 1
                        #expect(!error.message.isEmpty && error.line >= 1 && error.column >= 1, "\(cell): \(error)")
                    }
                }
            }
        }
        #expect(errors > 0)
    }
}
