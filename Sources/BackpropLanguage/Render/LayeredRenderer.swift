import Backprop
import JSON
import Rendering

/// The output of net, forward, backward, show and gradcheck for a network with layers beyond
/// dense: feature maps as small matrices (one per example and channel), batch norm's
/// statistics and the course's ∂L/∂x̂, ∂L/∂σ², ∂L/∂μ, dropout's masks.
enum LayeredRenderer {
    /// At most this many feature maps per value (the JSON part keeps them all).
    static let mapLimit = 8

    static func arrows(_ network: LayeredNetwork) -> String {
        (["\(network.inputShape)".replacing("×", with: "x")] + network.layers.map(layerText)).joined(separator: " → ")
    }

    static func layerText(_ layer: StackLayer) -> String {
        var words: [String]
        switch layer.kind {
        case let .dense(n): words = ["\(n)"]
        case .conv, .maxPool: words = [layer.kind.label]
        case let .dropout(p, seed): words = ["dropout \(p) seed \(seed)"]
        }
        if layer.batchNorm { words.append("batchnorm") }
        if layer.activation != .linear { words.append(layer.activation.rawValue) }
        return words.joined(separator: " ")
    }

    static func parameterShapes(_ layer: StackLayer, _ l: Int) -> String {
        var parts: [String] = []
        switch layer.kind {
        case .dense: parts.append("W\(l) \(layer.weights.rows)×\(layer.weights.cols), b\(l) \(layer.bias.count)")
        case let .conv(f, kh, kw, _, _): parts.append("K\(l) \(f)×\(layer.inputShape.channels)×\(kh)×\(kw), b\(l) \(f)")
        default: break
        }
        if layer.batchNorm { parts.append("γ\(Names.sub([l])) \(layer.gamma.count), β\(Names.sub([l])) \(layer.beta.count)") }
        return parts.joined(separator: ", ")
    }

    static func net(_ network: LayeredNetwork, format: NumberFormat) -> JSONValue {
        var table = DocumentTable(caption: .text("Network \(arrows(network))"), columns: [
            .init("layer", .right), .init("kind"), .init("output shape"), .init("activation"), .init("parameters"), .init("count", .right),
        ])
        table.addRow(["0", "(input)", .text("\(network.inputShape)"), "", "", ""])
        var layers: [JSONValue] = [["kind": "input", "shape": .string("\(network.inputShape)")]]
        for (k, layer) in network.layers.enumerated() {
            let kind = layer.kind.label + (layer.batchNorm ? " + batchnorm" : "")
            table.addRow([.text("\(k + 1)"), .text(kind), .text("\(layer.outputShape)"), .text(layer.activation.rawValue),
                          .text(parameterShapes(layer, k + 1)), .text("\(layer.parameterCount)")])
            layers.append(["kind": .string(layer.kind.label), "batchnorm": .bool(layer.batchNorm),
                           "shape": .string("\(layer.outputShape)"), "activation": .string(layer.activation.rawValue),
                           "parameters": .integer(layer.parameterCount)])
        }
        table.footnotes = ["\(network.parameterCount) parameters; mode \(network.mode.rawValue)"].map(Cell.text)
        let json: JSONValue = ["kind": "net", "layers": .array(layers), "parameters": .integer(network.parameterCount),
                               "loss": .string(network.loss.rawValue), "mode": .string(network.mode.rawValue)]
        return RichOutput(document: Document([.table(table)], format: format), json: json).bundle
    }

    /// A batch value (m × count): one small matrix per example and channel for an image
    /// shape, else the m × n matrix itself.
    static func maps(_ plain: String, _ latex: String, _ value: Matrix, shape: FeatureShape, notes: inout [String]) -> [LabelledValue] {
        guard shape.isImage else { return [LabelledValue(plain: plain, latex: latex, matrix: value)] }
        var out: [LabelledValue] = []
        let area = shape.height * shape.width
        let total = value.rows * shape.channels
        for r in 0..<value.rows {
            for c in 0..<shape.channels where out.count < mapLimit {
                let start = r * value.cols + c * area
                let storage = Array(value.storage[start..<(start + area)])
                if let map = Matrix(rows: shape.height, cols: shape.width, storage: storage) {
                    out.append(LabelledValue(plain: "\(plain) (example \(r + 1), channel \(c + 1))",
                                             latex: "\(latex)\\ (\\text{example } \(r + 1),\\ \\text{channel } \(c + 1))", matrix: map))
                }
            }
        }
        if total > out.count { notes.append("\(plain): \(out.count) of \(total) feature maps shown (\(value.rows) examples × \(shape.channels) channels)") }
        return out
    }

