import Backprop
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import Synchronization

/// A running session of the cell language: the network, its data and settings, and the entry
/// points a front end needs (execute, complete, inspect, is-complete, interrupt).
///
/// `execute` runs on one thread at a time; `interrupt` may be called from any thread while a
/// cell runs, and stops a long statement after its current step.
public final class Session: @unchecked Sendable {
    // @unchecked: `state` and the counters are only touched by `execute` and the read-only
    // helpers, which the caller runs on one thread; `interruptRequested` is atomic.
    var state = SessionState()
    /// Files named in `data`, `save` and `load` are relative to this directory.
    public let directory: String
    private let interruptRequested = Atomic<Bool>(false)
    private var displayCounter = 0
    private let sessionTag: String

    /// The largest cell accepted, in UTF-8 bytes.
    public static let maxCellBytes = 8 * 1024 * 1024

    public init(directory: String = FileManager.default.currentDirectoryPath) {
        self.directory = directory
        self.sessionTag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    /// Stops the running statement after its current step (thread-safe).
    public func interrupt() { interruptRequested.store(true, ordering: .relaxed) }

    var isInterrupted: Bool { interruptRequested.load(ordering: .relaxed) }

    /// Runs a cell. Outputs go to `emit` as they happen (training progress is live); the last
    /// statement's bundle is the `.result`. Returns the error that stopped the cell, if any:
    /// a syntax error runs nothing; a failing statement keeps the effect of those before it.
    @discardableResult
    public func execute(_ code: String, emit: (Output) -> Void) -> LanguageError? {
        interruptRequested.store(false, ordering: .relaxed)
        let size = code.utf8.count
        guard size <= Session.maxCellBytes else {
            return LanguageError(
                ename: "ValueError",
                message: "the cell is \(size / 1024) KiB; the limit is \(Session.maxCellBytes / 1024 / 1024) MiB (load large data with `data \"file.csv\"`)",
                line: 1, column: 1, traceback: ["ValueError: the cell is too large (\(size) bytes)"])
        }
        let statements: [Statement]
        do {
            statements = try Syntax.parse(code)
        } catch {
            return LanguageError.syntax(error, in: code)
        }
        return withoutActuallyEscaping(emit) { emit in run(statements, code: code, emit: emit) }
    }

    /// Runs parsed statements in order, committing each one's state as it succeeds.
    private func run(_ statements: [Statement], code: String, emit: @escaping (Output) -> Void) -> LanguageError? {
        for (k, statement) in statements.enumerated() {
            var interpreter = Interpreter(
                state: state, source: code, directory: directory,
                shouldStop: { [unowned self] in self.isInterrupted },
                emit: emit, newDisplayID: { [unowned self] in self.nextDisplayID() })
            do {
                let bundles = try interpreter.run(statement)
                state = interpreter.state
                // Pictures are displays; otherwise the last statement's bundle is the cell's result.
                let picturesOnly: Bool
                if case .graph = statement.kind { picturesOnly = true } else { picturesOnly = false }
                for (b, bundle) in bundles.enumerated() {
                    let isResult = !picturesOnly && k == statements.count - 1 && b == bundles.count - 1
                    emit(isResult ? .result(bundle) : .display(bundle, displayID: nil))
                }
            } catch {
                // `run` throws only LanguageError. An interrupted `train` keeps the parameters
                // of its last finished step.
                if interpreter.keepsStateOnError { state = interpreter.state }
                return error
            }
        }
        return nil
    }

    /// Runs a cell and collects its outputs.
    public func execute(_ code: String) -> (outputs: [Output], error: LanguageError?) {
        var outputs: [Output] = []
        let error = execute(code) { outputs.append($0) }
        return (outputs, error)
    }

    private func nextDisplayID() -> String {
        displayCounter += 1
        return "backprop-\(sessionTag)-\(displayCounter)"
    }

    /// Whether a cell is complete, incomplete (an open bracket) or invalid.
    public func isComplete(_ code: String) -> CompletionStatus { Syntax.isComplete(code) }

    /// Completions at `cursor` (in Unicode scalars), including the session's names.
    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        let names = definedNames
        var result = Syntax.complete(code, cursor: cursor, definedNames: names)
        if result.matches.isEmpty, min(cursor, result.end) > result.start {
            // Nothing fits the context: offer any word of the language with this prefix.
            let line = CursorLine(code, cursor: cursor)
            let from = result.start - line.offset, to = max(from, line.cursor)
            let prefix = String(String.UnicodeScalarView(line.scalars[from..<to]))
            let words = Vocabulary.statements + Vocabulary.activations + Vocabulary.losses + Vocabulary.functions + names
            var seen = Set<String>()
            result.matches = words.filter { $0.hasPrefix(prefix) && $0 != prefix && seen.insert($0).inserted }
        }
        return result
    }

    /// The names a user can refer to now: parameters, values and their gradients.
    public var definedNames: [String] { NameCatalog.names(for: state) }

    /// Help for a statement keyword, or the value and shape of a name, at `cursor`.
    public func inspect(_ code: String, cursor: Int, detailLevel: Int = 0) -> JSONValue? {
        Inspection.inspect(code, cursor: cursor, state: state)
    }
}
