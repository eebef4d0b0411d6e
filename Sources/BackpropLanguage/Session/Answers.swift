import JSON

/// Students' recorded answers (`answer NAME = NUMBER`) and the tests that check them: after a
/// teacher's `expect NAME = VALUE` passes (the kernel's value is right), the student's answer
/// for NAME, if there is one, must pass the same expect (its tolerance, tol and rtol). It is
/// checked by `expect` itself with the student's number in place of the teacher's, so a wrong
/// answer gets expect's message and diagnosis ("0.0015797 is paths 1 + 3 only …").
enum Answers {
    /// The error of a test that fails: `answer NAME required` with no answer, or a wrong answer.
    static let failureName: ErrorName = .expectationError

    /// Runs after `statement` succeeded. Returns what to show when the answer passes too (nothing
    /// when there is no answer to check); throws the failed check, worded as the student's.
    static func check(after statement: Statement, _ interpreter: inout Interpreter) throws(LanguageError) -> [JSONValue] {
        guard case let .expect(teacher) = statement.kind, case let .value(.number(expected)) = teacher.check,
              let answer = interpreter.state.answers[teacher.name.value] else { return [] }
        var own = teacher
        // The student's number, held to the teacher's precision (half a unit of the digits the
        // teacher wrote) unless the test gives tol/rtol.
        own.check = .value(.number(ExpectedNumber(value: answer.value, text: answer.written, halfUnit: expected.halfUnit)))
        let name = Names.plain(teacher.name.value)
        do {
            _ = try interpreter.run(Statement(kind: .expect(own), location: statement.location, text: statement.text))
        } catch {
            let message = "your answer \(name) = \(answer.written) fails `expect \(teacher.name.value) = \(expected.text)`. "
                + "Checked as `expect \(teacher.name.value) = \(answer.written)`: \(error.message)"
            var traceback = error.traceback
            if !traceback.isEmpty { traceback[0] = "\(error.ename): \(message)" }
            throw LanguageError(ename: error.ename, message: message, line: error.line, column: error.column,
                                traceback: traceback)
        }
        return [RichOutput(plain: "✓ your answer \(name) = \(answer.written) passes too",
                           json: ["kind": "answer_checked", "name": .string(teacher.name.value.description),
                                  "value": .string(answer.written), "passed": true]).bundle]
    }
}
