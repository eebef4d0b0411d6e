import Backprop

/// The one reader of `name value` / `name = value` option tails, driven by the option specs:
/// any order, each at most once, an unknown name is an error listing the valid ones.
extension Parser {
    mutating func parseOptions(_ specs: [OptionSpec], for statement: String) throws(SyntaxError) -> OptionValues {
        var values = OptionValues()
        let names = specs.map(\.name)
        let accepted = names.isEmpty ? "no options" : "an option (\(Vocabulary.list(names)))"
        while !atEnd {
            let token = current
            guard token.kind == .identifier else {
                throw error("unexpected \(token.quoted) in '\(statement)'", expected: accepted)
            }
            guard let spec = specs.first(where: { $0.name == token.text }) else {
                throw error("unknown option '\(token.text)' for '\(statement)'", expected: accepted,
                            suggestion: Suggestions.nearest(to: token.text, in: names))
            }
            guard values[spec.name] == nil else {
                throw error("option '\(token.text)' is given twice", expected: accepted)
            }
            advance()
            values[spec.name] = try parseValue(of: spec, at: token)
        }
        return values
    }

    /// The value of one option, checked against its range (the parser is placed after the name).
    mutating func parseValue(of spec: OptionSpec, at name: Token) throws(SyntaxError) -> Located<OptionValue> {
        if case .flag = spec.kind { return Located(.flag, at: name.location) }
        skipEquals()
        return try parseValue(of: spec, what: spec.name)
    }

    /// A value of the kind `spec` declares, named `what` in messages (also for positional
    /// values such as init's standard deviation).
    mutating func parseValue(of spec: OptionSpec, what: String) throws(SyntaxError) -> Located<OptionValue> {
        switch spec.kind {
        case .flag:
            return Located(.flag, at: current.location)
        case let .integer(range):
            let token = current
            // Wide ranges are worded "at least N", with the upper end checked on its own.
            let wide = range.upperBound >= 10_000
            let n = try parseInteger(what, minimum: range.lowerBound, maximum: wide ? Int(Int32.max) : range.upperBound)
            guard n.value <= range.upperBound else {
                let note = spec.aboveRangeNote.map { "; \($0)" } ?? ""
                throw SyntaxError("\(what) must be at most \(range.upperBound)\(note)", at: token.location,
                                  length: max(1, current.location.offset - token.location.offset),
                                  expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return Located(.integer(n.value), at: n.location)
        case let .number(bounds):
            let token = current
            let v = try parseNumber(what)
            guard bounds.contains(v.value) else {
                let rule = bounds.isAbove(v.value) ? (bounds.upperRule ?? bounds.description) : bounds.lowerRule
                throw SyntaxError("\(what) must be \(rule)", at: token.location,
                                  length: max(1, current.location.offset - token.location.offset),
                                  expected: bounds.description)
            }
            return Located(.number(v.value), at: v.location)
        case .text:
            let text = try parseString(spec.name == "history" ? "a file name for the history, e.g. \"losses.csv\"" : what)
            return Located(.text(text.value), at: text.location)
        case .column:
            let token = current
            guard token.kind == .identifier || token.kind == .string else {
                throw error(atEnd ? "missing \(what) column" : "expected a column name, found \(token.quoted)",
                            expected: "a column name, e.g. species or \"petal width\"")
            }
            advance()
            return Located(.text(token.text), at: token.location)
        case let .choice(words):
            let token = current
            guard token.kind == .identifier, words.contains(token.text) else {
                throw error(atEnd ? "missing value for \(what)" : "unknown value \(token.quoted) for \(what)",
                            expected: "one of \(Vocabulary.list(words))",
                            suggestion: Suggestions.nearest(to: token.text, in: words))
            }
            advance()
            return Located(.text(token.text), at: token.location)
        case let .custom(_, parse, _):
            let start = current.location
            return Located(try parse(&self), at: start)
        }
    }
}
