import Backprop
import JSON
import Rendering

/// What the statements that do not know the layers beyond dense say about them.
enum LayeredSupport {
    static let unsupported = "this statement works on dense networks only; the network has conv, maxpool, dropout or batchnorm layers"
    static let hint = "net, forward, backward, show, gradcheck, step, init, mode and loss work on it"
}

/// net (beyond dense), mode, and forward, backward, show, gradcheck, step on a `LayeredNetwork`.
extension Interpreter {
    mutating func layeredNet(_ declaration: NetDeclaration) throws -> [JSONValue] {
        guard let first = declaration.layers.first else { throw StatementFailure(.syntaxError, "a network needs an input") }
        let input: FeatureShape
        if let dims = first.image, dims.count == 3 {
            input = FeatureShape(channels: dims[0], height: dims[1], width: dims[2])
        } else {
            input = FeatureShape(vector: first.units)
        }
        var specs: [LayeredNetwork.Spec] = []
        for layer in declaration.layers.dropFirst() {
            let activation = Activation(rawValue: (layer.activation ?? .linear).rawValue) ?? .linear
            let kind: LayerKind
            switch layer.kind {
            case .dense: kind = .dense(units: layer.units)
            case let .conv(f, kh, kw, s, p): kind = .conv(filters: f, kernelHeight: kh, kernelWidth: kw, stride: s, padding: p)
            case let .maxPool(h, w, s): kind = .maxPool(height: h, width: w, stride: s ?? h)
            case let .dropout(p, seed): kind = .dropout(p: p, seed: UInt64(max(0, seed)))
            }
            specs.append(.init(kind, batchNorm: layer.batchNorm, activation: activation))
        }
        let loss = state.loss
        var network = try engine(at: declaration.layers[0].location) { () throws(BackpropError) in
            try LayeredNetwork(input: input, layers: specs, loss: loss)
        }
        try network.initialize(.xavier(seed: Initialization.defaultSeed))
        state.network = nil
        state.layered = network
        parametersChanged()
        return [LayeredRenderer.net(network, format: format)]
    }

    mutating func setMode(_ word: Located<String>?) throws -> [JSONValue] {
        guard var network = state.layered else {
            if state.network != nil, word != nil {
                // A dense network behaves the same in both modes: nothing to set, said plainly.
                return [RichOutput(plain: "mode: a dense network has no dropout or batch norm, so train and eval compute the same", json: ["kind": "mode", "mode": .null]).bundle]
            }
            if state.network == nil { throw StatementFailure.state("no network is defined yet", hint: "define one first, e.g. `net 4 -> 8 batchnorm relu -> 2 softmax`") }
            return [RichOutput(plain: "mode: a dense network computes the same in train and eval mode", json: ["kind": "mode", "mode": .null]).bundle]
        }
        if let word, let mode = NetworkMode(rawValue: word.value) { network.mode = mode }
        state.layered = network
        return [RichOutput(plain: "mode \(network.mode.rawValue)" + (network.hasModes ? "" : " (no dropout or batch norm: both modes compute the same)"),
                           json: ["kind": "mode", "mode": .string(network.mode.rawValue)]).bundle]
    }

    func requireLayeredExample(_ network: LayeredNetwork) throws -> (Matrix, Matrix) {
        let x = try requireInput(), y = try requireTargets()
        try network.validate(x: x, y: y)
        return (x, y)
    }

    func checkFinite(_ cache: LayeredCache) throws { try checkFiniteValues(firstNonFinite: cache.firstNonFinite) }

    func checkFinite(_ grads: LayeredGradients) throws { try checkFiniteGradients(firstNonFinite: grads.firstNonFinite) }

    /// Forward in the network's mode; in train mode the running statistics move as in PyTorch.
    mutating func layeredForward(_ network: LayeredNetwork) throws -> [JSONValue] {
        let x = try requireInput()
        let y = state.y.flatMap { $0.shape == Shape(x.rows, network.outputSize) ? $0 : nil }
        if state.y != nil && y == nil { try network.validate(x: x, y: state.y) }
        let cache = try network.forward(x, targets: y)
        try checkFinite(cache)
        var updated = network
        updated.keepRunningStatistics(of: cache)
        state.layered = updated
        return [LayeredRenderer.forward(network, cache, format: format)]
    }

    /// Backward leaves the running statistics alone (only `forward` and `step` move them).
    mutating func layeredBackward(_ network: LayeredNetwork) throws -> [JSONValue] {
        let (x, y) = try requireLayeredExample(network)
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        state.gradientsShown = true
        return [LayeredRenderer.backward(network, cache, grads, format: format)]
    }

    mutating func layeredGradcheck(_ network: LayeredNetwork, _ statement: GradcheckStatement) throws -> [JSONValue] {
        let (x, y) = try requireLayeredExample(network)
        let eps = statement.eps?.value ?? GradientCheckResult.defaultEps
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let stop = shouldStop
        let entries = try engine(at: statement.eps?.location) { () throws(BackpropError) in
            try network.gradientCheck(x: x, y: y, eps: eps, shouldStop: stop)
        }
        if entries.count < network.parameterIDs.count { throw StatementFailure.interrupted }
        return [LayeredRenderer.gradcheck(entries, eps: eps, mode: network.mode, format: format)]
    }

    /// One gradient-descent step θ ← θ − η∇θ L, batch norm's running statistics kept.
    mutating func layeredStep(_ network: LayeredNetwork, _ statement: StepStatement) throws -> [JSONValue] {
        let (x, y) = try requireLayeredExample(network)
        let eta = statement.eta?.value ?? Network.defaultEta
        guard eta.isFinite, eta > 0 else {
            throw StatementFailure(.valueError, "eta must be a finite number greater than 0", at: statement.eta?.location)
        }
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        var next = network
        next.keepRunningStatistics(of: cache)
        for p in network.parameterIDs {
            try next.set(p, to: try network.value(of: p) - eta * grads.value(of: p, in: network))
        }
        let after = try next.loss(x: x, y: y)
        state.layered = next
        parametersChanged()
        let before = cache.loss ?? .nan
        return [RichOutput(plain: "step (η = \(format.string(eta)), \(network.mode.rawValue) mode): L \(format.string(before)) → \(format.string(after))",
                           json: ["kind": "step", "eta": .number(eta), "loss_before": .number(before), "loss_after": .number(after),
                                  "mode": .string(network.mode.rawValue)]).bundle]
    }

    mutating func layeredInitialize(_ network: LayeredNetwork, _ scheme: Initialization) throws -> [JSONValue] {
        var next = network
        try next.initialize(scheme)
        state.layered = next
        parametersChanged()
        return []
    }
}
