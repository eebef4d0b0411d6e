/// A feed-forward network whose layers may be dense, conv, maxpool or dropout, each with an
/// optional batch norm and an activation. Dense-only networks stay a `Network` (the fast,
/// path-explained engine); this type carries the layers beyond dense.
public struct LayeredNetwork: Equatable, Sendable {
    public let inputShape: FeatureShape
    public var layers: [StackLayer]
    public var loss: Loss
    public var mode: NetworkMode = .train

    /// One layer as written: `conv 2 3x3 relu`, `8 batchnorm relu`, `dropout 0.5 seed 1`.
    public struct Spec: Equatable, Sendable {
        public var kind: LayerKind
        public var batchNorm: Bool
        public var activation: Activation
        public init(_ kind: LayerKind, batchNorm: Bool = false, activation: Activation = .linear) {
            self.kind = kind; self.batchNorm = batchNorm; self.activation = activation
        }
    }

    /// Checks every size as the layers are stacked; an error names the layer and both shapes.
    public init(input: FeatureShape, layers specs: [Spec], loss: Loss = .squaredError) throws(BackpropError) {
        guard !specs.isEmpty else { throw BackpropError.invalidNetwork("a network needs an input size and at least one layer") }
        guard input.count >= 1, input.channels >= 1, input.height >= 1, input.width >= 1 else {
            throw BackpropError.invalidNetwork("the input \(input) needs at least one value in every dimension")
        }
        var shape = input
        var built: [StackLayer] = []
        var total = 0
        for (k, spec) in specs.enumerated() {
            let l = k + 1
            let out = try LayeredNetwork.outputShape(of: spec, layer: l, input: shape)
            guard out.count <= Network.maxUnits else {
                throw BackpropError.invalidNetwork("layer \(l) (\(spec.kind.label)) would have \(out.count) values per example; the limit is \(Network.maxUnits)")
            }
            let layer = StackLayer(kind: spec.kind, batchNorm: spec.batchNorm, activation: spec.activation, input: shape, output: out)
            // The kernels' own limits (sizes of the input, output and kernels) are checked here, at `net`.
            switch spec.kind {
            case .conv: _ = try ConvAdapter.convGeometry(layer)
            case .maxPool: _ = try ConvAdapter.poolGeometry(layer)
            default: break
            }
            total += layer.parameterCount
            guard total <= Network.maxParameters else {
                throw BackpropError.invalidNetwork("the network would have more than \(Network.maxParameters) parameters")
            }
            built.append(layer)
            shape = out
        }
        inputShape = input
        layers = built
        self.loss = loss
    }

    static func outputShape(of spec: Spec, layer l: Int, input: FeatureShape) throws(BackpropError) -> FeatureShape {
        let name = "layer \(l) (\(spec.kind.label))"
        if spec.batchNorm, case .dense = spec.kind {} else if spec.batchNorm {
            throw BackpropError.invalidNetwork("\(name): batchnorm follows a dense layer (BatchNorm1d); write e.g. `8 batchnorm relu`")
        }
        if spec.activation == .softmax, case .dense = spec.kind {} else if spec.activation == .softmax {
            throw BackpropError.invalidNetwork("\(name): softmax acts on a dense layer's units, not on \(spec.kind.label)")
        }
        switch spec.kind {
        case let .dense(n):
            guard n >= 1 else { throw BackpropError.invalidNetwork("\(name) has \(n) units; every layer needs at least 1") }
            return FeatureShape(vector: n)
        case let .dropout(p, _):
            guard p >= 0, p < 1 else {
                throw BackpropError.invalidArgument("\(name): the dropout probability p must be in [0, 1), not \(p)")
            }
            return input
        case let .conv(f, kh, kw, s, pad):
            guard input.isImage else {
                throw BackpropError.invalidNetwork("\(name) needs an image (channels×height×width) but its input has shape \(input); write the input as e.g. 1x6x6")
            }
            guard f >= 1, kh >= 1, kw >= 1 else { throw BackpropError.invalidNetwork("\(name): filters and kernel sizes must be at least 1") }
            guard s >= 1 else { throw BackpropError.invalidArgument("\(name): the stride must be at least 1, not \(s)") }
            guard pad >= 0 else { throw BackpropError.invalidArgument("\(name): the padding must be 0 or more, not \(pad)") }
            let (oh, ow) = try fit(name: name, window: "\(kh)×\(kw) kernel", kh, kw, stride: s, padding: pad, input: input)
            return FeatureShape(channels: f, height: oh, width: ow)
        case let .maxPool(ph, pw, s):
            guard input.isImage else {
                throw BackpropError.invalidNetwork("\(name) needs an image (channels×height×width) but its input has shape \(input)")
            }
            guard ph >= 1, pw >= 1 else { throw BackpropError.invalidNetwork("\(name): the window must be at least 1x1") }
            guard s >= 1 else { throw BackpropError.invalidArgument("\(name): the stride must be at least 1, not \(s)") }
            let (oh, ow) = try fit(name: name, window: "\(ph)×\(pw) window", ph, pw, stride: s, padding: 0, input: input)
            return FeatureShape(channels: input.channels, height: oh, width: ow)
        }
    }

