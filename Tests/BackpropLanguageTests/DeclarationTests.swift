import Backprop
import Foundation
import JSON
import Rendering
import Testing
@testable import BackpropLanguage

/// The statements are declared once (Sources/BackpropLanguage/Statements/): help, completion,
/// the keyword list, the option ranges and the README's statement table agree with the
/// declarations.
@Suite struct DeclarationTests {
    /// The README's "Statements, with an example each" table: its first column, split at commas.
    static func readmeTable() throws -> [(names: [String], row: String)] {
        let readme = try String(contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("### Statements") })
        var rows: [(names: [String], row: String)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("### ") || line.hasPrefix("## ") { break }
            guard line.hasPrefix("| "), !line.hasPrefix("| statement"), !line.hasPrefix("|---") else { continue }
            let first = line.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: .whitespaces)
            rows.append((first.components(separatedBy: ", "), line))
        }
        return rows
    }

    @Test func everyDeclaredStatementIsInTheReadmeTableAndViceVersa() throws {
        let table = try Self.readmeTable()
        let listed = Set(table.flatMap(\.names))
        for keyword in Statements.keywords {
            #expect(listed.contains(keyword), "README's statement table lacks \(keyword)")
        }
        // Besides the keywords, the table has the assignment and its x, y rows.
        for name in listed where !["assignment", "x", "y"].contains(name) {
            #expect(Statements.declaration(for: name) != nil, "README lists \(name), which is not a declared statement")
        }
    }

    @Test func theReadmeGrammarNamesEveryOptionAndTheTableTheDefaults() throws {
        let readme = try String(contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let table = try Self.readmeTable()
        for declaration in Statements.all where !declaration.options.isEmpty {
            // The grammar rule of the statement: from `keyword =` to the next rule.
            let rule = try #require(readme.range(of: "\n\(declaration.keyword.padding(toLength: 12, withPad: " ", startingAt: 0))="),
                                    "no grammar rule for \(declaration.keyword)")
            let rest = readme[rule.upperBound...]
            let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
            let body = rest[..<end]
            for option in declaration.options {
                #expect(body.contains("\"\(option.name)\""), "the grammar of \(declaration.keyword) lacks \"\(option.name)\"")
            }
            // Where the table's row states a default, it is the declared one.
            guard let row = table.first(where: { $0.names.contains(declaration.keyword) })?.row else { continue }
            for option in declaration.options {
                guard let text = option.defaultText, row.contains("default") else { continue }
                if row.contains("(default \(option.name)") || row.contains("default η") && option.name == "eta" {
                    #expect(row.contains("= \(text)"), "README's default of \(declaration.keyword) \(option.name) is not \(text)")
                }
            }
        }
    }

    @Test func helpCoversEveryDeclarationWithItsOptions() throws {
        for declaration in Statements.all + [Statements.assignment] {
            let entry = try #require(Help.entry(for: declaration.keyword), "no help for \(declaration.keyword)")
            #expect(entry.syntax == declaration.syntax && entry.summary == declaration.summary)
            let statements = try Syntax.parse(declaration.example)
            #expect(statements.allSatisfy { $0.kind.keyword == declaration.keyword }, "example of \(declaration.keyword)")
            for option in declaration.options {
                #expect(entry.text.contains("  " + option.name), "help \(declaration.keyword) lacks \(option.name)")
                if let text = option.defaultText { #expect(entry.text.contains("default \(text)")) }
            }
            if declaration.keyword != "=" { #expect(Help.overview.contains(declaration.syntax[0])) }
        }
        #expect(Vocabulary.statements == Statements.all.map(\.keyword))
        #expect(Help.entry(for: "train")?.text.contains("epochs N") == true)
        #expect(Help.entry(for: "train")?.text.contains("default 100") == true)
    }

    /// Where the options go, per statement (after what must come first).
    static let optionPrefix = ["explain": "explain dL/dw131 ", "data": "data \"f.csv\" ", "init": "init normal ", "help": "help explain ",
                               "split": "split 0.8 ", "expect": "expect loss = 0.1 "]
    /// Statements whose options depend on a first word: every variant's prefix, whose offers together are all the options.
    static let variantPrefixes = ["init": ["init normal ", "init uniform "], "data": ["data \"f.csv\" ", "data circle "],
                                  "optimizer": ["optimizer momentum ", "optimizer rmsprop ", "optimizer adam "]]

    @Test func completionCoversEveryDeclaration() {
        let atStart = Syntax.complete("", cursor: 0, definedNames: []).matches
        for declaration in Statements.all {
            #expect(atStart.contains(declaration.keyword), "\(declaration.keyword) is not completed at a line start")
            guard !declaration.options.isEmpty else { continue }
            let prefixes = Self.variantPrefixes[declaration.keyword] ?? [Self.optionPrefix[declaration.keyword] ?? declaration.keyword + " "]
            let offered = prefixes.flatMap { prefix in Syntax.complete(prefix, cursor: prefix.unicodeScalars.count, definedNames: []).matches }
            #expect(Set(offered) == Set(declaration.options.map(\.name)), "\(declaration.keyword): \(offered)")
        }
        #expect(Syntax.complete("freeze ", cursor: 7, definedNames: ["W1", "b1", "x", "a2"]).matches == ["all", "weights", "biases", "W1", "b1"])
        #expect(Syntax.complete("loss half", cursor: 9, definedNames: []).matches == ["half_squared_error"])
    }

    @Test func anUnknownTrainOptionIsAnErrorNamingTheValidOnes() {
        for cell in ["train foo 1", "train until2 loss < 1", "train loss < 1"] {
            guard case let .failure(error) = Syntax.parseResult(cell) else { Issue.record("\(cell) parsed"); continue }
            #expect(error.message.contains("unknown option"), "\(cell): \(error.message)")
            #expect(error.expected?.contains("epochs, eta, batch, seed, until, history") == true)
        }
    }

    /// One set of ranges: what the parser accepts is what the engine accepts.
    @Test func theParserAndTheEngineShareTheRanges() throws {
        // gradcheck eps 1 passed the parser and failed in the engine before.
        guard case let .failure(eps) = Syntax.parseResult("gradcheck eps 1") else { Issue.record("eps 1 parsed"); return }
        #expect(eps.message == "eps must be below 1")
        #expect(try Syntax.parse("gradcheck eps 0.5").first?.kind == .gradcheck(GradcheckStatement(eps: Located(0.5, at: .init(line: 1, column: 15, offset: 14)))))
        // explain's limit: 1 … 10000 in the parser, where it was "at least 1" before.
        guard case let .failure(limit) = Syntax.parseResult("explain w111 limit 10001") else { Issue.record("limit parsed"); return }
        #expect(limit.message == "limit must be at most \(PathExplanation.limitRange.upperBound)")
        #expect(throws: Never.self) { try Syntax.parse("explain w111 limit 10000") }
        guard case let .failure(precision) = Syntax.parseResult("precision 18") else { Issue.record(); return }
        #expect(precision.message.contains("from 0 to 17"))
        for (spec, inside, outside) in [(StatementDeclaration.stepEta, 0.5, 0.0), (StatementDeclaration.gradcheckEps, 1e-3, 1.0),
                                        (StatementDeclaration.initStd, 0.0, -0.1)] {
            guard case let .number(bounds) = spec.kind else { Issue.record(); continue }
            #expect(bounds.contains(inside) && !bounds.contains(outside), "\(spec.name)")
        }
        // …and the engine refuses what the parser refuses.
        var net = try Network(sizes: [1, 1], activations: [.linear])
        #expect(throws: BackpropError.self) { try net.step(x: Matrix(row: [1]), y: Matrix(row: [1]), eta: 0) }
        #expect(throws: BackpropError.self) { try net.initialize(.normal(std: -0.1, seed: 1)) }
    }

    @Test func handlersUseTheDeclaredDefaults() throws {
        let session = Session()
        run(session, "net 1 -> 1\nx = [1]\ny = [2]")
        let trained = run(session, "train")
        let defaultEpochs = try #require(StatementDeclaration.trainEpochs.integerDefault)
        #expect(trained.object(kind: "train")?["epochs_run"]?.intValue == defaultEpochs)
        let stepped = run(session, "step")
        #expect(stepped.object(kind: "step")?["eta"]?.doubleValue == StatementDeclaration.stepEta.numberDefault)
    }

    @Test func theLossIsStoredOnce() throws {
        let session = Session()
        run(session, "loss mse\nnet 2 -> 2 sigmoid -> 2 sigmoid")
        #expect(session.state.loss == .mse && session.state.network?.loss == .mse)
        run(session, "loss half_squared_error")
        #expect(session.state.network?.loss == .halfSquaredError && session.state.loss == .halfSquaredError)
        run(session, "net 2 -> 1")
        #expect(session.state.network?.loss == .halfSquaredError)
    }

    @Test func oneNamingRuleForEverySpelling() {
        for indices in [[2, 1, 2], [2, 1, 12], [1, 13], [12], [0, 3], [9, 9, 9], [10, 1, 1]] {
            let compact = UnitName.isCompact(indices)
            #expect(UnitName.join("w", indices).contains("[") == !compact)
            #expect(Names.latexSub(indices).contains(",") == (!compact && indices.count > 1))
            #expect(Names.sub(indices) == Script.subscript(UnitName.indexText(indices)))
        }
        #expect(ValueName.weight(layer: 2, row: 1, column: 12).description == UnitName.join("w", [2, 1, 12]))
        #expect(ValueName.bias(layer: 1, unit: 3).description == ParameterID.bias(layer: 1, unit: 3).description)
    }

    @Test func interruptsAreNeverMatchedByTheirText() throws {
        // BackpropError.interrupted replaced invalidArgument("interrupted"), matched by its string.
        let sources = TestPaths.repository.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var checked = 0
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(!text.contains("invalidArgument(\"interrupted\")"), "\(url.lastPathComponent)")
            #expect(!text.contains("== \"interrupted\""), "\(url.lastPathComponent)")
            checked += 1
        }
        #expect(checked > 50)
    }

    @Test func newStatementsAreCompleteAndHaveHelp() throws {
        #expect(Syntax.isComplete("freeze biases") == .complete)
        #expect(Syntax.isComplete("unfreeze") == .complete)
        #expect(Syntax.isComplete("freeze sigmoid") == .invalid)
        let session = Session()
        let page = run(session, "help freeze").help?["text/plain"]?.stringValue ?? ""  // help is a display
        #expect(page.contains("step and train leave them unchanged"))
        #expect(Help.overview.contains("freeze") && Help.overview.contains("unfreeze"))
        #expect(Help.entry(for: "half_squared_error")?.topic == "losses")
    }

    @Test func helpPageGoesToThePagerAndPlainHelpToTheOutput() throws {
        let session = Session()
        let paged = run(session, "help explain page")
        #expect(paged.error == nil && paged.help == nil)
        #expect(paged.page?[MIME.plain]?.stringValue?.contains("explain dL/dw") == true)
        let shown = run(session, "help explain")
        #expect(shown.page == nil && shown.help?[MIME.plain]?.stringValue == paged.page?[MIME.plain]?.stringValue)
        // `page` alone is the overview in the pager; a wrong topic before it is still an error.
        #expect(run(session, "help page").page?[MIME.plain]?.stringValue == Help.overview)
        #expect(runExpectingError(session, "help frobnicate page").error?.ename == "SyntaxError")
    }

    @Test func errorNamesComeFromTheEnum() {
        let session = Session()
        run(session, workedExampleSetup)
        let names = Set(ErrorName.allCases.map(\.rawValue))
        for cell in ["forwrd", "explain w999", "W1 = [1 2]", "load \"nope.json\"", "net 2 -> 2\nforward", "show a9"] {
            let ran = runExpectingError(session, cell)
            let ename = ran.error?.ename ?? "none"
            #expect(names.contains(ename), "\(cell): \(ename)")
        }
    }
}
