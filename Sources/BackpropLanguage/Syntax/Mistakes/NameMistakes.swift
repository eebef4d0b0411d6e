import Backprop

/// Names in the forms students use, answered with the naming rule and the nearest name that
/// exists: Mazur's `w5`, `W_1`, `w_{211}`, `W1[1,2]`, `w[2][1][1]`, `b`, `lr`, `w100`,
/// `dL/dw13`, `X`, `y_hat`, `dW1`, `delta2`, `δ2`, `∇W1`.
enum NameMistakes {
    static let rule = "weights are w⟨layer⟩⟨row⟩⟨column⟩: w211 or w[2,1,1]; biases b⟨layer⟩⟨unit⟩ or the vector b1"
    static let zeroRule = "indices start at 1; layer 0 is the input and has no weights"

    static func recognise(_ site: Mistakes.Site) -> SyntaxError? {
        let span = nameSpan(site)
        guard !span.isEmpty else { return nil }
        // Pasted subscripts (`∇W₁`, `w₀₁₁`) read as digits, scalar for scalar.
        let raw = Lexer.asciiDigits(site.slice(span))
        var body = Substring(raw)
        var prefix = ""
        for gradient in ["dL/d", "∂L/∂"] where body.hasPrefix(gradient) {
            body = body.dropFirst(gradient.count)
            prefix = "dL/d"
        }
        let names = NameIndex(site.network)
        if site.error.message.contains("one weight or bias") {
            return IndexMistakes.explainWhole(site, span: span, name: String(body), names: names)
        }
        if let taught = aliases(site, span, String(body), prefix: prefix, names: names) { return taught }
        if let taught = spelling(site, span, String(body), prefix: prefix, names: names) { return taught }
        return IndexMistakes.digits(site, span, String(body), prefix: prefix, names: names)
    }

