/// The registry: every statement of the language, in the order help lists them. The
/// keyword list, help, completion and the parser's dispatch all come from here.
enum Statements {
    static let all: [StatementDeclaration] = [
        .net, .loss, .initialize, .data, .forward, .backward, .show, .explain,
        .step, .train, .slider, .optimizer, .weightDecay, .l2, .split, .spread, .norms, .boundary, .compare, .freeze, .unfreeze, .gradcheck, .chain, .expect, .answer, .graph, .save, .load, .precision,
        .print, .warn, .clear, .help, .exit, .quit,
        .mode,
    ]

    /// The assignment `NAME = VALUE`: declared like the others, but it has no keyword and
    /// the parser recognises it by its shape.
    static let assignment = StatementDeclaration.assignment

    /// Every statement keyword, in help order.
    static let keywords: [String] = all.map(\.keyword)

    private static let byKeyword: [String: StatementDeclaration] = {
        var table: [String: StatementDeclaration] = [:]
        for d in all { table[d.keyword] = d }
        table["="] = assignment
        return table
    }()

    /// The declaration of a keyword (`"="` for an assignment).
    static func declaration(for keyword: String) -> StatementDeclaration? { byKeyword[keyword] }
}
