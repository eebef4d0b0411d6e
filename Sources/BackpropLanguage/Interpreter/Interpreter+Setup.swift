import Backprop
import JSON
import Rendering

/// net, loss, init, assignment, precision.
extension Interpreter {
    mutating func net(_ declaration: NetDeclaration) throws -> [JSONValue] {
        if declaration.isLayered { return try layeredNet(declaration) }
        let sizes = declaration.layers.map(\.units)
        let activations = declaration.layers.dropFirst().map { Activation(rawValue: ($0.activation ?? .linear).rawValue) ?? .linear }
        var network = try Network(sizes: sizes, activations: activations, loss: state.loss)
        try network.initialize(.xavier(seed: Initialization.defaultSeed))
        state.network = network
        state.layered = nil
        parametersChanged()
        resetOptimizerState()
        // Data that no longer fits is reported when it is used (forward, backward, …): the next
        // line of the cell often replaces it.
        return [NetRenderer.bundle(network, format: format)]
    }

    /// A warning when loaded data no longer fits the network.
    func dataMismatch(_ network: Network) -> String? {
        if let x = state.x, x.cols != network.inputSize {
            return "x has \(x.cols) columns but the network takes \(network.inputSize) inputs"
        }
        if let y = state.y, y.cols != network.outputSize {
            return "y has \(y.cols) columns but the network has \(network.outputSize) outputs"
        }
        return nil
    }

    mutating func setLoss(_ declaration: LossDeclaration) throws -> [JSONValue] {
        guard let loss = Loss(rawValue: declaration.loss.rawValue) else {
            throw StatementFailure(.valueError, "unknown loss \(declaration.loss.rawValue)", at: declaration.location)
        }
        if let y = state.y, let network = state.network {
            var probe = network
            probe.loss = loss
            if y.cols == network.outputSize, let x = state.x, x.rows == y.rows {
                try probe.validate(x: x, y: y)
            }
        }
        state.loss = loss
        parametersChanged()
        return []
    }

    mutating func initialize(_ declaration: InitDeclaration) throws -> [JSONValue] {
        let seed = UInt64(max(declaration.seed?.value ?? Int(Initialization.defaultSeed), 0))
        let scheme: Initialization
        switch declaration.scheme {
        case .xavier: scheme = .xavier(seed: seed)
        case .xavierUniform: scheme = .xavierUniform(seed: seed)
        case .he: scheme = .he(seed: seed)
        case .heUniform: scheme = .heUniform(seed: seed)
        case .normal: scheme = .normal(std: declaration.std?.value ?? Initialization.defaultStd, seed: seed)
        case .uniform:
            scheme = .uniform(low: declaration.low?.value ?? 0, high: declaration.high?.value ?? 1, seed: seed)
        case .zeros: scheme = .zeros
        }
        if let layered = state.layered { return try layeredInitialize(layered, scheme) }
        var network = try requireNetwork()
        try engine(at: declaration.std?.location ?? declaration.low?.location ?? declaration.location) { () throws(BackpropError) in
            try network.initialize(scheme)
        }
        state.network = network
        parametersChanged()
        resetOptimizerState()
        return []
    }

    mutating func setPrecision(_ digits: Located<Int>) throws -> [JSONValue] {
        let range = StatementDeclaration.precisionRange
        guard range.contains(digits.value) else {
            throw StatementFailure(.valueError, "precision must be between \(range.lowerBound) and \(range.upperBound) digits, not \(digits.value)",
                                   at: digits.location)
        }
        state.precision = digits.value
        return []
    }

    // MARK: - Assignment

