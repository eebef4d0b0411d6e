import Testing
@testable import BackpropLanguage

@Suite struct CompletionTests {
    let names = ["W1", "b1", "W2", "b2", "w111", "w212", "x", "y", "a2", "dL/dW1", "dL/dw212", "dL/dw211", "dL/db13"]

    func complete(_ text: String, _ names: [String] = []) -> CompletionResult {
        // The cursor is written as `|` in the text.
        let scalars = Array(text.unicodeScalars)
        let cursor = scalars.firstIndex(of: "|") ?? scalars.count
        var cell = text.unicodeScalars
        cell.removeAll { $0 == "|" }
        return Syntax.complete(String(cell), cursor: cursor, definedNames: names)
    }

    @Test func statementKeywordsAtLineStart() {
        #expect(complete("for|").matches == ["forward"])
        let result = complete("forward\ntr|ain", names)
        #expect(result.matches == ["train"])
        #expect(result.start == 8 && result.end == 13)
        #expect(complete("").matches.starts(with: Vocabulary.statements))
        #expect(complete("w2|", names).matches == ["w212"])
        #expect(!complete("", names).matches.contains("a2"))
    }

    @Test func activationsAfterASizeInNet() {
        #expect(complete("net 4 -> 4 sig|").matches == ["sigmoid"])
        #expect(complete("net 4 -> 4 |").matches == Vocabulary.activations)
        #expect(complete("net 4 -> |").matches == [])
    }

    @Test func lossesInitAndOptions() {
        #expect(complete("loss c|").matches == ["cross_entropy"])
        #expect(complete("init |").matches == Vocabulary.initSchemes)
        #expect(complete("init normal 0.1 |").matches == ["std", "seed"])
        #expect(complete("train epochs 10 |").matches == ["eta", "batch", "seed", "until", "history", "scale", "as", "boundary"])
        #expect(complete("train epochs |").matches == [])
        #expect(complete("train until |").matches == ["loss"])
        #expect(complete("step |").matches == ["eta", "button"])
        #expect(complete("gradcheck e|").matches == ["eps"])
        #expect(complete("data \"iris.csv\" |").matches == ["target", "onehot", "normalize"])
        #expect(complete("data \"iris.csv\" onehot |").matches == ["target", "normalize"])
    }

    @Test func namesAfterShowAndExplainReplaceTheWholeGradientToken() {
        let result = complete("show dL/dw2|", names)
        #expect(result.matches == ["dL/dw212", "dL/dw211"])
        #expect(result.start == 5 && result.end == 11)
        #expect(complete("show ∂L/∂w21|", names).matches == ["dL/dw212", "dL/dw211"])
        #expect(complete("explain |", names).matches == ["w111", "w212", "dL/dw212", "dL/dw211", "dL/db13"])
        #expect(complete("explain dL/dw212 |", names).matches == ["limit", "nonzero", "factored"])
        #expect(complete("show dL/d|w212", names).end == 13)
    }

    @Test func functionsInChainAndHelpTopics() {
        #expect(complete("chain ex|").matches == ["exp"])
        #expect(complete("chain x * s|").matches == ["sqrt", "sin", "sigmoid"])
        #expect(complete("chain x at x|").matches == [])
        #expect(complete("help ex|").matches == ["explain", "expect", "exit"])
        #expect(complete("print \"ex|").matches == [])
    }

    @Test func cursorOutOfRangeIsClamped() {
        let result = Syntax.complete("for", cursor: 99, definedNames: [])
        #expect(result.matches == ["forward"] && result.start == 0 && result.end == 3)
        #expect(Syntax.complete("for", cursor: -4, definedNames: []).start == 0)
    }
}
