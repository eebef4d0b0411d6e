import Backprop
import JSON
import Rendering

/// Runs one statement against a copy of the session state and returns its MIME bundles.
/// Errors come out as `LanguageError` with the statement's (or a more precise) position.
struct Interpreter {
    var state: SessionState
    let source: String
    let directory: String
    let shouldStop: () -> Bool
    let emit: (Output) -> Void
    let newDisplayID: () -> String
    /// Set by a statement whose failure should still keep its state (an interrupted `train`).
    var keepsStateOnError = false
    /// What a statement may use at its peak, in bytes (see `checkMemory`).
    var memoryLimit = MemoryBudget.defaultBytes
    /// The interrupt, as the engine's per-layer loops poll it.
    var cancellation: Cancellation? = nil
    /// Sliders and buttons, and the shared state their handlers change (nil in `run`).
    var live: LiveContext? = nil

    var format: NumberFormat { NumberFormat(precision: state.precision) }

    mutating func run(_ statement: Statement) throws(LanguageError) -> [JSONValue] {
        do {
            try checkMemory(statement)
            // `train` polls the interrupt between its steps itself, and must finish the pass
            // that reports the parameters it keeps; everything else stops between layers.
            if case .train = statement.kind { return try dispatch(statement) }
            return try Cancellation.whileRunning(cancellation) {
                let bundles = try dispatch(statement)
                try Cancellation.check()  // output cut short by an interrupt is not sent
                return bundles
            }
        } catch let error as LanguageError {
            throw error
        } catch let error as BackpropError {
            throw LanguageError.engine(error, at: statement.location, length: 1, in: source)
        } catch let failure as StatementFailure where !failure.showsPlace {
            throw LanguageError.unplaced(statement.location, ename: failure.ename, message: failure.message)
        } catch let failure as StatementFailure {
            throw LanguageError.at(failure.location ?? statement.location, length: failure.length, in: source,
                                   ename: failure.ename, message: failure.message, hint: failure.hint)
        } catch {
            throw LanguageError.at(statement.location, in: source, ename: .internalError, message: "\(error)")
        }
    }

    /// Runs the statement through its declaration.
    private mutating func dispatch(_ statement: Statement) throws -> [JSONValue] {
        guard let declaration = Statements.declaration(for: statement.kind.keyword) else {
            throw StatementDeclaration.mismatch(statement.kind.keyword)
        }
        return try declaration.run(&self, statement.kind)
    }

    // MARK: - What statements need

    func requireNetwork() throws -> Network {
        guard let network = state.network else {
            if state.layered != nil { throw StatementFailure.state(LayeredSupport.unsupported, hint: LayeredSupport.hint) }
            throw StatementFailure.state("no network is defined yet", hint: "define one first, e.g. `net 4 -> 4 sigmoid -> 2 softmax`")
        }
        return network
    }

    func requireInput() throws -> Matrix {
        guard let x = state.x else {
            throw StatementFailure.state("no input x is set", hint: "set one, e.g. `x = [2 5 3 3]`, or load a file with `data \"file.csv\" target label`")
        }
        return x
    }

    func requireTargets() throws -> Matrix {
        guard let y = state.y else {
            throw StatementFailure.state("no targets y are set", hint: "set them, e.g. `y = [1 0]`")
        }
        return y
    }

    /// Network, x and y, checked against each other.
    func requireExample() throws -> (Network, Matrix, Matrix) {
        let network = try requireNetwork()
        let x = try requireInput(), y = try requireTargets()
        try network.validate(x: x, y: y)
        return (network, x, y)
    }

    /// Runs an engine call, moving its error to the place in the source that caused it: the
    /// one way an engine error gets its position.
    func engine<T>(at place: SourceLocation?, length: Int = 1, _ body: () throws(BackpropError) -> T) throws(LanguageError) -> T {
        do {
            return try body()
        } catch {
            throw LanguageError.engine(error, at: place ?? SourceLocation.start, length: length, in: source)
        }
    }

    /// Marks parameters as changed: gradients shown by `graph` are stale.
    mutating func parametersChanged() { state.gradientsShown = false }
}