    /// The name around the error: letters, digits, `_ { } [ ] ,` and a gradient prefix.
    static func nameSpan(_ site: Mistakes.Site) -> Range<Int> {
        func part(_ s: Unicode.Scalar) -> Bool {
            Lexer.isNameChar(s) || "_{}[],/∂δ∇".unicodeScalars.contains(s) || s.properties.isAlphabetic
        }
        var start = min(site.column, site.line.count), end = start
        while start > 0, part(site.line[start - 1]) { start -= 1 }
        while end < site.line.count, part(site.line[end]) { end += 1 }
        // `show W1` fails at W1, `W_1 = 2` at the start: never take the statement keyword.
        while end > start, [",", "/"].contains(site.line[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Words from other notations: lr, eta, theta, X, y_hat, z1, dW1, delta2, ∇W1, L, J, cost.
    static func aliases(_ site: Mistakes.Site, _ span: Range<Int>, _ body: String, prefix: String,
                        names: NameIndex) -> SyntaxError? {
        let isAssignment = site.slice(span.upperBound..<site.line.count).trimmingBlanks.hasPrefix("=")
        switch body {
        case "lr", "eta", "η", "learning_rate", "alpha", "learningrate":
            return site.taught("the learning rate is not a variable but an option of step and train: `step eta 0.5`, `train epochs 100 eta 0.5`",
                               span, expected: "`step eta 0.5` or `train epochs 100 eta 0.5`")
        case "epochs", "batch_size", "epoch":
            return site.taught("\(body) is an option of train: `train epochs 100 eta 0.5 batch 16`", span,
                               expected: "`train epochs 100 eta 0.5`")
        case "w", "W", "weights", "weight", "theta", "params", "parameters", "b", "bias", "biases":
            return whole(site, span, body, isAssignment: isAssignment, names: names)
        case "X", "Y", "inputs", "input", "targets", "target", "labels":
            let lower = ["X", "inputs", "input"].contains(body) ? "x" : "y"
            return site.taught("the input batch is x and the targets are y (names are case-sensitive)", span,
                               expected: "`\(prefix)\(lower)`", suggestion: prefix + lower)
        case "y_hat", "y_pred", "yhat_", "output", "outputs", "prediction", "predictions", "pred", "y_hat1":
            return site.taught("the network's output is yhat (or ŷ); one output unit is yhat1", span,
                               expected: "`\(prefix)yhat`", suggestion: prefix + "yhat")
        case "L", "J", "cost", "error", "E", "Loss":
            return site.taught("the loss is written loss (its gradients are dL/d…); choose it with `loss squared_error`",
                               span, expected: "`show loss`", suggestion: "loss")
        default:
            break
        }
        // z1 (pre-activation in some notes), dW1 / grad_W1 / dL_dW1, delta2 / δ2, ∇W1.
        if let digits = suffixDigits(body, after: "z") {
            return site.taught("the pre-activation of layer \(digits) is a\(digits) here (a = W h + b, h = g(a))", span,
                               expected: "`\(prefix)a\(digits)`", suggestion: prefix + "a" + digits)
        }
        for (alias, letter) in [("delta", "a"), ("δ", "a"), ("dz", "a")] {
            if let digits = suffixDigits(body, after: alias) {
                return site.taught("the error signal δ of layer \(digits) is the gradient dL/da\(digits)", span,
                                   expected: "`dL/da\(digits)`", suggestion: "dL/d\(letter)\(digits)")
            }
        }
        for alias in ["d", "grad_", "dL_d", "dLd", "∇", "dJ/d", "dE/d", "dC/d", "dloss/d"] where body.hasPrefix(alias) && prefix.isEmpty {
            let inner = String(body.dropFirst(alias.count))
            if let name = ValueName(inner), name != .loss {
                return site.taught("a gradient is written dL/d⟨name⟩ (or ∂L/∂⟨name⟩), whatever the loss is called", span,
                                   expected: "`dL/d\(inner)`", suggestion: "dL/d\(inner)")
            }
        }
        return nil
    }

    /// `W_1`, `w_211`, `w_{211}`, `W1[1,2]`, `w[2][1][1]`, `b1[2]`.
    static func spelling(_ site: Mistakes.Site, _ span: Range<Int>, _ body: String, prefix: String,
                         names: NameIndex) -> SyntaxError? {
        let stripped = body.filter { !"_{}".contains($0) }
        if stripped != body, let name = ValueName(stripped) {
            return site.taught("write \(prefix)\(name) without _ or braces: \(rule)", span,
                               expected: "`\(prefix)\(name)`", suggestion: prefix + name.description)
        }
        // Indices in brackets after a layer number, or one bracket per index.
        guard let letter = stripped.first, "Wwb".contains(letter), stripped.contains("[") else { return nil }
        var rest = Substring(stripped.dropFirst())
        var indices: [Int] = []
        let layer = rest.prefix { $0.isNumber }
        if !layer.isEmpty, let l = Int(layer) { indices.append(l) }
        rest = rest.dropFirst(layer.count)
        while rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            for part in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
                guard let v = Int(part.filter { $0 != " " }) else { return nil }
                indices.append(v)
            }
            rest = rest[rest.index(after: close)...]
        }
        guard rest.isEmpty else { return nil }
        let name: ValueName?
        switch (letter, indices.count) {
        case ("W", 3), ("w", 3): name = .weight(layer: indices[0], row: indices[1], column: indices[2])
        case ("b", 2): name = .bias(layer: indices[0], unit: indices[1])
        default: name = nil
        }
        guard let name, indices.allSatisfy({ $0 >= 1 }) else {
            if indices.contains(0) { return site.taught(zeroRule, span, expected: rule) }
            return nil
        }
        let bracketed = letter == "b" ? "b[\(indices[0]),\(indices[1])]" : "w[\(indices.map(String.init).joined(separator: ","))]"
        let what = letter == "b" ? "one bias is b⟨layer⟩⟨unit⟩" : "one weight is w⟨layer⟩⟨row⟩⟨column⟩"
        return site.taught("\(what): write \(prefix)\(name)" + (name.description == bracketed ? "" : " (or \(prefix)\(bracketed))"),
                           span, expected: "`\(prefix)\(name)`", suggestion: prefix + name.description)
    }

    /// `w`, `W`, `b`, `theta` alone; `b = [0.35 0.60]` names the layer with that many units.
    static func whole(_ site: Mistakes.Site, _ span: Range<Int>, _ body: String, isAssignment: Bool,
                      names: NameIndex) -> SyntaxError? {
        let isBias = body.hasPrefix("b")
        var nearest = isBias ? "b1" : "W1"
        let value = site.slice(span.upperBound..<site.line.count)
        let guess = MatrixShapeGuess(value)
        // Mazur's b = [0.35 0.60] is one bias per layer: b1 = 0.35 for layer 1, b2 = 0.60 for layer 2.
        if isBias, isAssignment, guess.shape?.0 == 1, guess.entries.count >= 2,
           guess.entries.count == (names.network?.depth ?? guess.entries.count), guess.entries.count <= 9 {
            let perLayer = guess.entries.enumerated().map { "b\($0.offset + 1) = \($0.element)" }
            var message = "'b' alone is not a name: each layer has its own biases. For one bias per layer (as in Mazur's notes) write \(perLayer.map { "`\($0)`" }.joined(separator: " and ")): one number sets every bias of that layer"
            if let network = names.network, let k = network.layers.firstIndex(where: { $0.units == guess.entries.count }) {
                message += "; for the vector of layer \(k + 1) write `b\(k + 1) = [\(guess.entries.joined(separator: " "))]`"
            }
            return site.taught(message + "; \(rule)", span, expected: perLayer.map { "`\($0)`" }.joined(separator: ", "), suggestion: "b1")
        }
        if isAssignment, let network = names.network {
            let entries = guess
            if isBias, let count = entries.count, let k = network.layers.firstIndex(where: { $0.units == count }) {
                nearest = "b\(k + 1)"
            } else if !isBias, let shape = entries.shape,
                      let k = network.layers.firstIndex(where: { $0.units == shape.0 && $0.inputs == shape.1 }) {
                nearest = "W\(k + 1)"
            }
        }
        let what = isBias ? "each layer has its own bias vector" : "each layer has its own weight matrix"
        return site.taught("'\(body)' alone is not a name: \(what); \(rule)", span,
                           expected: "`\(nearest)`", suggestion: nearest)
    }

    /// The digits after `letter` when `text` is exactly letter + digits.
    static func suffixDigits(_ text: String, after letter: String) -> String? {
        guard text.hasPrefix(letter) else { return nil }
        let digits = text.dropFirst(letter.count)
        return !digits.isEmpty && digits.allSatisfy(\.isNumber) && digits.allSatisfy(\.isASCII) ? String(digits) : nil
    }
}

/// A rough reading of `[0.35 0.60]` or `[1 2; 3 4]` after `=`: its shape, for naming the layer.
struct MatrixShapeGuess {
    var shape: (Int, Int)?
    /// The entries as written, row by row.
    var entries: [String] = []
    var count: Int? { shape.map { $0.0 * $0.1 } }

    init(_ text: String) {
        guard let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]"), open < close else { return }
        let inner = text[text.index(after: open)..<close]
        let rows = inner.contains("[") ? inner.split(separator: "]").filter { $0.contains(where: \.isNumber) }
                                       : inner.split(separator: ";")
        let counts = rows.map { $0.split(whereSeparator: { " ,[\t".contains($0) }).count }
        guard let first = counts.first, first > 0, counts.allSatisfy({ $0 == first }) else { return }
        shape = (counts.count, first)
        entries = rows.flatMap { $0.split(whereSeparator: { " ,[\t".contains($0) }).map(String.init) }
    }
}
