import Backprop
import JSON
import Rendering

/// The forward pass (a and h of every layer, ŷ, the loss) and the backward pass (the notes'
/// roadmap: ∇ŷ, ∇a_L, then ∇W_l, ∇b_l, ∇h_{l−1}, ∇a_{l−1} per layer).
enum PassRenderer {
    static func forward(_ network: Network, _ cache: ForwardCache, format: NumberFormat, l2: Double = 0) -> JSONValue {
        var values: [LabelledValue] = []
        for l in 1...network.depth {
            if Cancellation.isRequested { break }  // discarded by the interpreter
            guard LayerElision.isShown(l, depth: network.depth) else { continue }
            let name = l == network.depth ? "ŷ" : "h" + Names.sub([l])
            let latexName = l == network.depth ? #"h_{\#(l)} = \hat{y}"# : "h_{\(l)}"
            values.append(LabelledValue(plain: "a" + Names.sub([l]), latex: "a_{\(l)}", matrix: cache.a(l)))
            values.append(LabelledValue(plain: name, latex: latexName, matrix: cache.h(l)))
        }
        var footer: [String] = LayerElision.note(depth: network.depth).map { [$0] } ?? []
        var cap = NumberCap()
        var layers: [JSONValue] = []
        layers.reserveCapacity(network.depth)
        for l in 1...network.depth {
            if Cancellation.isRequested { break }
            layers.append(["a": cap.matrix(cache.a(l), name: "a\(l)"), "h": cap.matrix(cache.h(l), name: "h\(l)")])
        }
        var json: [(key: String, value: JSONValue)] = [
            ("kind", "forward"),
            ("layers", .array(layers)),
            ("yhat", cap.matrix(cache.yhat, name: "yhat")),
        ]
        if let losses = cache.losses, let loss = cache.loss {
            if losses.count > 1 {
                footer.append("losses per example = [" + losses.map(format.string).joined(separator: ", ") + "]")
                footer.append("L = \(format.string(loss))  (the mean over \(losses.count) examples, \(network.loss.rawValue))")
            } else {
                footer.append("L = \(format.string(loss))  (\(network.loss.rawValue))")
            }
            if l2 > 0 {
                let penalty = network.l2Penalty(l2)
                footer.append(l2Line(data: loss, penalty: penalty, lambda: l2, format: format))
                json.append(("loss", .number(loss + penalty)))
                json.append(("data_loss", .number(loss)))
                json.append(("l2_penalty", .number(penalty)))
            } else {
                json.append(("loss", .number(loss)))
            }
            json.append(("losses", cap.numbers(losses, name: "losses")))
        } else {
            footer.append("(no targets y: set y to see the loss)")
            json.append(("loss", .null))
            json.append(("losses", .null))
        }
        let m = cache.x.rows
        let title = "Forward pass (\(m) example\(m == 1 ? "" : "s"))"
        let document = Document(LabelledValue.stack(values, title: title, footer: footer), format: format)
        return RichOutput(document: document, json: cap.annotate(json)).bundle
    }

    /// The gradients in the order of the notes' roadmap, with their JSON keys; the displayed
    /// value is nil for the layers a deep network leaves out (`LayerElision`).
    static func orderedGradients(_ network: Network, _ g: Gradients, cap: inout NumberCap) -> [(key: String, value: LabelledValue?, json: JSONValue)] {
        var out: [(key: String, value: LabelledValue?, json: JSONValue)] = []
        var shown = true
        func add(_ name: ValueName, _ m: Matrix) {
            out.append((name.description, shown ? LabelledValue(plain: Names.plain(name), latex: Names.latex(name), matrix: m) : nil,
                        cap.matrix(m, name: name.description)))
        }
        func addVector(_ name: ValueName, _ v: [Double]) {
            out.append((name.description, shown ? LabelledValue(plain: Names.plain(name), latex: Names.latex(name), vector: v) : nil,
                        cap.numbers(v, name: name.description)))
        }
        // ∂L/∂ŷ beyond the float64 range is left out (the footer says why); ∂L/∂a_L stands for it.
        if g.outputOverflow == nil { add(.gradient(.output), g.dyhat) }
        add(.gradient(.preActivations(layer: network.depth)), g.dA(network.depth))
        for l in stride(from: network.depth, through: 1, by: -1) {
            if Cancellation.isRequested { break }  // discarded by the interpreter
            shown = LayerElision.isShown(l, depth: network.depth)
            add(.gradient(.weights(layer: l)), g.dWeights(l))
            addVector(.gradient(.biases(layer: l)), g.dBias(l))
            if l > 1 {
                add(.gradient(.activations(layer: l - 1)), g.dH(l - 1))
                add(.gradient(.preActivations(layer: l - 1)), g.dA(l - 1))
            }
        }
        return out
    }

    /// Why ∂L/∂ŷ is not shown, and what stands for it.
    static func overflowNote(_ network: Network, _ overflow: (example: Int, unit: Int)) -> String {
        let L = network.depth
        let unit = Names.sub([overflow.unit])
        return "∂L/∂ŷ is left out: ∂L/∂ŷ\(unit) of example \(overflow.example) is beyond the float64 range (ŷ\(unit) is within 1e-308 of 0 or 1); "
            + "∂L/∂a\(Names.sub([L])) is computed from the logits a\(Names.sub([L])) and stays finite"
    }

    static func backward(_ network: Network, _ cache: ForwardCache, _ g: Gradients, format: NumberFormat, l2: Double = 0) -> JSONValue {
        var cap = NumberCap()
        let grads = orderedGradients(network, g, cap: &cap)
        let dataLoss = cache.loss ?? .nan
        let penalty = network.l2Penalty(l2)
        let loss = dataLoss + penalty
        let m = cache.x.rows
        var footer = [l2 > 0 ? l2Line(data: dataLoss, penalty: penalty, lambda: l2, format: format) : "L = \(format.string(loss))"]
        if l2 > 0 { footer.append("∂L/∂W and ∂L/∂b include the l2 term's λθ (λ = \(ChainRenderer.constant(l2)))") }
        if let note = LayerElision.note(depth: network.depth) { footer.insert(note, at: 0) }
        if m > 1 { footer.append("gradients include the 1/m of the mean over m = \(m) examples") }
        if let overflow = g.outputOverflow {
            footer.append(PassRenderer.overflowNote(network, overflow))
        }
        if network.loss.isFused(with: network.outputActivation) {
            footer.append("∂L/∂a\(Names.sub([network.depth])) uses the fused form ŷ − y (\(network.outputActivation.rawValue) with \(network.loss.rawValue))")
        }
        let document = Document(LabelledValue.stack(grads.compactMap(\.value), title: "Backward pass, from the output down",
                                                    footer: footer), format: format)
        var pairs: [(key: String, value: JSONValue)] = [("kind", "backward"), ("loss", .number(loss))]
        if l2 > 0 { pairs += [("data_loss", .number(dataLoss)), ("l2_penalty", .number(penalty))] }
        pairs.append(("grads", .object(grads.map { (key: $0.key, value: $0.json) })))
        let json = cap.annotate(pairs)
        return RichOutput(document: document, json: json).bundle
    }

    /// `L = data + (λ/2)·Σθ² = a + b = c`.
    static func l2Line(data: Double, penalty: Double, lambda: Double, format: NumberFormat) -> String {
        "L = data loss + (λ/2)·Σθ² = \(format.string(data)) + \(format.string(penalty)) = \(format.string(data + penalty))  (l2 λ = \(ChainRenderer.constant(lambda)), over every weight and bias)"
    }
}