    static func forward(_ network: LayeredNetwork, _ cache: LayeredCache, format: NumberFormat) -> JSONValue {
        var values: [LabelledValue] = []
        var notes: [String] = []
        var layers: [JSONValue] = []
        for (k, record) in cache.records.enumerated() {
            let l = k + 1, layer = network.layers[k]
            let last = l == network.depth
            if let bn = record.batchNorm {
                values += maps("z" + Names.sub([l]), "z_{\(l)}", record.z, shape: layer.outputShape, notes: &notes)
                let which = bn.usedBatchStatistics ? "batch" : "running"
                values.append(LabelledValue(plain: "μ\(Names.sub([l])) (\(which))", latex: "\\mu_{\(l)}", vector: bn.mean))
                values.append(LabelledValue(plain: "σ²\(Names.sub([l])) (\(which))", latex: "\\sigma^2_{\(l)}", vector: bn.variance))
                values.append(LabelledValue(plain: "x̂" + Names.sub([l]), latex: "\\hat{x}_{\(l)}", matrix: bn.xhat))
            }
            if let mask = record.mask {
                values.append(LabelledValue(plain: "mask" + Names.sub([l]), latex: "m_{\(l)}", matrix: mask))
            }
            if layer.activation != .linear || record.batchNorm != nil {
                values += maps("a" + Names.sub([l]), "a_{\(l)}", record.a, shape: layer.outputShape, notes: &notes)
            }
            values += maps(last ? "ŷ" : "h" + Names.sub([l]), last ? "\\hat{y}" : "h_{\(l)}", record.h, shape: layer.outputShape, notes: &notes)
            var entry: [(key: String, value: JSONValue)] = [("kind", .string(layer.kind.label)), ("a", .matrix(record.a.rowArrays)), ("h", .matrix(record.h.rowArrays))]
            if let mask = record.mask { entry.append(("mask", .matrix(mask.rowArrays))) }
            if let bn = record.batchNorm {
                entry.append(("mean", .numbers(bn.mean)))
                entry.append(("variance", .numbers(bn.variance)))
                entry.append(("xhat", .matrix(bn.xhat.rowArrays)))
                entry.append(("running_mean", .numbers(bn.runningMean)))
                entry.append(("running_variance", .numbers(bn.runningVariance)))
            }
            layers.append(.object(entry))
        }
        var footer = notes
        footer.append("mode \(cache.mode.rawValue)" + modeNote(network, cache.mode))
        if let losses = cache.losses, let loss = cache.loss {
            footer.append("L = \(format.string(loss))  (the mean over \(losses.count) example\(losses.count == 1 ? "" : "s"), \(network.loss.rawValue))")
        } else {
            footer.append("(no targets y: set y to see the loss)")
        }
        let m = cache.x.rows
        let title = "Forward pass in \(cache.mode.rawValue) mode (\(m) example\(m == 1 ? "" : "s"))"
        let json: JSONValue = ["kind": "forward", "mode": .string(cache.mode.rawValue), "layers": .array(layers),
                               "yhat": .matrix(cache.yhat.rowArrays), "loss": cache.loss.map(JSONValue.number) ?? .null]
        return RichOutput(document: Document(LabelledValue.stack(values, title: title, footer: footer), format: format), json: json).bundle
    }

    static func modeNote(_ network: LayeredNetwork, _ mode: NetworkMode) -> String {
        guard network.hasModes else { return " (no dropout or batch norm: train and eval compute the same)" }
        return mode == .train
            ? ": dropout masks drawn from their seeds, batch norm uses the batch's μ and σ² and updates its running statistics (momentum \(StackLayer.defaultMomentum))"
            : ": no dropout, batch norm uses its running statistics"
    }

