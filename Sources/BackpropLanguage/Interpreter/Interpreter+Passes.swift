import Backprop
import JSON
import Rendering

/// forward, backward, show, explain, step.
extension Interpreter {
    mutating func forward() throws -> [JSONValue] {
        if let layered = state.layered { return try layeredForward(layered) }
        let network = try requireNetwork()
        let x = try requireInput()
        let y = state.y.flatMap { $0.shape == Shape(x.rows, network.outputSize) ? $0 : nil }
        if state.y != nil && y == nil {
            try network.validate(x: x, y: state.y)  // reports the mismatch
        }
        let cache = try network.forward(x, targets: y)
        try checkFinite(cache)
        return [PassRenderer.forward(network, cache, format: format, l2: state.training.l2)]
    }

    mutating func backward() throws -> [JSONValue] {
        if let layered = state.layered { return try layeredBackward(layered) }
        let (network, x, y) = try requireExample()
        let (cache, raw) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        let l2 = state.training.l2
        let grads = raw.addingL2(l2, of: network)
        try checkFinite(grads)
        state.gradientsShown = true
        return [PassRenderer.backward(network, cache, grads, format: format, l2: l2)]
    }

    func checkFinite(_ cache: ForwardCache) throws { try checkFiniteValues(firstNonFinite: cache.firstNonFinite) }

    /// A gradient that overflowed (an input of 1.7e308 makes ∂L/∂W1 = ∞) is an error naming it.
    func checkFinite(_ grads: Gradients) throws { try checkFiniteGradients(firstNonFinite: grads.firstNonFinite) }

    /// The errors for a forward pass's or a backward pass's first non-finite value (dense or layered).
    func checkFiniteValues(firstNonFinite place: String?) throws {
        if let place {
            throw StatementFailure(.numericalError, "a non-finite value (NaN or ∞) appeared first in \(place)",
                                   hint: "the inputs or weights are too large for this activation; try smaller values")
        }
    }

    func checkFiniteGradients(firstNonFinite place: String?) throws {
        if let place {
            throw StatementFailure(.numericalError, "a non-finite gradient (∞ or NaN) appeared first in \(place)",
                                   hint: "the inputs or weights are too large; try smaller values")
        }
    }

    mutating func show(_ statement: ShowStatement) throws -> [JSONValue] {
        if let layered = state.layered { return try layeredShow(layered, statement) }
        guard let name = statement.name else {
            if statement.layerName != nil { throw StatementFailure.state("K, k, gamma, beta and mask name the layers beyond dense; this network is dense") }
            return [SessionRenderer.bundle(state, format: format)]
        }
        do {
            let value = try ValueLookup(state: state).value(of: name.value)
            return [ValueRenderer.bundle(name: name.value, value: value, format: format)]
        } catch let failure as StatementFailure {
            throw StatementFailure(failure.ename, failure.message, at: failure.location ?? name.location,
                                   length: name.value.description.count, hint: failure.hint)
        } catch let error as BackpropError {
            throw LanguageError.engine(error, at: name.location, length: name.value.description.count, in: source)
        }
    }

    mutating func explain(_ statement: ExplainStatement) throws -> [JSONValue] {
        if let layered = state.layered { return try layeredExplain(layered, statement) }
        if statement.layerParameter != nil { throw StatementFailure.state("K, k, gamma and beta name the layers beyond dense; this network is dense") }
        let (network, x, y) = try requireExample()
        if let unit = statement.parameter.value.unitTarget(outputLayer: network.depth) {
            return try explainUnit(unit, statement, network, x, y)
        }
        guard let parameter = ValueLookup.parameterID(statement.parameter.value) else {
            throw StatementFailure(.nameError, "explain takes one weight or bias, such as dL/dw131 or dL/db13",
                                   at: statement.parameter.location)
        }
        // The parser checked the range (PathExplanation.limitRange, which the engine checks too).
        let limit = statement.limit?.value ?? PathExplanation.defaultLimit
        try engine(at: statement.parameter.location, length: statement.parameter.value.description.count) {
            () throws(BackpropError) in try network.validate(parameter)
        }
        // Paths through an overflowing forward or backward pass would be products of ∞ and 0:
        // say so instead.
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let stop = shouldStop
        let explanation: PathExplanation
        do {
            explanation = try network.explain(parameter, x: x, y: y, limit: limit, shouldStop: stop)
        } catch {
            // (A `catch .interrupted` pattern on this typed throw crashes Swift 6.3.1's SILGen.)
            if error == .interrupted { throw StatementFailure.interrupted }
            throw error
        }
        if let k = explanation.paths.firstIndex(where: { !$0.product.isFinite }) {
            throw StatementFailure(.numericalError, "the product of path \(k + 1) is beyond the float64 range",
                                   hint: "the weights are too large for a path-by-path explanation")
        }
        if !explanation.pathSum.isFinite {
            throw StatementFailure(.numericalError, "the sum of the paths is beyond the float64 range")
        }
        return [ExplainRenderer.bundle(explanation, examples: x.rows, format: format, network: network,
                                       nonzero: statement.nonzero, factored: statement.factored)]
    }

    mutating func step(_ statement: StepStatement) throws -> [JSONValue] {
        if let layered = state.layered { return try layeredStep(layered, statement) }
        if !state.training.isPlain { return try optimizerStep(statement) }
        var (network, x, y) = try requireExample()
        let eta = statement.eta?.value ?? state.training.eta ?? Network.defaultEta
        do {
            let result = try network.step(x: x, y: y, eta: eta)
            state.network = network
            parametersChanged()
            return [StepRenderer.bundle(result, format: format)]
        } catch {
            if case .invalidArgument = error, let place = statement.eta?.location {
                throw LanguageError.engine(error, at: place, in: source)
            }
            throw error
        }
    }
}
