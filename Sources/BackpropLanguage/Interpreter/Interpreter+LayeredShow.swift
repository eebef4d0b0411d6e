import Backprop
import JSON
import Rendering

/// `show` on a network with layers beyond dense: parameters (W1, K1, gamma1, k11123), data,
/// feature maps (h1, a1, yhat) as small matrices, dropout's masks and the gradients.
extension Interpreter {
    mutating func layeredShow(_ network: LayeredNetwork, _ statement: ShowStatement) throws -> [JSONValue] {
        if let name = statement.layerName { return try show(network, layerName: name) }
        guard let name = statement.name else { return [LayeredRenderer.net(network, format: format)] }
        var notes: [String] = []
        func layer(_ l: Int) throws -> StackLayer {
            try engine(at: name.location) { () throws(BackpropError) in try network.layer(l) }
        }
        func scalar(_ p: LayerParameter, gradient: Bool) throws -> [LabelledValue] {
            let v: Double
            try engine(at: name.location) { () throws(BackpropError) in try network.validate(p) }
            if gradient {
                let (x, y) = try requireLayeredExample(network)
                v = try network.gradients(x: x, y: y).1.value(of: p, in: network)
            } else {
                v = try engine(at: name.location) { () throws(BackpropError) in try network.value(of: p) }
            }
            return [LabelledValue(plain: (gradient ? "∂L/∂" : "") + p.description, latex: p.description, scalar: v)]
        }
        let values: [LabelledValue]
        switch name.value {
        case .input: values = LayeredRenderer.maps("x", "x", try requireInput(), shape: network.inputShape, notes: &notes)
        case .target: values = [LabelledValue(plain: "y", latex: "y", matrix: try requireTargets())]
        case let .weights(l):
            let layer = try layer(l)
            guard case .dense = layer.kind else { throw StatementFailure(.nameError, "layer \(l) is \(layer.kind.label): it has no W\(l)" + (layer.kind.hasWeights ? "; its kernels are K\(l)" : ""), at: name.location) }
            values = [LabelledValue(plain: "W\(l)", latex: "W_{\(l)}", matrix: layer.weights)]
        case let .biases(l):
            let layer = try layer(l)
            guard layer.kind.hasWeights else { throw StatementFailure(.nameError, "layer \(l) is \(layer.kind.label): it has no b\(l)", at: name.location) }
            values = [LabelledValue(plain: "b\(l)", latex: "b_{\(l)}", vector: layer.bias)]
        case let .weight(l, i, j): values = try scalar(.weight(layer: l, row: i, column: j), gradient: false)
        case let .bias(l, i): values = try scalar(.bias(layer: l, unit: i), gradient: false)
        case .activations(let l) where l == 0: values = LayeredRenderer.maps("h₀ = x", "h_0", try requireInput(), shape: network.inputShape, notes: &notes)
        case let .activations(l), let .preActivations(l):
            _ = try layer(l)
            let cache = try network.forward(try requireInput())
            let record = cache.records[l - 1]
            let isA: Bool = if case .preActivations = name.value { true } else { false }
            values = LayeredRenderer.maps((isA ? "a" : "h") + Names.sub([l]), (isA ? "a" : "h") + "_{\(l)}", isA ? record.a : record.h,
                                          shape: network.layers[l - 1].outputShape, notes: &notes)
            notes.append("mode \(network.mode.rawValue)")
        case .output:
            let cache = try network.forward(try requireInput())
            values = [LabelledValue(plain: "ŷ", latex: "\\hat{y}", matrix: cache.yhat)]
            notes.append("mode \(network.mode.rawValue)")
        case .loss:
            let (x, y) = try requireLayeredExample(network)
            values = [LabelledValue(plain: "L", latex: "L", scalar: try network.loss(x: x, y: y))]
            notes.append("mode \(network.mode.rawValue)")
        case let .gradient(inner):
            let (x, y) = try requireLayeredExample(network)
            let (_, grads) = try network.gradients(x: x, y: y)
            switch inner {
            case let .weights(l):
                let layer = try layer(l)
                guard case .dense = layer.kind else { throw StatementFailure(.nameError, "layer \(l) is \(layer.kind.label): it has no W\(l)", at: name.location) }
                values = [LabelledValue(plain: "∂L/∂W\(l)", latex: "\\partial L/\\partial W_{\(l)}", matrix: grads.layer(l).dWeights)]
            case let .biases(l):
                guard try layer(l).kind.hasWeights else { throw StatementFailure(.nameError, "layer \(l) has no b\(l)", at: name.location) }
                values = [LabelledValue(plain: "∂L/∂b\(l)", latex: "\\partial L/\\partial b_{\(l)}", vector: grads.layer(l).dBias)]
            case let .weight(l, i, j): values = try scalar(.weight(layer: l, row: i, column: j), gradient: true)
            case let .bias(l, i): values = try scalar(.bias(layer: l, unit: i), gradient: true)
            case let .preActivations(l):
                _ = try layer(l)
                values = LayeredRenderer.maps("∂L/∂a" + Names.sub([l]), "\\partial L/\\partial a_{\(l)}", grads.layer(l).da,
                                              shape: network.layers[l - 1].outputShape, notes: &notes)
            case let .activations(l):
                guard l >= 0, l < network.depth else {
                    throw StatementFailure(.nameError, "dL/dh\(l) is outside the network (layers 0 to \(network.depth - 1); dL/dyhat is the output's)", at: name.location)
                }
                let shape = l == 0 ? network.inputShape : network.layers[l - 1].outputShape
                values = LayeredRenderer.maps("∂L/∂h" + Names.sub([l]), "\\partial L/\\partial h_{\(l)}", grads.layer(l + 1).dInput, shape: shape, notes: &notes)
            case .output:
                values = [LabelledValue(plain: "∂L/∂ŷ", latex: "\\partial L/\\partial \\hat{y}", matrix: grads.layer(network.depth).dh)]
            default:
                throw StatementFailure(.nameError, "show \(name.value) is not available for a network with layers beyond dense", at: name.location)
            }
        default:
            throw StatementFailure(.nameError, "show \(name.value) is not available for a network with layers beyond dense", at: name.location)
        }
        return [RichOutput(document: Document(LabelledValue.stack(values, title: nil, footer: notes), format: format),
                           json: ["kind": "value", "name": .string(name.value.description),
                                  "values": .array(values.map { .matrix($0.rows) })]).bundle]
    }

