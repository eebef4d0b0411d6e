import Backprop

/// One typed option of a statement: its name, what value it takes (with the range, defined
/// once — often by the engine, which checks the same range), its default and its help line.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A finite number within the bounds.
        case number(Bounds)
        /// No value: present or not (`onehot`).
        case flag
        /// A string in double quotes (`history "losses.csv"`).
        case text
        /// A column name: a name or a string (`target species`, `target "petal width"`).
        case column
        /// One of the words.
        case choice([String])
        /// A grammar of its own (`until loss < N`): how it reads and what completes after it.
        case custom(syntax: String, parse: @Sendable (inout Parser) throws(SyntaxError) -> OptionValue,
                    completions: [String])
    }

    let name: String
    let kind: Kind
    /// The value used when the option is left out (nil: none, e.g. batch = all the data).
    let defaultValue: OptionValue?
    let help: String
    /// Said after "must be at most N" (epochs: "a later train goes on from where this one stops").
    var aboveRangeNote: String? = nil

    init(_ name: String, _ kind: Kind, default defaultValue: OptionValue? = nil, help: String,
         aboveRangeNote: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.aboveRangeNote = aboveRangeNote
    }

    /// How the value is written in syntax lines: N, "FILE", COLUMN, a|b.
    var placeholder: String {
        switch kind {
        case .integer, .number: "N"
        case .flag: ""
        case .text: "\"FILE\""
        case .column: "COLUMN"
        case let .choice(words): words.joined(separator: "|")
        case let .custom(syntax, _, _): syntax
        }
    }

    /// The default as help and the README write it.
    var defaultText: String? {
        switch defaultValue {
        case let .integer(n)?: String(n)
        case let .number(v)?: NumberText.short(v)
        case let .text(t)?: t
        case .flag?: nil
        case nil: nil
        }
    }

    /// The range as help writes it.
    var rangeText: String? {
        switch kind {
        case let .integer(range):
            range.upperBound >= Int(Int32.max) ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        case let .number(bounds): bounds.description
        default: nil
        }
    }

    /// `  epochs N     passes over the data (default 100; 1 to 100000000)`.
    var helpLine: String {
        let head = ([name, placeholder].filter { !$0.isEmpty }).joined(separator: " ")
        var notes: [String] = []
        if let defaultText { notes.append("default \(defaultText)") }
        if let rangeText { notes.append(rangeText) }
        let tail = notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
        return head.padding(toLength: max(head.count, 16)) + "  " + help + tail
    }

    // Typed defaults for the handlers: a handler reads its default here, never restates it.
    var integerDefault: Int? { if case let .integer(n)? = defaultValue { n } else { nil } }
    var numberDefault: Double? {
        switch defaultValue {
        case let .number(v)?: v
        case let .integer(n)?: Double(n)
        default: nil
        }
    }

    /// The given value, else the default (for options that have one).
    func value(_ given: Located<Int>?) -> Int? { given?.value ?? integerDefault }
    func value(_ given: Located<Double>?) -> Double? { given?.value ?? numberDefault }
}

/// A parsed option value.
public enum OptionValue: Sendable, Equatable {
    case integer(Int)
    case number(Double)
    case flag
    case text(String)
}

/// The options given to one statement, by name, each where it was written.
public struct OptionValues: Sendable, Equatable {
    public private(set) var values: [String: Located<OptionValue>] = [:]

    subscript(name: String) -> Located<OptionValue>? {
        get { values[name] }
        set { values[name] = newValue }
    }

    func integer(_ spec: OptionSpec) -> Located<Int>? {
        guard let v = values[spec.name], case let .integer(n) = v.value else { return nil }
        return Located(n, at: v.location)
    }

    func number(_ spec: OptionSpec) -> Located<Double>? {
        guard let v = values[spec.name] else { return nil }
        switch v.value {
        case let .number(x): return Located(x, at: v.location)
        case let .integer(n): return Located(Double(n), at: v.location)
        default: return nil
        }
    }

    func text(_ spec: OptionSpec) -> Located<String>? {
        guard let v = values[spec.name], case let .text(t) = v.value else { return nil }
        return Located(t, at: v.location)
    }

    func flag(_ spec: OptionSpec) -> Bool { values[spec.name] != nil }
}

/// Numbers in help text: 1, 0.1, 1e-06.
enum NumberText {
    static func short(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
