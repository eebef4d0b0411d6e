import JSON

/// A number a student wrote with `answer NAME = NUMBER`, as written (its digits set the default
/// tolerance of the check).
struct RecordedAnswer: Sendable, Equatable {
    var value: Double
    var written: String
}

/// answer: records a student's number; an `expect` of the same name checks it (Session+Answers).
extension Interpreter {
    mutating func answer(_ statement: DeclaredStatement) throws -> [JSONValue] {
        guard let name = statement.names.first, let word = statement.words.first else {
            throw StatementDeclaration.mismatch("answer")
        }
        if word.value == "required" {
            guard let recorded = state.answers[name.value] else {
                throw StatementFailure(Answers.failureName, "no answer for \(Names.plain(name.value)) was given: write `answer \(name.value) = …` (your number) in the cell the question asks for, and run it",
                                       at: name.location, length: max(1, name.value.description.count))
            }
            return [AnswerRenderer.given(name.value, written: recorded.written)]
        }
        guard let value = Double(word.value) else { throw StatementDeclaration.mismatch("answer") }
        state.answers[name.value] = RecordedAnswer(value: value, written: word.value)
        return [AnswerRenderer.recorded(name.value, written: word.value)]
    }
}
