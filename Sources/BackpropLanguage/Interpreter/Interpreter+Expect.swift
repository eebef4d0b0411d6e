import Backprop
import JSON
import Rendering

/// `expect`: compares a value the session computes with the one the learner wrote. Success
/// is one ✓ line (a display, never the cell's result: nbgrader would read a result's text as
/// a score); failure is an `ExpectationError` with the expected and actual values and what
/// the engine's diagnosis finds the wrong value to be.
extension Interpreter {
    mutating func expect(_ statement: ExpectStatement) throws -> [JSONValue] {
        let name = statement.name.value
        let actual = try ValueLookup(state: state).value(of: name)
        switch statement.check {
        case let .shape(rows, columns):
            let shape = ExpectShape(actual)
            guard shape.matches(rows: rows, columns: columns) else {
                throw failure(statement, "\(name) is \(shape), not \(ExpectShape.text(rows, columns))")
            }
            return [ExpectRenderer.passed(name, check: "is \(shape)",
                                          json: ["shape": .string(shape.description)])]
        case let .bound(comparison, bound):
            let values = actual.entries
            let bad = values.firstIndex { !comparison.holds($0, bound.value) }
            if let bad {
                let which = values.count == 1 ? "\(name) is \(show(values[bad]))"
                    : "entry \(bad + 1) of \(values.count) of \(name) is \(show(values[bad]))"
                throw failure(statement, "\(which), not \(comparison.rawValue) \(bound.text)")
            }
            let shown = values.count == 1 ? "it is \(show(values[0]))" : "all \(values.count) entries"
            return [ExpectRenderer.passed(name, check: "\(comparison.rawValue) \(bound.text) (\(shown))",
                                          json: ["comparison": .string(comparison.rawValue), "bound": .number(bound.value),
                                                 "actual": .numbers(values)])]
        case let .value(expected):
            return try expectValue(statement, expected, actual)
        }
    }

    private func expectValue(_ statement: ExpectStatement, _ expected: ExpectedValue, _ actual: ShownValue) throws -> [JSONValue] {
        let name = statement.name.value
        let given = tolerance(statement.options)
        let entries: [ExpectedNumber]
        switch (expected, actual) {
        case let (.number(n), .scalar): entries = [n]
        case let (.number(n), .vector(v)) where v.count == 1: entries = [n]
        case let (.number(n), .matrix(m)) where m.rows == 1 && m.cols == 1: entries = [n]
        case let (.matrix(rows), .matrix(m)):
            guard rows.count == m.rows, rows.first?.count == m.cols else {
                throw failure(statement, "\(name) is \(m.rows)×\(m.cols), but the expected matrix is \(rows.count)×\(rows.first?.count ?? 0)")
            }
            entries = rows.flatMap { $0 }
        case let (.matrix(rows), _):
            let count = actual.entries.count
            let flat = rows.flatMap { $0 }
            guard rows.count == 1 || rows.allSatisfy({ $0.count == 1 }), flat.count == count else {
                throw failure(statement, "\(name) is \(ExpectShape(actual)), but the expected value is \(rows.count)×\(rows.first?.count ?? 0)")
            }
            entries = flat
        case (.number, _):
            throw failure(statement, "\(name) is \(ExpectShape(actual)), not one number",
                          hint: "write the whole value as a matrix, e.g. expect \(name) = [[…]], or check one entry (e.g. w131, b12, a21)")
        }
        let values = actual.entries
        var worst: (index: Int, excess: Double)?
        for (k, (e, a)) in zip(entries, values).enumerated() {
            let t = given ?? Tolerance(absolute: e.halfUnit)
            guard !t.accepts(a, e.value) else { continue }
            let excess = a.isFinite ? abs(a - e.value) - t.bound(for: e.value) : .infinity
            if worst == nil || excess > (worst?.excess ?? 0) { worst = (k, excess) }
        }
        let toleranceText = given.map(Self.describe) ?? Self.describe(writtenOf: entries)
        guard let worst else {
            let shown = values.count == 1 ? "it is \(show(values[0]))" : "all \(values.count) entries"
            let check = "= \(entries.count == 1 ? entries[0].text : "the matrix") (\(shown), within \(toleranceText))"
            return [ExpectRenderer.passed(name, check: check,
                                          json: ["expected": .numbers(entries.map(\.value)), "actual": .numbers(values),
                                                 "tolerance": .string(toleranceText)])]
        }
        let e = entries[worst.index]
        let a = values[worst.index]
        var message: String
        if entries.count == 1 {
            message = "expected \(name) = \(e.text) (\(toleranceText)), but it is \(show(a, like: e))"
            // The likeliest diagnosis in the message, the others (if any) in the traceback.
            let found = diagnose(name, e, tolerance: given ?? Tolerance(absolute: e.halfUnit))
            if let first = found.first { message += "; " + first }
            if found.count > 1 {
                throw failure(statement, message, hint: (["it is also:"] + found.dropFirst().map { "  " + $0 }).joined(separator: "\n"))
            }
        } else {
            let wrong = zip(entries, values).filter { !(given ?? Tolerance(absolute: $0.0.halfUnit)).accepts($0.1, $0.0.value) }.count
            let (r, c) = ExpectShape(actual).position(worst.index)
            message = "\(name) differs from the expected matrix in \(wrong) of \(entries.count) entries; the furthest is [\(r),\(c)]: expected \(e.text), it is \(show(a, like: e)) (\(toleranceText))"
        }
        throw failure(statement, message)
    }

