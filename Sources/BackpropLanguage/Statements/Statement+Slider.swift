import Backprop

extension StatementDeclaration {
    static let sliderAnyNumber = Bounds(lower: -1e6, includesLower: true, upper: 1e6, includesUpper: true)
    static let sliderFrom = OptionSpec("from", .number(sliderAnyNumber), default: .number(-1), help: "the slider's lowest value")
    static let sliderTo = OptionSpec("to", .number(sliderAnyNumber), default: .number(1), help: "the slider's highest value")
    static let sliderStep = OptionSpec("step", .number(Bounds(lower: 0, includesLower: false, upper: 1e6, includesUpper: true)),
                                       default: .number(0.01), help: "how far one notch moves")
    static let sliderExplain = OptionSpec(
        "explain", .custom(syntax: "NAME", parse: { parser throws(SyntaxError) in
            let name = try parser.parseName("a weight or bias to explain, e.g. w131")
            var value = name.value
            if case let .gradient(inner) = value { value = inner }
            guard value.isParameter, ValueLookup.parameterID(value) != nil else {
                throw SyntaxError("explain takes one weight or bias, such as w131 or b13", at: name.location,
                                  expected: "one weight or bias (w131, b13)")
            }
            return .text(value.description)
        }, completions: []),
        help: "the live view explains this weight's gradient, path by path")
    static let sliderBackward = OptionSpec("backward", .flag, help: "the live view is the backward pass (every gradient)")

    static let sliderOptions = [sliderFrom, sliderTo, sliderStep, sliderExplain, sliderBackward]

    /// `slider w212 w131 from -1 to 1 [step N] [explain w131 | backward]`.
    static let slider = StatementDeclaration(
        "slider", options: sliderOptions,
        syntax: ["slider PARAM … [from N] [to N] [step N] [explain PARAM | backward]"],
        summary: "In a notebook with widgets: one slider per weight or bias, and a live view below them (the loss and the forward pass, or explain of a weight, or the backward pass) that follows every move with the engine's exact numbers. Moving a slider sets the parameter as an assignment does. Elsewhere (console, `run`) it says to assign instead.",
        example: "slider w111 w211 from -2 to 2 explain w111", display: .table,
        complete: { context in
            let params = context.definedNames.filter { ValueName($0).map { $0.isParameter && ValueLookup.parameterID($0) != nil } ?? false }
            if context.previous == "explain" { return params }
            return params.filter { !context.words.contains($0) } + context.unusedOptions()
        },
        parse: { parser throws(SyntaxError) in try parser.parseSlider() },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind, statement.keyword == "slider" else { throw mismatch("slider") }
            return try interpreter.slider(statement)
        })
}

extension Parser {
    /// Parameter names up to the first option, then the options.
    mutating func parseSlider() throws(SyntaxError) -> Statement.Kind {
        var statement = DeclaredStatement(keyword: "slider")
        let optionNames = StatementDeclaration.sliderOptions.map(\.name)
        while !atEnd, !(current.kind == .identifier && optionNames.contains(current.text)) {
            if current.kind == .comma { advance(); continue }
            let name = try parseName("a weight or bias for the slider (w212, b13)")
            guard name.value.isParameter, ValueLookup.parameterID(name.value) != nil else {
                throw SyntaxError("a slider moves one weight or bias, not \(name.value)", at: name.location,
                                  length: max(1, name.value.description.count),
                                  expected: "one weight or bias (w212, b13); a matrix W2 is many sliders: name its entries")
            }
            statement.names.append(name)
        }
        if statement.names.isEmpty {
            throw error("slider needs at least one weight or bias", expected: "e.g. slider w212 from -1 to 1")
        }
        if statement.names.count > 32 {
            throw SyntaxError("at most 32 sliders in one panel", at: statement.names[32].location,
                              expected: "fewer names, or several slider statements")
        }
        statement.options = try parseOptions(StatementDeclaration.sliderOptions, for: "slider")
        return .declared(statement)
    }
}
