import Testing
@testable import BackpropLanguage

/// is_complete, complete and inspect on big cells: linear, and only the part they need
/// (the bracket state and the last statement; the cursor's line). 4 MiB of code took 54 s
/// in is_complete in a debug build before; the bound here is loose (debug, shared CPU).
@Suite struct LookupScaleTests {
    static let body = String(repeating: "precision 4\nforward\n", count: (4 << 20) / 20)

    func seconds(_ work: () -> Void) -> Double {
        let clock = ContinuousClock()
        let d = clock.measure(work)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func isCompleteOnFourMebibytes() {
        var answers: [CompletionStatus] = []
        let t = seconds {
            answers.append(Syntax.isComplete(Self.body))
            answers.append(Syntax.isComplete(Self.body + "W1 = [1 2"))
            answers.append(Syntax.isComplete(Self.body + "net 4 -> 4 sigmod"))
            answers.append(Syntax.isComplete(Self.body + "net 4 -> 4 sigmoid ->  # more\n\n"))
            answers.append(Syntax.isComplete("forward ]\n" + Self.body))
        }
        #expect(answers == [.complete, .incomplete(indent: "      "), .invalid, .incomplete(indent: "    "), .invalid])
        #expect(t < 5, "5 answers on 4 MiB took \(t) s")
    }

    @Test func theLastStatementIsFoundAcrossContinuedLines() {
        #expect(Syntax.isComplete("forward\nnet 4 ->\n  4 sigmoid") == .complete)
        #expect(Syntax.isComplete("forward\nnet 4 ->\n\n  4 sigmod") == .invalid)
        #expect(Syntax.isComplete("forward\nnet 4 → # c\n  4 sigmoid →") == .incomplete(indent: "    "))
        #expect(Syntax.isComplete("W1 = [1 2 # c\n 3 4]\nforward") == .complete)
        #expect(Syntax.isComplete("print \"a # b\"\nforward") == .complete)
        #expect(Syntax.isComplete("print \"a\nforward") == .invalid)
        #expect(Syntax.isComplete("forward\n\n# done\n") == .complete)
    }

    @Test func completeAndInspectOnFourMebibytes() {
        let s = Session()
        let code = Self.body + "forw"
        let n = code.unicodeScalars.count
        var matches: [String] = []
        var start = 0
        var found = false
        let t = seconds {
            let r = s.complete(code, cursor: n)
            (matches, start) = (r.matches, r.start)
            found = s.inspect(Self.body + "forward", cursor: n) != nil
        }
        #expect(matches == ["forward"])
        #expect(start == n - 4)
        #expect(found)
        #expect(t < 5, "complete + inspect on 4 MiB took \(t) s")
    }

    @Test func completionInTheMiddleOfACell() {
        let r = Syntax.complete("forward\nnet 4 -> 4 sigm\nforward", cursor: 23, definedNames: [])
        #expect(r.matches == ["sigmoid"])
        #expect(r.start == 19 && r.end == 23)
    }
}
