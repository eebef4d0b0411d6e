/// Parsers for net, loss, init and assignment (data reads its option specs).
extension Parser {
    /// The deepest network `net` accepts (the memory budget usually bounds it first).
    static let maxLayers = 100_000

    mutating func parseNet() throws(SyntaxError) -> NetDeclaration {
        var layers: [NetDeclaration.Layer] = []
        while true {
            let sizeToken = current
            if atEnd {
                throw error(layers.isEmpty ? "missing layer sizes" : "missing a layer size after '->'",
                            expected: layers.isEmpty ? "a layer size such as 4, or an image such as 1x6x6"
                                : "a layer size such as 4, or conv, maxpool, dropout")
            }
            var layer: NetDeclaration.Layer
            if !layers.isEmpty, current.kind == .identifier, Self.layerWords.contains(current.text) {
                layer = try parseLayerBeyondDense()
            } else {
                let units = try parseInteger("a layer size", minimum: 1, maximum: 1_000_000)
                layer = .init(units: units.value, activation: nil, location: sizeToken.location)
                if layers.isEmpty, let dims = try parseDimensions(after: units.value, what: "the input", count: 3) {
                    let (product, overflow) = dims[0].multipliedReportingOverflow(by: dims[1] * dims[2])
                    guard !overflow, product <= 1_000_000 else {
                        throw SyntaxError("the input \(dims.map(String.init).joined(separator: "x")) has more than 1000000 values",
                                          at: sizeToken.location, length: sizeToken.length, expected: "a smaller image")
                    }
                    layer.units = product
                    layer.image = dims
                } else if !layers.isEmpty, current.kind == .identifier, current.text == "batchnorm" {
                    advance()
                    layer.batchNorm = true
                }
            }
            if current.kind == .identifier {
                let word = advance()
                guard let name = ActivationName(rawValue: word.text) else {
                    throw error("unknown activation '\(word.text)'", at: word,
                                expected: "an activation (\(Vocabulary.list(Vocabulary.activations)))",
                                suggestion: Suggestions.nearest(to: word.text, in: Vocabulary.activations + Self.layerWords))
                }
                if layers.isEmpty {
                    throw error("the input layer has no activation", at: word,
                                expected: "'->' after the input size")
                }
                layer.activation = name
            } else if !layers.isEmpty {
                layer.activation = .linear
            }
            layers.append(layer)
            // Refused while reading: a 1.68 M-layer cell took minutes before any memory check.
            if layers.count > Self.maxLayers + 1 {
                throw SyntaxError("a network has at most \(Self.maxLayers) layers", at: sizeToken.location,
                                  length: sizeToken.length, expected: "end of line")
            }
            if atEnd { break }
            guard current.kind == .arrow else {
                throw error("expected '->' or end of line, found \(current.quoted)",
                            expected: layers.count == 1 ? "'->'" : "'->', an activation or end of line")
            }
            advance()
            skipNewlines() // a line may end with `->`
        }
        guard layers.count >= 2 else {
            throw error("a network needs an input and at least one layer", expected: "e.g. net 4 -> 4 sigmoid -> 2 softmax")
        }
        return NetDeclaration(layers: layers)
    }

    mutating func parseLoss() throws(SyntaxError) -> LossDeclaration {
        skipEquals()
        let word = current
        guard word.kind == .identifier else {
            throw error(atEnd ? "missing loss name" : "expected a loss name, found \(word.quoted)",
                        expected: "a loss (\(Vocabulary.list(Vocabulary.losses)))")
        }
        advance()
        guard let loss = LossName(rawValue: word.text) else {
            throw error("unknown loss '\(word.text)'", at: word,
                        expected: "a loss (\(Vocabulary.list(Vocabulary.losses)))",
                        suggestion: Suggestions.nearest(to: word.text, in: Vocabulary.losses))
        }
        try expectEnd(after: "the loss")
        return LossDeclaration(loss: loss, location: word.location)
    }

    mutating func parseInit() throws(SyntaxError) -> InitDeclaration {
        let word = current
        let expected = "an initialisation (\(Vocabulary.list(Vocabulary.initSchemes)))"
        guard word.kind == .identifier else {
            throw error(atEnd ? "missing initialisation" : "expected an initialisation, found \(word.quoted)",
                        expected: expected)
        }
        advance()
        guard let scheme = InitScheme(rawValue: word.text) else {
            throw error("unknown initialisation '\(word.text)'", at: word, expected: expected,
                        suggestion: Suggestions.nearest(to: word.text, in: Vocabulary.initSchemes))
        }
        var declaration = InitDeclaration(scheme: scheme, std: nil, seed: nil, location: word.location)
        if scheme == .normal, [.number, .minus, .plus].contains(current.kind) {
            let std = try parseValue(of: StatementDeclaration.initStd, what: "the standard deviation")
            if case let .number(v) = std.value { declaration.std = Located(v, at: std.location) }
        }
        let options = try parseOptions(StatementDeclaration.initOptions(scheme), for: "init \(scheme.rawValue)")
        if let std = options.number(StatementDeclaration.initStd) {
            if declaration.std != nil {
                throw SyntaxError("the standard deviation is given twice", at: std.location, expected: "one standard deviation")
            }
            declaration.std = std
        }
        declaration.seed = options.integer(StatementDeclaration.initSeed)
        declaration.low = options.number(StatementDeclaration.initLow)
        declaration.high = options.number(StatementDeclaration.initHigh)
        return declaration
    }

    mutating func parseAssignment() throws(SyntaxError) -> Assignment {
        let target = try parseName("a name")
        guard target.value.isAssignable else {
            throw SyntaxError("cannot assign to \(target.value): it is computed, not set",
                              at: target.location, length: max(1, current.location.offset - target.location.offset),
                              expected: "a parameter (W1, b1, w212, b13, w[l,i,j], b[l,i]), x or y")
        }
        _ = try expect(.equals, "'='")
        let value: AssignedValue
        if current.kind == .leftBracket {
            value = .matrix(try parseMatrix())
        } else {
            value = .scalar(try parseNumber("\(target.value)"))
        }
        try expectEnd(after: "the value")
        return Assignment(target: target, value: value)
    }
}
