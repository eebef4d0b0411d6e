import Backprop

/// A value the user asked to see, computed from the session state: parameters and data as
/// they are, activations by a forward pass, gradients by a backward pass on the current state.
enum ShownValue {
    case scalar(Double)
    /// Per-example values of one unit (m of them) or a bias vector.
    case vector([Double])
    case matrix(Matrix)

    var isFinite: Bool {
        switch self {
        case let .scalar(v): return v.isFinite
        case let .vector(v): return v.allSatisfy(\.isFinite)
        case let .matrix(m): return m.firstNonFinite == nil
        }
    }
}

struct ValueLookup {
    let state: SessionState

    static func parameterID(_ name: ValueName) -> ParameterID? {
        switch name {
        case let .weight(l, i, j): return .weight(layer: l, row: i, column: j)
        case let .bias(l, i): return .bias(layer: l, unit: i)
        case let .gradient(inner): return parameterID(inner)
        default: return nil
        }
    }

    func network() throws -> Network {
        guard var n = state.network else {
            throw StatementFailure.state("no network is defined yet", hint: "define one first, e.g. `net 4 -> 4 sigmoid -> 2 softmax`")
        }
        n.loss = state.loss
        return n
    }

    func value(of name: ValueName) throws -> ShownValue {
        switch name {
        case .input:
            guard let x = state.x else { throw StatementFailure.state("x is not set", hint: "e.g. `x = [2 5 3 3]`") }
            return .matrix(x)
        case .target:
            guard let y = state.y else { throw StatementFailure.state("y is not set", hint: "e.g. `y = [1 0]`") }
            return .matrix(y)
        case let .weights(l): return .matrix(try network().layer(l).weights)
        case let .biases(l): return .vector(try network().layer(l).bias)
        case let .weight(l, i, j): return .scalar(try network().value(of: .weight(layer: l, row: i, column: j)))
        case let .bias(l, i): return .scalar(try network().value(of: .bias(layer: l, unit: i)))
        case .preActivations, .activations, .preActivation, .activation, .output, .outputUnit, .loss:
            return try forwardValue(name)
        case let .gradient(inner):
            return try gradientValue(inner)
        }
    }

    private func forwardCache() throws -> (Network, ForwardCache) {
        let n = try network()
        guard let x = state.x else { throw StatementFailure.state("x is not set, so there is no forward pass", hint: "e.g. `x = [2 5 3 3]`") }
        let y = state.y.flatMap { $0.shape == Shape(x.rows, n.outputSize) ? $0 : nil }
        return (n, try n.forward(x, targets: y))
    }

    private func forwardValue(_ name: ValueName) throws -> ShownValue {
        let (n, cache) = try forwardCache()
        switch name {
        case let .preActivations(l):
            _ = try n.layer(l)
            return .matrix(cache.a(l))
        case let .activations(l):
            if l == 0 { return .matrix(cache.x) }
            _ = try n.layer(l)
            return .matrix(cache.h(l))
        case let .preActivation(l, i):
            let layer = try n.layer(l)
            try unit(i, of: layer.units, name: "a", l)
            return column(cache.a(l), i - 1)
        case let .activation(l, i):
            let units = l == 0 ? n.inputSize : try n.layer(l).units
            try unit(i, of: units, name: "h", l)
            return column(cache.h(l), i - 1)
        case .output: return .matrix(cache.yhat)
        case let .outputUnit(o):
            try unit(o, of: n.outputSize, name: "yhat", nil)
            return column(cache.yhat, o - 1)
        case .loss:
            guard let loss = cache.loss else { throw StatementFailure.state("y is not set, so there is no loss", hint: "e.g. `y = [1 0]`") }
            return .scalar(loss)
        default:
            throw StatementFailure(.nameError, "\(name) is not a forward-pass value")
        }
    }

    private func gradientValue(_ inner: ValueName) throws -> ShownValue {
        let n = try network()
        guard let x = state.x else { throw StatementFailure.state("x is not set, so there are no gradients", hint: "e.g. `x = [2 5 3 3]`") }
        guard let y = state.y else { throw StatementFailure.state("y is not set, so there are no gradients", hint: "e.g. `y = [1 0]`") }
        let (_, g) = try n.gradients(x: x, y: y)
        let value = try gradientValue(inner, n, g)
        // A value is finite and correct, or an error names it (never ∞ or NaN in a table).
        if !value.isFinite {
            var isOutput = inner == .output
            if case .outputUnit = inner { isOutput = true }
            if isOutput {
                let o = g.outputOverflow
                throw StatementFailure(.numericalError,
                                       "∂L/∂ŷ\(Names.sub([o?.unit ?? 1])) of example \(o?.example ?? 1) is beyond the float64 range (ŷ is within 1e-308 of 0 or 1)",
                                       hint: "∂L/∂a\(Names.sub([n.depth])) is computed from the logits and is finite: show dL/da\(n.depth)")
            }
            throw StatementFailure(.numericalError, "a non-finite gradient (∞ or NaN) appeared first in \(g.firstNonFinite ?? "dL/d\(inner)")",
                                   hint: "the inputs or weights are too large; try smaller values")
        }
        return value
    }

    private func gradientValue(_ inner: ValueName, _ n: Network, _ g: Gradients) throws -> ShownValue {
        switch inner {
        case let .weights(l): _ = try n.layer(l); return .matrix(g.dWeights(l))
        case let .biases(l): _ = try n.layer(l); return .vector(g.dBias(l))
        case let .weight(l, i, j):
            let p = ParameterID.weight(layer: l, row: i, column: j)
            try n.validate(p)
            return .scalar(g.value(of: p))
        case let .bias(l, i):
            let p = ParameterID.bias(layer: l, unit: i)
            try n.validate(p)
            return .scalar(g.value(of: p))
        case let .preActivations(l): _ = try n.layer(l); return .matrix(g.dA(l))
        case let .preActivation(l, i):
            try unit(i, of: try n.layer(l).units, name: "a", l)
            return column(g.dA(l), i - 1)
        case let .activations(l):
            guard l >= 0, l <= n.depth else { throw BackpropError.indexOutOfRange(what: "h", index: [l], limits: [n.depth]) }
            return .matrix(g.dH(l))
        case let .activation(l, i):
            guard l >= 0, l <= n.depth else { throw BackpropError.indexOutOfRange(what: "h", index: [l, i], limits: [n.depth]) }
            try unit(i, of: n.sizes[l], name: "h", l)
            return column(g.dH(l), i - 1)
        case .input: return .matrix(g.dH(0))
        case .output: return .matrix(g.dyhat)
        case let .outputUnit(o):
            try unit(o, of: n.outputSize, name: "yhat", nil)
            return column(g.dyhat, o - 1)
        default:
            throw StatementFailure(.nameError, "dL/d\(inner) is not defined")
        }
    }

    private func unit(_ i: Int, of count: Int, name: String, _ layer: Int?) throws {
        guard (1...max(count, 1)).contains(i), count >= 1 else {
            let index = layer.map { [$0, i] } ?? [i]
            let limits = layer.map { [$0, count] } ?? [count]
            throw BackpropError.indexOutOfRange(what: name, index: index, limits: limits)
        }
    }

    /// One unit's values: a number for one example, one per example otherwise.
    private func column(_ m: Matrix, _ j: Int) -> ShownValue {
        m.rows == 1 ? .scalar(m[0, j]) : .vector(m.column(j))
    }
}
