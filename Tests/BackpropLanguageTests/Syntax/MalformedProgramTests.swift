import Testing
@testable import BackpropLanguage

/// Wrong programs: each gives a clear error at the right place, and nothing of the cell runs.
@Suite struct MalformedProgramTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cell: String
        var fragment: String
        var line: Int
        var column: Int
        var suggestion: String? = nil
        var testDescription: String { cell.count > 40 ? String(cell.prefix(40)) + "…" : cell }
    }

    static let cases: [Case] = [
        Case(cell: "forwrad", fragment: "unknown statement 'forwrad'", line: 1, column: 1, suggestion: "forward"),
        Case(cell: "forward\nnet 4 -> 4 sigmod", fragment: "unknown activation 'sigmod'", line: 2, column: 12, suggestion: "sigmoid"),
        Case(cell: "loss crossentropy", fragment: "unknown loss", line: 1, column: 6, suggestion: "cross_entropy"),
        Case(cell: "init xavir", fragment: "unknown initialisation", line: 1, column: 6, suggestion: "xavier"),
        Case(cell: "train epoch 10", fragment: "unknown option 'epoch'", line: 1, column: 7, suggestion: "epochs"),
        Case(cell: "step eta", fragment: "missing value for eta", line: 1, column: 9),
        Case(cell: "W1 = [1 2; 3 4", fragment: "'[' is never closed", line: 1, column: 6),
        Case(cell: "forward\n]", fragment: "unmatched ']'", line: 2, column: 1),
        Case(cell: "W1 = [1 2 3\n      4 5]", fragment: "ragged matrix: row 2 has 2 entries", line: 2, column: 7),
        Case(cell: "W1 = [[1, 2], [3]]", fragment: "row 2 has 1 entry", line: 1, column: 15),
        Case(cell: "x = [1 2.3.4]", fragment: "bad number '2.3.4'", line: 1, column: 8),
        Case(cell: "b1 = 1e", fragment: "bad number '1e'", line: 1, column: 6),
        Case(cell: "b1 =", fragment: "missing value", line: 1, column: 5),
        Case(cell: "print \"hello", fragment: "unterminated string", line: 1, column: 7),
        Case(cell: "net 4 -> 0 sigmoid", fragment: "layer size must be a whole number from 1", line: 1, column: 10),
        Case(cell: "net 4", fragment: "at least one layer", line: 1, column: 6),
        Case(cell: "x = [1 - 2]", fragment: "sign must be written right before", line: 1, column: 8),
        Case(cell: "x = [1-2]", fragment: "separated by spaces or commas", line: 1, column: 7),
        Case(cell: "a2 = [1 2]", fragment: "cannot assign to a2", line: 1, column: 1),
        Case(cell: "show q7", fragment: "unknown name 'q7'", line: 1, column: 6),
        Case(cell: "chain sine(x) at x = 1", fragment: "unknown function 'sine'", line: 1, column: 7, suggestion: "sin"),
        Case(cell: "chain x*y at x = 1", fragment: "no value given for y", line: 1, column: 11),
        Case(cell: "chain x*y", fragment: "no value given for x", line: 1, column: 10),
        Case(cell: "chain x at z = 1", fragment: "'z' does not appear", line: 1, column: 12),
        Case(cell: "step eta -0.5", fragment: "eta must be a finite number greater than 0", line: 1, column: 10),
        Case(cell: "step eta nan", fragment: "eta must be", line: 1, column: 10),
        Case(cell: "train epochs 0", fragment: "epochs must be a whole number at least 1", line: 1, column: 14),
        Case(cell: "train epochs 2.5", fragment: "epochs must be a whole number", line: 1, column: 14),
        Case(cell: "train eta 1 eta 2", fragment: "given twice", line: 1, column: 13),
        Case(cell: "precision 40", fragment: "precision must be a whole number from 0 to 17", line: 1, column: 11),
        Case(cell: "explain dL/dW1", fragment: "one weight or bias", line: 1, column: 9),
        Case(cell: "help explian", fragment: "no help for 'explian'", line: 1, column: 6, suggestion: "explain"),
        Case(cell: "help sigmod", fragment: "no help for 'sigmod'", line: 1, column: 6, suggestion: "sigmoid"),
        Case(cell: "forward extra", fragment: "unexpected 'extra' after 'forward'", line: 1, column: 9),
        Case(cell: "W1", fragment: "'W1' alone is not a statement", line: 1, column: 1),
        Case(cell: "x = [1 2] @", fragment: "unexpected character '@'", line: 1, column: 11),
        Case(cell: "chain (x at x = 1", fragment: "'(' is never closed", line: 1, column: 7),
        Case(cell: "W1 = [1 2)", fragment: "')' does not match the '['", line: 1, column: 10),
        Case(cell: "x = []", fragment: "empty matrix", line: 1, column: 5),
        Case(cell: "data iris", fragment: "expected a file name in double quotes", line: 1, column: 6),
        Case(cell: "print \"a\\qb\"", fragment: "unknown escape", line: 1, column: 9),
        Case(cell: "init zeros seed 1", fragment: "unknown option 'seed' for 'init zeros'", line: 1, column: 12),
        Case(cell: "show dL / dW1", fragment: "without spaces", line: 1, column: 6),
        Case(cell: "chain sin x at x = 1", fragment: "sin needs its argument in parentheses", line: 1, column: 7),
        Case(cell: "chain x + at x = 1", fragment: "expected a number, a variable", line: 1, column: 11),
        Case(cell: "12 = 3", fragment: "expected a statement", line: 1, column: 1),
    ]

    @Test(arguments: cases)
    func reportsError(_ c: Case) {
        switch Syntax.parseResult(c.cell) {
        case .success(let statements):
            Issue.record("parsed to \(statements.map(\.kind.keyword))")
        case .failure(let error):
            #expect(error.message.contains(c.fragment), "message: \(error.message)")
            #expect(error.location.line == c.line, "\(error)")
            #expect(error.location.column == c.column, "\(error)")
            #expect(error.suggestion == c.suggestion, "\(error)")
            #expect(error.expected != nil || error.message.contains("twice"), "\(error)")
        }
    }

    @Test func atLeastTwentyCases() {
        #expect(Self.cases.count >= 20)
    }

    @Test func deeplyNestedChainExpressionIsACleanError() {
        let depth = 10_000
        let cell = "chain " + String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth) + " at x = 1"
        guard case .failure(let error) = Syntax.parseResult(cell) else { Issue.record("parsed"); return }
        #expect(error.message.contains("nested too deeply"))
        #expect(error.location.line == 1)
    }

    @Test func deepUnaryMinusAndLongFlatSumAreBounded() {
        let minus = "chain " + String(repeating: "-", count: 10_000) + "x at x = 1"
        guard case .failure(let a) = Syntax.parseResult(minus) else { Issue.record("parsed"); return }
        #expect(a.message.contains("nested too deeply"))
        let sum = "chain " + Array(repeating: "x", count: 5_000).joined(separator: "+") + " at x = 1"
        guard case .failure(let b) = Syntax.parseResult(sum) else { Issue.record("parsed"); return }
        #expect(b.message.contains("nested too deeply"))
        let functions = "chain " + String(repeating: "exp(", count: 10_000) + "x" + String(repeating: ")", count: 10_000) + " at x = 1"
        guard case .failure(let c) = Syntax.parseResult(functions) else { Issue.record("parsed"); return }
        #expect(c.message.contains("nested too deeply"))
    }

    @Test func tenMegabyteCellOfGarbageReturnsAnError() {
        // Valid tokens that form no statement, then bracket soup, then random scalars.
        var garbage = String(repeating: "sigmod 1.5 [ -> ; ", count: 560_000)
        garbage += String(repeating: "]]]", count: 10)
        #expect(garbage.utf8.count > 10_000_000)
        guard case .failure(let a) = Syntax.parseResult(garbage) else { Issue.record("parsed"); return }
        #expect(a.location.line == 1)
        var generator = SystemRandomNumberGenerator()
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(2_000_000)
        while scalars.count < 2_000_000 {
            if let scalar = Unicode.Scalar(UInt32.random(in: 1...0x2FF, using: &generator)) { scalars.append(scalar) }
        }
        guard case .failure = Syntax.parseResult(String(String.UnicodeScalarView(scalars))) else { Issue.record("parsed"); return }
        // Many valid statements before the error (kept to 1 MB: debug builds parse ~1 MB/s).
        let manyLines = String(repeating: "forward\n", count: 130_000) + "forwrad"
        guard case .failure(let c) = Syntax.parseResult(manyLines) else { Issue.record("parsed"); return }
        #expect(c.location.line == 130_001 && c.suggestion == "forward")
        // Bounded whatever the lines before it: the excerpt and the list of statements only.
        #expect(c.report(in: manyLines).count < 700)
    }

    @Test func anErrorAnywhereMeansNoStatements() {
        guard case .failure(let error) = Syntax.parseResult("forward\nbackward\nstep eta = -1\nforward") else {
            Issue.record("parsed"); return
        }
        #expect(error.location.line == 3)
    }
}
