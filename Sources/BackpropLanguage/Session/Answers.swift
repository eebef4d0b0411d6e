/// Students' recorded answers (`answer NAME = NUMBER`) and the tests that check them.
enum Answers {
    /// The error of a test that fails (until `expect` lands: a state error).
    static let failureName: ErrorName = .stateError
}
