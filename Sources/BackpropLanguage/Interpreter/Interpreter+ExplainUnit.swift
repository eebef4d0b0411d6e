import Backprop
import JSON

/// `explain dL/dh13`, `explain dL/da21`, `explain dL/dŷ1`: the paths to a unit.
extension Interpreter {
    mutating func explainUnit(_ unit: UnitTarget, _ statement: ExplainStatement, _ network: Network,
                              _ x: Matrix, _ y: Matrix) throws -> [JSONValue] {
        let place = statement.parameter.location
        let length = statement.parameter.value.description.count
        if statement.factored {
            throw StatementFailure(.valueError, "factored works for a weight or bias; explain dL/d\(statement.parameter.value) lists its paths",
                                   at: place, length: length)
        }
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let limit = statement.limit?.value ?? PathExplanation.defaultLimit
        let stop = shouldStop
        let explanation: UnitPathExplanation
        do {
            explanation = try network.explain(unit, x: x, y: y, limit: limit, shouldStop: stop)
        } catch {
            if error == .interrupted { throw StatementFailure.interrupted }
            throw LanguageError.engine(error, at: place, length: length, in: source)
        }
        if explanation.paths.contains(where: { !$0.product.isFinite }) || explanation.pathSums.contains(where: { !$0.isFinite }) {
            throw StatementFailure(.numericalError, "a path's product is beyond the float64 range",
                                   hint: "the weights are too large for a path-by-path explanation")
        }
        return [UnitExplainRenderer.bundle(explanation, format: format, nonzero: statement.nonzero, outputLayer: network.depth)]
    }
}

extension ValueName {
    /// Whether `explain` reads it as a unit: a21, h13, ŷ1.
    var isUnit: Bool {
        switch self {
        case .preActivation, .activation, .outputUnit: true
        default: false
        }
    }

    /// The unit it names (ŷ_i is h_{L i}).
    func unitTarget(outputLayer: Int) -> UnitTarget? {
        switch self {
        case let .preActivation(l, i): .preActivation(layer: l, unit: i)
        case let .activation(l, i): .activation(layer: l, unit: i)
        case let .outputUnit(o): .activation(layer: outputLayer, unit: o)
        default: nil
        }
    }
}