    /// What the engine finds the wrong number to be (nothing where it cannot say).
    private func diagnose(_ name: ValueName, _ given: ExpectedNumber, tolerance: Tolerance) -> [String] {
        let target: DiagnosedValue
        switch name {
        case .loss: target = .loss
        case let .gradient(inner):
            if let p = ValueLookup.parameterID(inner) {
                target = .gradient(p)
            } else if let depth = state.network?.depth, let unit = inner.unitTarget(outputLayer: depth), state.x?.rows == 1 {
                target = .unitGradient(unit)
            } else {
                return []
            }
        default: return []
        }
        guard let network = try? ValueLookup(state: state).network(), let x = state.x, let y = state.y,
              let found = try? network.diagnose(target, given: given.value, tolerance: tolerance, x: x, y: y) else { return [] }
        return DiagnosisWording.sentences(found, given: given.text, loss: network.loss, examples: x.rows)
    }

    private func tolerance(_ options: OptionValues) -> Tolerance? {
        let tol = options.number(StatementDeclaration.expectTol)?.value
        let rtol = options.number(StatementDeclaration.expectRtol)?.value
        guard tol != nil || rtol != nil else { return nil }
        return Tolerance(absolute: tol ?? 0, relative: rtol ?? 0)
    }

    private static func describe(_ t: Tolerance) -> String {
        switch (t.absolute, t.relative) {
        case (_, 0): return "±\(NumberText.short(t.absolute))"
        case (0, _): return "relative ±\(NumberText.short(t.relative))"
        default: return "±(\(NumberText.short(t.absolute)) + \(NumberText.short(t.relative))·|expected|)"
        }
    }

    private static func describe(writtenOf entries: [ExpectedNumber]) -> String {
        let units = Set(entries.map(\.halfUnit))
        guard units.count == 1, let unit = units.first else { return "each entry to the digits it is written with" }
        return unit == 0 ? "exactly" : "±\(NumberText.short(unit))"
    }

    /// The actual value with two digits more than the expected one was written with.
    private func show(_ value: Double, like expected: ExpectedNumber? = nil) -> String {
        let digits = expected.map { $0.text.filter(\.isNumber).drop { $0 == "0" }.count } ?? 0
        return NumberFormat(precision: max(digits + 2, format.significantDigits, 6)).string(value)
    }

    private func failure(_ statement: ExpectStatement, _ message: String, hint: String? = nil) -> StatementFailure {
        StatementFailure(.expectationError, message, at: statement.name.location,
                         length: max(1, statement.name.value.description.count), hint: hint)
    }
}

extension ExpectStatement.Comparison {
    func holds(_ actual: Double, _ bound: Double) -> Bool {
        guard actual.isFinite else { return false }
        switch self {
        case .equal: return actual == bound
        case .less: return actual < bound
        case .lessOrEqual: return actual <= bound
        case .greater: return actual > bound
        case .greaterOrEqual: return actual >= bound
        }
    }
}

extension ShownValue {
    /// Every entry, row by row.
    var entries: [Double] {
        switch self {
        case let .scalar(v): return [v]
        case let .vector(v): return v
        case let .matrix(m): return m.storage
        }
    }
}

/// The shape of a shown value as `expect shape` reads it: R×C for a matrix, N for a vector
/// (which also matches 1×N and N×1), 1 for a number.
struct ExpectShape: CustomStringConvertible {
    let rows: Int
    let columns: Int?

    init(_ value: ShownValue) {
        if case .scalar = value { isScalar = true } else { isScalar = false }
        switch value {
        case .scalar: (rows, columns) = (1, nil)
        case let .vector(v): (rows, columns) = (v.count, nil)
        case let .matrix(m): (rows, columns) = (m.rows, m.cols)
        }
    }

    func matches(rows r: Int, columns c: Int?) -> Bool {
        guard let columns else { return (c == nil && r == rows) || (c == rows && r == 1) || (r == rows && c == 1) }
        return r == rows && c == columns
    }

    /// The 1-based row and column of the k-th entry.
    func position(_ k: Int) -> (Int, Int) {
        guard let columns, columns > 0 else { return (k + 1, 1) }
        return (k / columns + 1, k % columns + 1)
    }

    static func text(_ rows: Int, _ columns: Int?) -> String { columns.map { "\(rows)×\($0)" } ?? "\(rows)" }
    let isScalar: Bool
    var description: String {
        if isScalar { return "one number" }
        return columns.map { "\(rows)×\($0)" } ?? "a vector of \(rows)"
    }
}