    /// The output size of a sliding window, or an error saying by how much it does not fit.
    static func fit(name: String, window: String, _ kh: Int, _ kw: Int, stride: Int, padding: Int,
                    input: FeatureShape) throws(BackpropError) -> (Int, Int) {
        let ph = input.height + 2 * padding, pw = input.width + 2 * padding
        if kh > ph || kw > pw {
            let over = [kh > ph ? "\(kh - ph) too tall" : nil, kw > pw ? "\(kw - pw) too wide" : nil].compactMap { $0 }
            let padded = padding > 0 ? " (\(ph)×\(pw) with padding \(padding))" : ""
            throw BackpropError.invalidNetwork("\(name) does not fit its input \(input)\(padded): the \(window) is \(over.joined(separator: " and "))")
        }
        return ((ph - kh) / stride + 1, (pw - kw) / stride + 1)
    }

    /// L (the input is layer 0).
    public var depth: Int { layers.count }
    public var outputSize: Int { layers.last?.outputShape.count ?? inputShape.count }
    public var outputActivation: Activation { layers.last?.activation ?? .linear }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    /// Whether any layer behaves differently in train and eval mode.
    public var hasModes: Bool {
        layers.contains { layer in
            if layer.batchNorm { return true }
            if case .dropout = layer.kind { return true }
            return false
        }
    }

    /// The layer l (1-based), or an error naming the valid range.
    public func layer(_ l: Int) throws(BackpropError) -> StackLayer {
        guard l >= 1, l <= layers.count else {
            throw BackpropError.indexOutOfRange(what: "layer", index: [l], limits: [layers.count])
        }
        return layers[l - 1]
    }

    /// Checks x (m × values of the input) and y (m × n_L) against the network and the loss.
    public func validate(x: Matrix, y: Matrix?) throws(BackpropError) {
        guard x.rows >= 1 else { throw BackpropError.missingData("x has no examples") }
        guard x.cols == inputShape.count else {
            throw BackpropError.shapeMismatch(what: "x", expected: Shape(x.rows, inputShape.count), actual: x.shape)
        }
        if let (r, c) = x.firstNonFinite { throw BackpropError.nonFinite(location: "x, example \(r + 1), input \(c + 1)") }
        if mode == .train, x.rows < 2, let l = layers.firstIndex(where: \.batchNorm) {
            throw BackpropError.invalidArgument("batch norm in layer \(l + 1) needs at least 2 examples in train mode (the batch variance of one example is 0); add examples or use `mode eval`")
        }
        guard let y else { return }
        guard y.shape == Shape(x.rows, outputSize) else {
            throw BackpropError.shapeMismatch(what: "y", expected: Shape(x.rows, outputSize), actual: y.shape)
        }
        if let (r, c) = y.firstNonFinite { throw BackpropError.nonFinite(location: "y, example \(r + 1), output \(c + 1)") }
        try loss.validate(targets: y)
    }

    /// Re-initialises weights (as `Network.initialize`: fan-in/fan-out per layer, conv's
    /// counting the kernel area), zero biases, γ = 1, β = 0, running mean 0 and variance 1.
    public mutating func initialize(_ scheme: Initialization) throws(BackpropError) {
        try scheme.validate()
        var rng = SeededGenerator(seed: scheme.seed)
        for k in layers.indices {
            let w = layers[k].weights
            guard w.rows > 0 else { continue }
            var fanIn = w.cols, fanOut = w.rows
            if case let .conv(f, kh, kw, _, _) = layers[k].kind { fanOut = f * kh * kw; fanIn = w.cols }
            var out = Matrix(rows: w.rows, cols: w.cols)
            switch scheme.draw(fanIn: fanIn, fanOut: fanOut) {
            case let .normal(std):
                if std > 0 { for i in out.storage.indices { out.storage[i] = std * rng.nextNormal() } }
            case let .uniform(low, high):
                for i in out.storage.indices { out.storage[i] = low + (high - low) * rng.nextUnit() }
            case .zero: break
            }
            layers[k].weights = out
            layers[k].bias = Array(repeating: 0, count: layers[k].bias.count)
            let n = layers[k].gamma.count
            layers[k].gamma = Array(repeating: 1, count: n)
            layers[k].beta = Array(repeating: 0, count: n)
            layers[k].runningMean = Array(repeating: 0, count: n)
            layers[k].runningVariance = Array(repeating: 1, count: n)
        }
    }
}
