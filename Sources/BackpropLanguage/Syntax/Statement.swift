/// One parsed statement of a cell: what it says (`kind`), where it starts, and its
/// source text (for echoing it in an error or a traceback).
public struct Statement: Sendable, Equatable {
    public var kind: Kind
    /// Where the statement's first token is.
    public var location: SourceLocation
    /// The statement's source, from its first to its last token (may span lines).
    public var text: String

    public init(kind: Kind, location: SourceLocation, text: String) {
        self.kind = kind
        self.location = location
        self.text = text
    }

    /// Every statement of the language; one case per statement keyword plus assignment.
    public enum Kind: Sendable, Equatable {
        case net(NetDeclaration)
        case loss(LossDeclaration)
        case initialize(InitDeclaration)
        case assign(Assignment)
        case data(DataDeclaration)
        case forward
        case backward
        case graph(GraphStatement)
        case clear
        case show(ShowStatement)
        case explain(ExplainStatement)
        case step(StepStatement)
        case train(TrainStatement)
        case gradcheck(GradcheckStatement)
        case precision(Located<Int>)
        case chain(ChainStatement)
        case expect(ExpectStatement)
        case save(Located<String>)
        case load(Located<String>)
        case print(Located<String>)
        /// Extension: like print, to standard error.
        case warn(Located<String>)
        /// The topic, if any; always a key of `Help.entries`.
        case help(Located<String>?)
        /// `exit` or `quit`: ends the session (the front end is asked to close).
        case exit, quit
        /// A statement whose declaration has no node type of its own (freeze, unfreeze).
        case declared(DeclaredStatement)

        /// The statement keyword (`"="` for an assignment), as help knows it.
        public var keyword: String {
            switch self {
            case .net: "net"
            case .loss: "loss"
            case .initialize: "init"
            case .assign: "="
            case .data: "data"
            case .forward: "forward"
            case .backward: "backward"
            case .graph: "graph"
            case .clear: "clear"
            case .show: "show"
            case .explain: "explain"
            case .step: "step"
            case .train: "train"
            case .gradcheck: "gradcheck"
            case .precision: "precision"
            case .chain: "chain"
            case .expect: "expect"
            case .save: "save"
            case .load: "load"
            case .print: "print"
            case .warn: "warn"
            case .help: "help"
            case .exit: "exit"
            case .quit: "quit"
            case let .declared(statement): statement.keyword
            }
        }
    }
}

/// A value with the place it was written, so a later check (a shape, a range) can
/// point at it.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
