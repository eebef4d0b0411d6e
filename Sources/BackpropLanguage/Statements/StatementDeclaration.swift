import Backprop
import JSON

/// Everything the kernel knows about one statement, declared in one place (one file per
/// statement in this folder): its keyword, its typed options, its help, how it completes,
/// parses, runs and shows its result. Help, completion, the keyword list, the option range
/// checks and the README's statement table are derived from (or tested against) these.
///
/// Modelled on evcxr's `AvailableCommand::new(name, help, handler)` list and on
/// swift-argument-parser's `@Option(help:)`: the option specs drive the parsing of
/// `keyword [positional] option value …` tails, their messages, help lines and completion.
struct StatementDeclaration: Sendable {
    /// The first word of the statement (`"="` for an assignment, which has none).
    let keyword: String
    /// The options after any positional part, in the order help lists them.
    let options: [OptionSpec]
    /// Syntax lines, what it does, and an example that parses.
    let syntax: [String]
    let summary: String
    let example: String
    /// How the output appears (a picture is never the cell's result).
    let display: StatementDisplay
    /// What may be typed next on the statement's line (the default offers unused options).
    let complete: @Sendable (CompletionContext) -> [String]
    /// Reads the statement after its keyword.
    let parse: @Sendable (inout Parser) throws(SyntaxError) -> Statement.Kind
    /// Runs it (the handler lives in Interpreter+*.swift or beside the declaration).
    let run: @Sendable (inout Interpreter, Statement.Kind) throws -> [JSONValue]

    init(_ keyword: String, options: [OptionSpec] = [], syntax: [String], summary: String, example: String,
         display: StatementDisplay, complete: (@Sendable (CompletionContext) -> [String])? = nil,
         parse: @escaping @Sendable (inout Parser) throws(SyntaxError) -> Statement.Kind,
         run: @escaping @Sendable (inout Interpreter, Statement.Kind) throws -> [JSONValue]) {
        self.keyword = keyword
        self.options = options
        self.syntax = syntax
        self.summary = summary
        self.example = example
        self.display = display
        self.complete = complete ?? { $0.unusedOptions() }
        self.parse = parse
        self.run = run
    }

    /// The help entry: the syntax, the summary, one line per option, the example.
    var help: HelpEntry {
        HelpEntry(topic: keyword == "=" ? "assignment" : keyword, syntax: syntax, summary: summary, example: example,
                  options: options.map(\.helpLine))
    }

    /// A statement of another kind reached this declaration's handler: a registry bug, not
    /// the user's, reported rather than trapped.
    static func mismatch(_ keyword: String) -> StatementFailure {
        StatementFailure(.internalError, "statement '\(keyword)' reached the wrong handler")
    }
}

/// How a statement's output appears.
enum StatementDisplay: Sendable, Equatable {
    /// Nothing but a change of the session (loss, init, assignment, precision).
    case nothing
    /// A table or text result (text/plain, text/html, text/latex, JSON).
    case table
    /// A picture only: displayed, never the cell's `execute_result`.
    case picture
    /// Text on stdout/stderr, or a front-end request (clear, exit).
    case stream
    /// A live progress display, then a table and a picture.
    case progress
}

/// A parsed statement of a declaration with no node type of its own (the generic form a new
/// statement can use, so it needs no case in `Statement.Kind`).
public struct DeclaredStatement: Sendable, Equatable {
    public let keyword: String
    /// Positional names (`freeze b1 W2`), in the order written.
    public internal(set) var names: [Located<ValueName>] = []
    /// Positional words (`freeze biases`).
    public internal(set) var words: [Located<String>] = []
    public internal(set) var options = OptionValues()

    init(keyword: String) { self.keyword = keyword }
}

/// What completion knows at the cursor: the words of the line before the word being typed.
struct CompletionContext: Sendable {
    let words: [String]
    let definedNames: [String]
    let declaration: StatementDeclaration

    var previous: String { words.last ?? declaration.keyword }

    /// The options not yet written; an option's choices (or nothing) where its value goes.
    func unusedOptions(_ only: [OptionSpec]? = nil) -> [String] {
        let specs = only ?? declaration.options
        if let last = words.last, let spec = specs.first(where: { $0.name == last }) {
            switch spec.kind {
            case .flag: break
            case let .choice(choices): return choices
            case let .custom(_, _, completions): return completions
            default: return []
            }
        }
        if words.last == "=" { return [] }
        // After a custom option's value started, where it ends is unknown: offer nothing.
        for spec in specs { if case .custom = spec.kind, words.contains(spec.name) { return [] } }
        return specs.map(\.name).filter { !words.contains($0) }
    }
}
