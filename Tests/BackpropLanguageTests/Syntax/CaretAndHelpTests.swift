import Testing
@testable import BackpropLanguage

@Suite struct CaretTests {
    @Test func caretUnderTheMisspelledActivation() throws {
        let cell = "forward\nnet 4 -> 4 sigmod"
        guard case .failure(let error) = Syntax.parseResult(cell) else { Issue.record("parsed"); return }
        #expect(error.caretSnippet(in: cell) == "   2 | net 4 -> 4 sigmod\n     |            ^^^^^^")
        #expect(error.suggestion == "sigmoid")
        let report = error.report(in: cell)
        #expect(report.contains("did you mean 'sigmoid'?"))
        #expect(report.contains("expected an activation (linear, sigmoid"))
    }

    @Test func columnsCountUnicodeScalars() {
        let cell = "show ŷ\nnet 4 → 2 sigmod"
        guard case .failure(let error) = Syntax.parseResult(cell) else { Issue.record("parsed"); return }
        #expect(error.location.line == 2 && error.location.column == 11 && error.location.offset == 17)
        #expect(error.caretSnippet(in: cell).hasSuffix("\n     |           ^^^^^^"))
    }

    @Test func longLinesAreCutAroundTheError() {
        let cell = "x = [" + String(repeating: "1 ", count: 5000) + "q]"
        guard case .failure(let error) = Syntax.parseResult(cell) else { Issue.record("parsed"); return }
        let snippet = error.caretSnippet(in: cell)
        #expect(snippet.count < 300)
        #expect(snippet.contains("…"))
        #expect(snippet.hasSuffix("^"))
    }
}

@Suite struct HelpTests {
    @Test func everyStatementHasHelpWithAParsingExample() throws {
        for keyword in Vocabulary.statements {
            let entry = try #require(Help.entry(for: keyword), "no help for \(keyword)")
            #expect(!entry.syntax.isEmpty && !entry.summary.isEmpty)
            let statements = try Syntax.parse(entry.example)
            #expect(statements.first?.kind.keyword == keyword, "example of \(keyword)")
        }
        let assignment = try #require(Help.entry(for: "="))
        #expect(try Syntax.parse(assignment.example).allSatisfy { $0.kind.keyword == "=" })
    }

    @Test func everyParsedKindHasHelp() throws {
        // One program with every statement kind; each kind's keyword must have help.
        let program = Help.entries.map(\.example).joined(separator: "\n")
        let kinds = Set(try Syntax.parse(program).map(\.kind.keyword))
        #expect(kinds.count == Vocabulary.statements.count + 1)
        for keyword in kinds {
            #expect(Help.entry(for: keyword) != nil, "\(keyword)")
        }
    }

    @Test func extraTopicsAndOverview() throws {
        for topic in Help.extraTopics {
            let entry = try #require(Help.entry(for: topic))
            #expect(!(try Syntax.parse(entry.example)).isEmpty)
        }
        let overview = Help.overview
        for keyword in Vocabulary.statements {
            #expect(overview.contains(keyword))
        }
        #expect(Help.entry(for: "explain")?.text.contains("Example:") == true)
        #expect(Help.entry(for: "sigmod") == nil)
        #expect(Help.entry(for: "softmax")?.topic == "activations")
        #expect(Help.entry(for: "mse")?.topic == "losses")
        #expect(Help.entry(for: "sqrt")?.topic == "functions")
        #expect(try Syntax.parse("help dL/dw212") == [Statement(kind: .help(Located("names", at: .init(line: 1, column: 6, offset: 5))), location: .start, text: "help dL/dw212")])
        #expect(try Syntax.parse("help w[2,1,12]").first?.kind == .help(Located("names", at: .init(line: 1, column: 6, offset: 5))))
    }
}