    private mutating func show(_ network: LayeredNetwork, layerName name: Located<LayerName>) throws -> [JSONValue] {
        func layer(_ l: Int) throws -> StackLayer {
            try engine(at: name.location) { () throws(BackpropError) in try network.layer(l) }
        }
        var notes: [String] = []
        var gradient = false
        var plainName = name.value
        if case let .gradient(inner) = name.value { gradient = true; plainName = inner }
        var grads: LayeredGradients? = nil
        if gradient {
            let (x, y) = try requireLayeredExample(network)
            grads = try network.gradients(x: x, y: y).1
        }
        let prefix = gradient ? "∂L/∂" : ""
        let values: [LabelledValue]
        switch plainName {
        case let .kernels(l):
            let layer = try layer(l)
            guard case .conv = layer.kind else { throw StatementFailure(.nameError, "layer \(l) is \(layer.kind.label): it has no kernels K\(l)", at: name.location) }
            values = LayeredRenderer.kernelMaps(prefix + "K\(l)", grads?.layer(l).dWeights ?? layer.weights, layer: layer)
        case let .gammas(l), let .betas(l):
            let layer = try layer(l)
            guard layer.batchNorm else { throw StatementFailure(.nameError, "layer \(l) has no batch norm, so no γ or β", at: name.location) }
            let isGamma: Bool = if case .gammas = plainName { true } else { false }
            let v = isGamma ? (grads?.layer(l).batchNorm?.dgamma ?? layer.gamma) : (grads?.layer(l).batchNorm?.dbeta ?? layer.beta)
            values = [LabelledValue(plain: prefix + (isGamma ? "γ" : "β") + Names.sub([l]), latex: (isGamma ? "\\gamma" : "\\beta") + "_{\(l)}", vector: v)]
            if !gradient { notes.append("running mean [" + layer.runningMean.map(format.string).joined(separator: ", ") + "], running variance [" + layer.runningVariance.map(format.string).joined(separator: ", ") + "]") }
        case let .mask(l):
            let layer = try layer(l)
            guard case let .dropout(p, _) = layer.kind else { throw StatementFailure(.nameError, "layer \(l) is \(layer.kind.label): only a dropout layer has a mask", at: name.location) }
            guard network.mode == .train else { throw StatementFailure.state("in eval mode dropout keeps every unit: there is no mask", hint: "`mode train` to see the masks") }
            let record = try network.forward(try requireInput()).records[l - 1]
            values = [LabelledValue(plain: "mask" + Names.sub([l]), latex: "m_{\(l)}", matrix: record.mask ?? Matrix(rows: 0, cols: 0))]
            notes.append("1 keeps a unit (scaled by 1/(1 − p) = \(format.string(1 / (1 - p)))), 0 drops it")
        default:
            guard let p = plainName.parameter else { throw StatementFailure(.nameError, "unknown name \(name.value)", at: name.location) }
            _ = try layer(p.layer)
            // Checked before the gradient is read (its arrays are indexed directly).
            try engine(at: name.location) { () throws(BackpropError) in try network.validate(p) }
            let v = try grads.map { $0.value(of: p, in: network) } ?? engine(at: name.location) { () throws(BackpropError) in try network.value(of: p) }
            values = [LabelledValue(plain: prefix + p.description, latex: p.description, scalar: v)]
        }
        return [RichOutput(document: Document(LabelledValue.stack(values, title: nil, footer: notes), format: format),
                           json: ["kind": "value", "name": .string(name.value.description),
                                  "values": .array(values.map { .matrix($0.rows) })]).bundle]
    }
}
