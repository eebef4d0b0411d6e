import Backprop

/// Indices written wrong: 0-based (`w011`, `w100`, `b01`), too few (`dL/dw13`, Mazur's `w5`),
/// too many (`b123`), and a whole matrix or vector where `explain` takes one entry.
enum IndexMistakes {
    /// `w5`, `w13`, `w011`, `b123`: a letter and digits that are not a name.
    static func digits(_ site: Mistakes.Site, _ span: Range<Int>, _ body: String, prefix: String,
                       names: NameIndex) -> SyntaxError? {
        guard let letter = body.first, "wbWah".contains(letter) else { return nil }
        let rest = body.dropFirst()
        let indices: [Int]
        if rest.first == "[", rest.last == "]" {
            let parts = rest.dropFirst().dropLast().split(separator: ",").map { Int($0.filter { $0 != " " }) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            indices = parts.compactMap { $0 }
        } else {
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            indices = letter == "W" ? [Int(rest) ?? 0] : rest.compactMap(\.wholeNumberValue)
        }
        if indices.contains(0) {
            var fixed = Array(body)
            for (k, c) in fixed.enumerated() where c == "0" && k > 0 { fixed[k] = "1" }
            let nearest = String(fixed)
            let known = names.exists(nearest)
            let message = letter == "a" || letter == "b" || letter == "W" || letter == "w"
                ? NameMistakes.zeroRule : "indices start at 1; layer 0 is the input (h0 or x) and has no units to number here"
            return site.taught(message, span, expected: known ? "`\(prefix)\(nearest)`" : NameMistakes.rule,
                               suggestion: known ? prefix + nearest : nil)
        }
        switch (letter, indices.count) {
        case ("w", 1):
            let k = indices[0]
            var message = "w\(k) is not a name: \(NameMistakes.rule)"
            var nearest: String?
            if let id = names.mazur(k) {
                nearest = id.description
                message += names.network == nil
                    ? ". Mazur numbers the weights w1, w2, … one by one: in his 2-2-2 example w\(k) is \(id)"
                    : ". Mazur numbers the weights w1, w2, … one by one: counted row by row, layer by layer, w\(k) is \(id) in this network"
            }
            return site.taught(message, span, expected: nearest.map { "`\(prefix)\($0)`" } ?? NameMistakes.rule,
                               suggestion: nearest.map { prefix + $0 })
        case ("w", 2):
            let candidates = names.weightsMissingOneIndex(indices)
            let listed: String
            if candidates.isEmpty {
                // Before a network, the two readings; with one, no weight fits: the rule.
                listed = names.network == nil ? "\(prefix)w1\(indices[0])\(indices[1]) or \(prefix)w\(indices[0])\(indices[1])1" : NameMistakes.rule
            } else {
                let shown = candidates.prefix(3).map { prefix + $0 }
                listed = shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + (candidates.count > 3 ? ", " + (shown.last ?? "") + " …" : " or " + (shown.last ?? ""))
            }
            return site.taught("\(prefix)w\(indices[0])\(indices[1]) has 2 indices but a weight has 3 (layer, row, column): \(NameMistakes.rule)",
                               span, expected: listed, suggestion: candidates.count == 1 ? prefix + candidates[0] : nil)
        case ("w", let count) where count != 3:
            return site.taught("a weight has exactly 3 indices (layer, row, column), one digit each in the compact form; with an index of 10 or more use brackets: w[1,2,10]",
                               span, expected: NameMistakes.rule)
        case ("b", _) where indices.count > 2:
            return site.taught("a bias has 2 indices, b⟨layer⟩⟨unit⟩ (b13 is unit 3 of layer 1); with an index of 10 or more use brackets: b[1,12]",
                               span, expected: NameMistakes.rule)
        case ("a", _) where indices.count > 2, ("h", _) where indices.count > 2:
            return site.taught("\(letter) has at most 2 indices, \(letter)⟨layer⟩⟨unit⟩ (\(letter)21 is unit 1 of layer 2); with an index of 10 or more use brackets: \(letter)[2,12]",
                               span, expected: "\(letter)⟨layer⟩ or \(letter)⟨layer⟩⟨unit⟩")
        default:
            return nil
        }
    }

    /// `explain dL/db1`, `explain dL/dW1`, `explain dL/da2`: explain takes one weight or bias.
    static func explainWhole(_ site: Mistakes.Site, span: Range<Int>, name text: String, names: NameIndex) -> SyntaxError? {
        // `graph paths W1` meets the same rule as `explain dL/dW1`, in its own words.
        let slider = site.trimmed.hasPrefix("slider")
        guard var taught = explainWhole(site, span: span, name: text, names: names, graph: site.trimmed.hasPrefix("graph") || slider)
        else { return nil }
        if slider {
            // `slider W2`: a slider moves one number (the graph wording, in slider's words).
            taught.message = taught.message.replacing("graph paths takes", with: "a slider moves")
                .replacing("highlight one entry", with: "give each entry its own slider")
        }
        return taught
    }

    private static func explainWhole(_ site: Mistakes.Site, span: Range<Int>, name text: String, names: NameIndex,
                                     graph: Bool) -> SyntaxError? {
        guard let name = ValueName(text) else { return nil }
        let entries: [String]
        var message: String
        let prefix = graph ? "" : "dL/d"
        switch name {
        case let .biases(l):
            let units = names.units(l) ?? 2
            entries = (1...max(1, units)).map { prefix + ValueName.bias(layer: l, unit: $0).description }
            message = "b\(l) is layer \(l)'s bias vector; \(graph ? "highlight" : "explain") one entry"
        case let .weights(l):
            let (rows, cols) = names.shape(l) ?? (2, 2)
            entries = (1...max(1, rows)).flatMap { i in (1...max(1, cols)).map { j in prefix + ValueName.weight(layer: l, row: i, column: j).description } }
            message = "W\(l) is layer \(l)'s weight matrix; \(graph ? "highlight" : "explain") one entry"
        default:
            message = graph ? "\(text) is not a parameter" : "explain follows the paths from the loss to one weight or bias; for \(text) write `show dL/d\(text)`"
            entries = [prefix + "w111", prefix + "b11"]
        }
        if graph { message = "graph paths takes one weight or bias: " + message }
        let listed = entries.count <= 3 ? entries.joined(separator: " or ")
            : entries.prefix(2).joined(separator: ", ") + " … " + (entries.last ?? "")
        return site.taught("\(message): \(listed)", span, expected: listed, suggestion: nil)
    }
}

/// The names the session's network has, for "the nearest name that exists".
struct NameIndex {
    let network: Network?

