import JSON

/// What `answer` prints: the number it kept, and that a test checks it (not whether it is right).
enum AnswerRenderer {
    static func recorded(_ name: ValueName, written: String) -> JSONValue {
        RichOutput(plain: "your answer: \(Names.plain(name)) = \(written) (recorded; the expect of \(name) checks it)",
                   json: ["kind": "answer", "name": .string(name.description), "value": .string(written)]).bundle
    }

    /// `answer NAME required` when there is one (the expect after it checks the number).
    static func given(_ name: ValueName, written: String) -> JSONValue {
        RichOutput(plain: "answer given: \(Names.plain(name)) = \(written)",
                   json: ["kind": "answer_given", "name": .string(name.description), "value": .string(written)]).bundle
    }
}
