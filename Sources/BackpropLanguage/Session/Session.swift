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
    // @unchecked: the counters are only touched by `execute` and the read-only helpers,
    // which the caller runs on one thread; the state is behind `store`'s lock (live controls
    // change it from other threads); `cellRun` is atomic.
    let store = SessionStore()
    var state: SessionState {
        get { store.snapshot }
        set { store.withState { $0 = newValue } }
    }
    /// Sliders and buttons, when the front end can show them (set once, before any cell).
    public var controls: LiveControls?
    /// Files named in `data`, `save` and `load` are relative to this directory.
    public let directory: String
    /// Whether a cell runs, and whether it was asked to stop (see `CellRun`).
    private let cellRun = Atomic<Int>(CellRun.idle)
    private var displayCounter = 0
    private let sessionTag: String

    /// The largest cell accepted, in UTF-8 bytes.
    public static let maxCellBytes = 8 * 1024 * 1024

    /// What one statement may use at its peak (`BACKPROP_MEMORY_LIMIT`, about 1 GiB by default).
    public let memoryBudget: MemoryBudget
    /// A note about an unreadable `BACKPROP_MEMORY_LIMIT`, sent with the first cell.
    private var startupWarning: String?
    /// Bytes of output one cell may send (see `OutputBudget`).
    var outputLimit = OutputBudget.defaultLimit

    /// A session with the memory budget `memoryBudget`, or the environment's when nil.
    public init(directory: String = FileManager.default.currentDirectoryPath, memoryBudget: MemoryBudget? = nil) {
        self.directory = directory
        self.sessionTag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        if let memoryBudget {
            self.memoryBudget = memoryBudget
        } else {
            (self.memoryBudget, self.startupWarning) = MemoryBudget.fromEnvironment()
        }
    }

    /// Stops the running cell after its current step (thread-safe). An interrupt that
    /// arrives at any moment while `execute` runs is kept until that cell returns; one that
    /// arrives while no cell runs is ignored, so it never stops the next cell.
    public func interrupt() {
        _ = cellRun.compareExchange(expected: CellRun.running, desired: CellRun.interrupted, ordering: .relaxed)
    }

    var isInterrupted: Bool { cellRun.load(ordering: .relaxed) == CellRun.interrupted }
    /// Whether a cell is running now (tests wait for it before they interrupt).
    var isRunningCell: Bool { cellRun.load(ordering: .relaxed) != CellRun.idle }

    /// Runs a cell. Outputs go to `emit` as they happen (training progress is live); the last
    /// statement's bundle is the `.result`. Returns the error that stopped the cell, if any:
    /// a syntax error runs nothing; a failing statement keeps the effect of those before it.
    @discardableResult
    public func execute(_ code: String, emit: (Output) -> Void) -> LanguageError? {
        // The cell is running from here on: an interrupt from now until it returns is kept.
        // One sent before this line was idle's, and is not this cell's to answer.
        cellRun.store(CellRun.running, ordering: .relaxed)
        defer { cellRun.store(CellRun.idle, ordering: .relaxed) }
        let size = code.utf8.count
        guard size <= Session.maxCellBytes else {
            return LanguageError(
                ename: .valueError,
                message: "the cell is \(size / 1024) KiB; the limit is \(Session.maxCellBytes / 1024 / 1024) MiB (load large data with `data \"file.csv\"`)",
                line: 1, column: 1, traceback: ["ValueError: the cell is too large (\(size) bytes)"])
        }
        if let warning = startupWarning {
            startupWarning = nil
            emit(.stream(.stderr, warning))
        }
        let statements: [Statement]
        do {
            // A huge cell takes a while to parse: the interrupt is polled there too.
            guard let parsed = try Syntax.parse(code, shouldStop: { isInterrupted }) else {
                return LanguageError(ename: .keyboardInterrupt, message: "interrupted while reading the cell; nothing ran",
                                     line: 1, column: 1, traceback: ["KeyboardInterrupt: interrupted while reading the cell; nothing ran"])
            }
            statements = parsed
        } catch {
            // Taught first (`w5`, `np.array`, `x**2` … get what to write instead), then the
            // note that nothing ran.
            let taught = Mistakes.teach(error, in: code, network: state.network)
            return LanguageError.syntax(taught, in: code).withNothingRan(in: code)
        }
        var budget = OutputBudget(limit: outputLimit)
        let checking = CheckingCell.isChecking(statements)
        return withoutActuallyEscaping(emit) { emit in
            let send = checking ? { emit(CheckingCell.output($0)) } : emit
            return run(statements, code: code, checking: checking, emit: { output in
                if budget.admit(output, warn: send) { send(output) }
            })
        }
    }

    /// Runs parsed statements in order, committing each one's state as it succeeds. The
    /// interrupt is checked before every statement, so a cell of 200 000 short statements
    /// stops (and sends nothing more) as promptly as one long one.
    /// In a `checking` cell (one with an `expect`, see `CheckingCell`) no bundle is the cell's result.
    private func run(_ statements: [Statement], code: String, checking: Bool,
                     emit: @escaping (Output) -> Void) -> LanguageError? {
        let cancellation = Cancellation { [unowned self] in self.isInterrupted }
        var warnings = SetupWarnings.Watch()
        let warn = { (texts: [String]) in for text in texts { emit(.stream(.stderr, "warning: \(text)\n")) } }
        defer { warn(warnings.cellEnded(state)) }
        for (k, statement) in statements.enumerated() {
            if isInterrupted {
                let message = k == 0 ? "interrupted before the cell ran; nothing ran"
                    : "interrupted before this statement; the \(k) statement\(k == 1 ? "" : "s") before it ran"
                return LanguageError.at(statement.location, in: code, ename: .keyboardInterrupt, message: message)
            }
            // A long statement runs on a copy and commits once (see `SessionStore`); the
            // others hold the state's lock while they run.
            let long = statement.kind.isLong
            var before = SessionState()
            // The statement's outcome, and whether its state is committed.
            var commits = false
            func attempt(_ current: inout SessionState) -> Result<[JSONValue], LanguageError> {
                before = current
                var interpreter = Interpreter(
                    state: current, source: code, directory: directory,
                    shouldStop: { [unowned self] in self.isInterrupted },
                    emit: emit, newDisplayID: { [unowned self] in self.nextDisplayID() },
                    memoryLimit: memoryBudget.bytes, cancellation: cancellation,
                    live: controls.map { LiveContext(controls: $0, store: store) })
                do {
                    var bundles = try interpreter.run(statement)
                    bundles += try Answers.check(after: statement, &interpreter)
                    current = interpreter.state
                    commits = true
                    return .success(bundles)
                } catch {
                    // An interrupted `train` keeps the parameters of its last finished step.
                    if interpreter.keepsStateOnError { current = interpreter.state; commits = true }
                    return .failure(error)
                }
            }
            let outcome: Result<[JSONValue], LanguageError>
            if long {
                outcome = store.runningLong {
                    var copy = store.snapshot
                    let result = attempt(&copy)
                    if commits { store.withState { $0 = copy } }
                    return result
                }
            } else {
                outcome = store.withState { attempt(&$0) }
            }
            let after = store.snapshot
            switch outcome {
            case let .success(bundles):
                // Pictures are displays, and so is everything in a checking cell; otherwise the last
                // statement's bundle is the cell's result.
                let displaysOnly = checking || Statements.declaration(for: statement.kind.keyword)?.display == .picture
                for (b, bundle) in bundles.enumerated() {
                    let isResult = !displaysOnly && k == statements.count - 1 && b == bundles.count - 1
                    emit(isResult ? .result(bundle) : .display(bundle, displayID: nil))
                }
                warn(warnings.statementRan(statement.kind.keyword, before: before, after: after))
                // `exit` ends the session: nothing after it runs.
                if statement.kind == .exit || statement.kind == .quit { return nil }
            case let .failure(error):
                // `run` throws only LanguageError.
                return RuntimeMistakes.teach(error, statement: statement, in: code, network: after.network)
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
    public func isComplete(_ code: String) -> CompletionStatus {
        // The cell size limit applies here too: 60 MB of code kept the shell busy for 20 s.
        guard code.utf8.count <= Session.maxCellBytes else { return .invalid }
        return Syntax.isComplete(code)
    }

    /// Completions at `cursor` (in Unicode scalars), including the session's names.
    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        guard code.utf8.count <= Session.maxCellBytes else { return CompletionResult(matches: [], start: cursor, end: cursor) }
        let names = definedNames
        // Pasted names (`w₂₁`, `∂L/∂w₂₁`) complete as their ASCII spelling; scalar for scalar, so
        // the cursor and the replaced range stay where they are.
        let code = Lexer.asciiDigits(code)
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
        guard code.utf8.count <= Session.maxCellBytes else { return nil }
        return Inspection.inspect(Lexer.asciiDigits(code), cursor: cursor, state: state)
    }
}

/// The states of `Session.cellRun`: an interrupt moves only `running` to `interrupted`.
enum CellRun {
    static let idle = 0
    static let running = 1
    static let interrupted = 2
}