    static func backward(_ network: LayeredNetwork, _ cache: LayeredCache, _ g: LayeredGradients, format: NumberFormat) -> JSONValue {
        var values: [LabelledValue] = []
        var notes: [String] = []
        var json: [(key: String, value: JSONValue)] = [("kind", "backward"), ("mode", .string(cache.mode.rawValue)),
                                                       ("loss", cache.loss.map(JSONValue.number) ?? .null)]
        for l in stride(from: network.depth, through: 1, by: -1) {
            let layer = network.layers[l - 1], grads = g.layer(l), s = Names.sub([l])
            values += maps("∂L/∂a" + s, "\\partial L/\\partial a_{\(l)}", grads.da, shape: layer.outputShape, notes: &notes)
            json.append(("dL/da\(l)", .matrix(grads.da.rowArrays)))
            if let bn = grads.batchNorm {
                values.append(LabelledValue(plain: "∂L/∂γ" + s, latex: "\\partial L/\\partial \\gamma_{\(l)}", vector: bn.dgamma))
                values.append(LabelledValue(plain: "∂L/∂β" + s, latex: "\\partial L/\\partial \\beta_{\(l)}", vector: bn.dbeta))
                values.append(LabelledValue(plain: "∂L/∂x̂" + s, latex: "\\partial L/\\partial \\hat{x}_{\(l)}", matrix: bn.dxhat))
                values.append(LabelledValue(plain: "∂L/∂σ²" + s, latex: "\\partial L/\\partial \\sigma^2_{\(l)}", vector: bn.dvariance))
                values.append(LabelledValue(plain: "∂L/∂μ" + s, latex: "\\partial L/\\partial \\mu_{\(l)}", vector: bn.dmean))
                values.append(LabelledValue(plain: "∂L/∂z" + s, latex: "\\partial L/\\partial z_{\(l)}", matrix: grads.dz))
                for (key, v) in [("dL/dgamma\(l)", bn.dgamma), ("dL/dbeta\(l)", bn.dbeta), ("dL/dvariance\(l)", bn.dvariance), ("dL/dmean\(l)", bn.dmean)] {
                    json.append((key, .numbers(v)))
                }
                json.append(("dL/dxhat\(l)", .matrix(bn.dxhat.rowArrays)))
                if cache.mode == .eval { notes.append("layer \(l): in eval mode μ and σ² are the running statistics, constants, so ∂L/∂σ² and ∂L/∂μ are 0") }
            }
            switch layer.kind {
            case .dense:
                values.append(LabelledValue(plain: "∂L/∂W" + s, latex: "\\partial L/\\partial W_{\(l)}", matrix: grads.dWeights))
                values.append(LabelledValue(plain: "∂L/∂b" + s, latex: "\\partial L/\\partial b_{\(l)}", vector: grads.dBias))
                json.append(("dL/dW\(l)", .matrix(grads.dWeights.rowArrays)))
                json.append(("dL/db\(l)", .numbers(grads.dBias)))
            case .conv:
                values += kernelMaps("∂L/∂K" + s, grads.dWeights, layer: layer)
                values.append(LabelledValue(plain: "∂L/∂b" + s, latex: "\\partial L/\\partial b_{\(l)}", vector: grads.dBias))
                json.append(("dL/dK\(l)", .matrix(grads.dWeights.rowArrays)))
                json.append(("dL/db\(l)", .numbers(grads.dBias)))
            case .dropout:
                if cache.records[l - 1].mask != nil { notes.append("layer \(l): ∂L/∂h\(Names.sub([l - 1])) = mask ⊙ ∂L/∂z / (1 − p); the dropped units' paths are zero") }
            case .maxPool:
                notes.append("layer \(l): each window's gradient goes to its maximum only")
            }
            if l > 1 {
                let below = network.layers[l - 2]
                values += maps("∂L/∂h" + Names.sub([l - 1]), "\\partial L/\\partial h_{\(l - 1)}", grads.dInput, shape: below.outputShape, notes: &notes)
                json.append(("dL/dh\(l - 1)", .matrix(grads.dInput.rowArrays)))
            }
        }
        var footer = notes
        footer.append("mode \(cache.mode.rawValue); L = \(format.string(cache.loss ?? .nan))")
        if cache.x.rows > 1 { footer.append("gradients include the 1/m of the mean over m = \(cache.x.rows) examples") }
        let document = Document(LabelledValue.stack(values, title: "Backward pass in \(cache.mode.rawValue) mode, from the output down", footer: footer), format: format)
        return RichOutput(document: document, json: .object(json)).bundle
    }

    /// K_l (filters × C·kh·kw) as one kh × kw matrix per filter and channel.
    static func kernelMaps(_ plain: String, _ k: Matrix, layer: StackLayer) -> [LabelledValue] {
        guard case let .conv(f, kh, kw, _, _) = layer.kind else { return [] }
        var out: [LabelledValue] = []
        for a in 0..<f {
            for c in 0..<layer.inputShape.channels where out.count < 4 * mapLimit {
                let start = a * k.cols + c * kh * kw
                if let m = Matrix(rows: kh, cols: kw, storage: Array(k.storage[start..<(start + kh * kw)])) {
                    out.append(LabelledValue(plain: "\(plain) (filter \(a + 1), channel \(c + 1))", latex: "\(plain)\\ (\(a + 1),\(c + 1))", matrix: m))
                }
            }
        }
        return out
    }

    static func gradcheck(_ entries: [LayeredCheckEntry], eps: Double, mode: NetworkMode, format: NumberFormat) -> JSONValue {
        var table = DocumentTable(caption: .text("Gradient check in \(mode.rawValue) mode (ε = \(format.string(eps)))"), columns: [
            .init("parameter"), .init("analytic", .right), .init("numeric", .right), .init("relative error", .right), .init("ok"),
        ])
        for e in entries.prefix(200) {
            table.addRow([.text(e.parameter.description), .text(format.string(e.analytic)), .text(format.string(e.numeric)),
                          .text(format.string(e.relativeError)), .text(e.passed ? "✓" : "✗")])
        }
        let failed = entries.filter { !$0.passed }.count
        var notes = ["\(entries.count - failed) of \(entries.count) parameters agree"]
        if entries.count > 200 { notes.append("the first 200 of \(entries.count) are shown") }
        table.footnotes = notes.map(Cell.text)
        let json: JSONValue = ["kind": "gradcheck", "mode": .string(mode.rawValue), "passed": .bool(failed == 0),
                               "entries": .array(entries.map { ["parameter": .string($0.parameter.description), "analytic": .number($0.analytic),
                                                                "numeric": .number($0.numeric), "relative_error": .number($0.relativeError.isFinite ? $0.relativeError : 1e308),
                                                                "passed": .bool($0.passed)] })]
        return RichOutput(document: Document([.table(table)], format: format), json: json).bundle
    }
}