    mutating func assign(_ assignment: Assignment) throws -> [JSONValue] {
        let target = assignment.target
        let valuePlace = valueLocation(assignment.value)
        // A shape error names what the shape means; its caret covers the whole literal.
        func shapeError(_ message: String?) throws {
            guard let message else { return }
            throw StatementFailure(.shapeError, message, at: valuePlace,
                                   length: LiteralSpan.length(in: source, at: valuePlace))
        }
        do {
            switch target.value {
            case .input:
                state.x = try matrixValue(assignment.value, name: "x")
                if let network = state.network, let x = state.x, x.cols != network.inputSize {
                    try shapeError(ShapeMistakes.input(x, network: network, written: LiteralSpan.asRow(in: source, at: valuePlace)))
                }
                if let network = state.network, let x = state.x, x.cols != network.inputSize {
                    throw BackpropError.shapeMismatch(what: "x", expected: Shape(x.rows, network.inputSize), actual: x.shape)
                }
                if let x = state.x, let (r, c) = x.firstNonFinite {
                    throw BackpropError.invalidArgument("x[\(r + 1),\(c + 1)] must be a finite number")
                }
            case .target:
                let y = try matrixValue(assignment.value, name: "y")
                if let network = state.network, y.cols != network.outputSize {
                    try shapeError(ShapeMistakes.targets(y, network: network, examples: state.x?.rows,
                                                         written: LiteralSpan.asRow(in: source, at: valuePlace)))
                }
                if let network = state.network, y.cols != network.outputSize {
                    throw BackpropError.shapeMismatch(what: "y", expected: Shape(y.rows, network.outputSize), actual: y.shape)
                }
                if let (r, c) = y.firstNonFinite {
                    throw BackpropError.invalidArgument("y[\(r + 1),\(c + 1)] must be a finite number")
                }
                state.y = y
            case let .weights(layer):
                var network = try requireNetwork()
                let current = try network.layer(layer)
                let w: Matrix
                if case let .scalar(v) = assignment.value {
                    w = Matrix(rows: current.units, cols: current.inputs, repeating: v.value)
                } else {
                    w = try matrixValue(assignment.value, name: "W\(layer)")
                    try shapeError(ShapeMistakes.weights(w, layer: layer, network: network))
                }
                try network.setWeights(layer: layer, w)
                state.network = network
            case let .biases(layer):
                var network = try requireNetwork()
                let current = try network.layer(layer)
                let b: [Double]
                switch assignment.value {
                case let .scalar(v): b = Array(repeating: v.value, count: current.units)
                case let .matrix(m):
                    // A row or a column vector both read as the bias vector.
                    guard m.rowCount == 1 || m.columnCount == 1 else {
                        throw BackpropError.shapeMismatch(what: "b\(layer)", expected: Shape(1, current.units),
                                                          actual: Shape(m.rowCount, m.columnCount))
                    }
                    b = m.rows.flatMap { $0 }
                    try shapeError(ShapeMistakes.bias(count: b.count, layer: layer, network: network))
                }
                try network.setBias(layer: layer, b)
                state.network = network
            case let .weight(l, i, j):
                var network = try requireNetwork()
                try network.set(.weight(layer: l, row: i, column: j), to: try scalarValue(assignment.value, name: target.value.description))
                state.network = network
            case let .bias(l, i):
                var network = try requireNetwork()
                try network.set(.bias(layer: l, unit: i), to: try scalarValue(assignment.value, name: target.value.description))
                state.network = network
            default:
                throw StatementFailure(.nameError, "\(target.value) cannot be assigned; only parameters, x and y can",
                                       at: target.location)
            }
        } catch let error as BackpropError {
            let place: SourceLocation
            switch error {
            case .indexOutOfRange: place = target.location
            default: place = valuePlace
            }
            throw LanguageError.engine(error, at: place, length: max(1, target.value.description.count), in: source)
        }
        if target.value.isParameter { parametersChanged() }
        if case .input = target.value { state.data = nil }
        if case .target = target.value { state.data = nil }
        return []
    }

    func valueLocation(_ value: AssignedValue) -> SourceLocation {
        switch value {
        case let .scalar(v): return v.location
        case let .matrix(m): return m.location
        }
    }

    func matrixValue(_ value: AssignedValue, name: String) throws -> Matrix {
        switch value {
        case let .scalar(v): return Matrix(row: [v.value])
        case let .matrix(m): return try Matrix(m.rows)
        }
    }

    func scalarValue(_ value: AssignedValue, name: String) throws -> Double {
        switch value {
        case let .scalar(v): return v.value
        case let .matrix(m):
            guard m.rowCount == 1, m.columnCount == 1, let v = m.rows.first?.first else {
                throw BackpropError.shapeMismatch(what: name, expected: Shape(1, 1), actual: Shape(m.rowCount, m.columnCount))
            }
            return v
        }
    }
}