    init(_ network: Network?) { self.network = network }

    func units(_ l: Int) -> Int? {
        guard let network, l >= 1, l <= network.depth else { return nil }
        return network.layers[l - 1].units
    }

    func shape(_ l: Int) -> (Int, Int)? {
        guard let network, l >= 1, l <= network.depth else { return nil }
        return (network.layers[l - 1].units, network.layers[l - 1].inputs)
    }

    func exists(_ text: String) -> Bool {
        guard let name = ValueName(text) else { return false }
        guard let network else { return true }
        switch name {
        case let .weight(l, i, j):
            return (try? network.validate(.weight(layer: l, row: i, column: j))) != nil
        case let .bias(l, i):
            return (try? network.validate(.bias(layer: l, unit: i))) != nil
        case let .weights(l), let .biases(l), let .preActivations(l): return l >= 1 && l <= network.depth
        case let .activations(l): return l >= 0 && l <= network.depth
        default: return true
        }
    }

    /// The k-th weight counted Mazur's way: layer by layer, and in a layer row by row
    /// (into unit 1 from each input, then unit 2, …). w5 of a 2-2-2 network is w211.
    func mazur(_ k: Int) -> ValueName? {
        guard let network, k >= 1 else { return k >= 1 && k <= 8 ? Self.mazur222[k - 1] : nil }
        var left = k
        for (index, layer) in network.layers.enumerated() {
            let count = layer.units * layer.inputs
            if left <= count {
                return .weight(layer: index + 1, row: (left - 1) / layer.inputs + 1, column: (left - 1) % layer.inputs + 1)
            }
            left -= count
        }
        return nil
    }

    private static let mazur222: [ValueName] = [(1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 2, 2), (2, 1, 1), (2, 1, 2), (2, 2, 1), (2, 2, 2)]
        .map { ValueName.weight(layer: $0.0, row: $0.1, column: $0.2) }

    /// Weights of the network that `w13` could mean (one index left out).
    func weightsMissingOneIndex(_ two: [Int]) -> [String] {
        guard let network, two.count == 2 else { return [] }
        var found: [String] = []
        for p in network.parameterIDs.prefix(10_000) {
            guard case let .weight(l, i, j) = p else { continue }
            let all = [l, i, j]
            if (0..<3).contains(where: { drop in all.enumerated().filter { $0.offset != drop }.map(\.element) == two }) {
                found.append(ValueName.weight(layer: l, row: i, column: j).description)
            }
        }
        return found
    }
}
