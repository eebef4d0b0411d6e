import Backprop

/// Errors raised while a statement runs, taught before they leave `Session`: an index out of
/// range names the valid ranges ("W1 is 2×2: i and j run 1…2") and puts the caret under the
/// bad index, not under the statement or the `dL/d`.
enum RuntimeMistakes {
    static func teach(_ error: LanguageError, statement: Statement, in source: String, network: Network?) -> LanguageError {
        guard error.ename == "IndexError", let network else { return error }
        let scalars = Array(statement.text.unicodeScalars.prefix(4_001).prefix { $0 != "\n" })
        guard scalars.count <= 4_000, let tokens = try? Lexer.lex(String(String.UnicodeScalarView(scalars))).tokens else { return error }
        var k = 0
        while k < tokens.count {
            let token = tokens[k]
            k += 1
            guard token.kind == .identifier || token.kind == .gradientName else { continue }
            var text = token.text
            var end = token.endOffset
            // `w[2,1,12]` after an identifier comes as separate tokens.
            if token.kind == .identifier, k < tokens.count, tokens[k].kind == .leftBracket, !tokens[k].spaceBefore {
                var j = k + 1
                var inner = ""
                while j < tokens.count, tokens[j].kind == .number || tokens[j].kind == .comma { inner += tokens[j].text; j += 1 }
                if j < tokens.count, tokens[j].kind == .rightBracket {
                    text += "[\(inner)]"
                    end = tokens[j].endOffset
                    k = j + 1
                }
            }
            guard let name = ValueName(text), let problem = IndexProblem.find(name, in: network) else { continue }
            let raw = Array(scalars[token.location.offset..<min(end, scalars.count)])
            let span = IndexProblem.digitSpan(raw, index: problem.position) ?? 0..<raw.count
            let place = SourceLocation(line: statement.location.line, column: statement.location.column + token.location.offset + span.lowerBound,
                                       offset: statement.location.offset + token.location.offset + span.lowerBound)
            return LanguageError.at(place, length: span.count, in: source, ename: .indexError,
                                    message: "\(name) is out of range: \(problem.message)", hint: problem.hint)
        }
        return error
    }
}

/// Which index of a name is outside the network, and the valid ranges.
struct IndexProblem {
    var message: String
    /// Which of the name's indices is wrong (0 = the layer).
    var position: Int
    var hint: String?

    static func find(_ name: ValueName, in network: Network) -> IndexProblem? {
        let depth = network.depth
        let layers = depth == 1 ? "the network has 1 layer (layer 1)" : "the network has layers 1…\(depth)"
        func layer(_ l: Int, allowsInput: Bool = false) -> IndexProblem? {
            if l == 0, allowsInput { return nil }
            guard l < 1 || l > depth else { return nil }
            return IndexProblem(message: "there is no layer \(l): \(layers); layer 0 is the input and has no weights", position: 0,
                                hint: "indices are 1-based: w⟨layer⟩⟨row⟩⟨column⟩, b⟨layer⟩⟨unit⟩")
        }
        func unit(_ i: Int, of count: Int, _ letter: String, _ l: Int) -> IndexProblem? {
            guard i < 1 || i > count else { return nil }
            return IndexProblem(message: "layer \(l) has \(count) unit\(count == 1 ? "" : "s"): in \(letter)\(l)⟨i⟩, i runs 1…\(count)", position: 1)
        }
        switch name {
        case let .gradient(inner): return find(inner, in: network)
        case let .weight(l, i, j):
            if let problem = layer(l) { return problem }
            let w = network.layers[l - 1]
            let shape = w.units == w.inputs ? "W\(l) is \(w.units)×\(w.inputs): i and j run 1…\(w.units)"
                : "W\(l) is \(w.units)×\(w.inputs): i runs 1…\(w.units) and j runs 1…\(w.inputs)"
            let hint = "w\(l)ij is row i (the unit of layer \(l)), column j (the unit of layer \(l - 1) it comes from)"
            if i < 1 || i > w.units { return IndexProblem(message: shape, position: 1, hint: hint) }
            if j < 1 || j > w.inputs { return IndexProblem(message: shape, position: 2, hint: hint) }
            return nil
        case let .bias(l, i):
            if let problem = layer(l) { return problem }
            let n = network.layers[l - 1].units
            guard i < 1 || i > n else { return nil }
            return IndexProblem(message: "b\(l) has \(n) entr\(n == 1 ? "y" : "ies"): i runs 1…\(n)", position: 1)
        case let .weights(l), let .biases(l), let .preActivations(l): return layer(l)
        case let .activations(l): return layer(l, allowsInput: true)
        case let .preActivation(l, i):
            if let problem = layer(l) { return problem }
            return unit(i, of: network.layers[l - 1].units, "a", l)
        case let .activation(l, i):
            if let problem = layer(l, allowsInput: true) { return problem }
            return unit(i, of: network.sizes[l], "h", l)
        case let .outputUnit(o):
            let n = network.outputSize
            guard o < 1 || o > n else { return nil }
            return IndexProblem(message: "ŷ has \(n) output\(n == 1 ? "" : "s"): yhat1…yhat\(n)", position: 0)
        default: return nil
        }
    }

    /// Where index `index` is written in a name's source (`w311`, `dL/dw[3,1,1]`, `∂L/∂w₃₁₁`).
    static func digitSpan(_ raw: [Unicode.Scalar], index: Int) -> Range<Int>? {
        var start = 0
        let text = String(String.UnicodeScalarView(raw))
        if text.hasPrefix("dL/d") || text.hasPrefix("∂L/∂") { start = 4 }
        let letter = start < raw.count ? raw[start] : " "
        while start < raw.count, raw[start].properties.isAlphabetic { start += 1 }
        guard start < raw.count else { return nil }
        if raw[start] == "[" {
            var part = 0, from = start + 1
            for k in (start + 1)..<raw.count where raw[k] == "," || raw[k] == "]" {
                if part == index { return from..<k }
                part += 1
                from = k + 1
            }
            return nil
        }
        let digits = raw.count - start
        // W1 and yhat12 have one index of any length; the others one digit per index.
        if letter == "W" || letter == "y" || letter == "ŷ" || digits == 1 { return index == 0 ? start..<raw.count : nil }
        return start + index < raw.count ? (start + index)..<(start + index + 1) : nil
    }
}
