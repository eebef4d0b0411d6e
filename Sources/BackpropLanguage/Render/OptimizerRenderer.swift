import Backprop
import JSON
import Rendering

/// `optimizer`: the rule, its formula as torch.optim computes it, and its hyper-parameters.
enum OptimizerRenderer {
    /// The update rule in torch.optim's form (g is ∂L/∂θ, plus λθ with weight decay λ).
    static func formula(_ rule: UpdateRule) -> String {
        switch rule {
        case .sgd: return "θ ← θ − η·g"
        case let .momentum(_, dampening, nesterov):
            let v = dampening == 0 ? "v ← β·v + g" : "v ← β·v + (1 − dampening)·g"
            return nesterov ? "\(v),  θ ← θ − η·(g + β·v)" : "\(v),  θ ← θ − η·v"
        case let .rmsprop(_, _, momentum, centered):
            let s = "s ← α·s + (1 − α)·g²" + (centered ? ",  ḡ ← α·ḡ + (1 − α)·g" : "")
            let root = centered ? "√(s − ḡ²)" : "√s"
            return momentum > 0 ? "\(s),  b ← μ·b + g/(\(root) + ε),  θ ← θ − η·b" : "\(s),  θ ← θ − η·g/(\(root) + ε)"
        case let .adam(_, _, _, amsgrad):
            let vHat = amsgrad ? "v̂ = max v/(1 − β₂ᵗ)" : "v̂ = v/(1 − β₂ᵗ)"
            return "m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²,  m̂ = m/(1 − β₁ᵗ),  \(vHat),  θ ← θ − η·m̂/(√v̂ + ε)"
        }
    }

    /// The hyper-parameters as (name, value) pairs.
    static func hyperParameters(_ rule: UpdateRule) -> [(String, Double)] {
        switch rule {
        case .sgd: return []
        case let .momentum(beta, dampening, nesterov):
            return nesterov ? [("β", beta)] : [("β", beta), ("dampening", dampening)]
        case let .rmsprop(alpha, eps, momentum, _): return [("α", alpha), ("ε", eps), ("momentum", momentum)]
        case let .adam(beta1, beta2, eps, _): return [("β₁", beta1), ("β₂", beta2), ("ε", eps)]
        }
    }

    static func current(_ setup: TrainingSetup, format: NumberFormat, changed: Bool = false) -> JSONValue {
        let o = setup.optimizer
        var table = DocumentTable(caption: .text("Optimizer \(o.rule.name) (torch.optim's conventions)"), columns: [.init(""), .init("")])
        table.addRow([.text("rule"), .text(formula(o.rule))])
        for (name, value) in hyperParameters(o.rule) { table.addRow([.text(name), .text(ChainRenderer.constant(value))]) }
        table.addRow([.text("η (eta)"), .text(setup.eta.map(ChainRenderer.constant) ?? "1 (step's and train's default)")])
        table.addRow([.text("weight_decay λ"), .text(o.weightDecay == 0 ? "0 (off)" : ChainRenderer.constant(o.weightDecay) + ": g ← ∂L/∂θ + λθ")])
        table.addRow([.text("l2 λ"), .text(setup.l2 == 0 ? "0 (off)" : ChainRenderer.constant(setup.l2) + ": L + (λ/2)·Σθ²")])
        table.addRow([.text("steps taken (t)"), .text(changed ? "0 (the state starts at zero)" : "\(setup.state?.steps ?? 0)")])
        var document = Document(format: format)
        document.headline([.text("optimizer \(o.rule.name): \(formula(o.rule))")])
        document.add(.table(table))
        var json: [(key: String, value: JSONValue)] = [
            ("kind", "optimizer"), ("rule", .string(o.rule.name)), ("weight_decay", .number(o.weightDecay)),
            ("l2", .number(setup.l2)), ("eta", setup.eta.map { .number($0) } ?? .null),
            ("steps", .integer(changed ? 0 : setup.state?.steps ?? 0)),
        ]
        for (name, value) in hyperParameters(o.rule) { json.append((jsonName(name), .number(value))) }
        return RichOutput(document: document, json: .object(json)).bundle
    }

    static func jsonName(_ name: String) -> String {
        switch name {
        case "β": "beta"
        case "β₁": "beta1"
        case "β₂": "beta2"
        case "α": "alpha"
        case "ε": "eps"
        default: name
        }
    }
}

/// `step` under an optimiser (or with an l2 term): the state per parameter, then the update.
enum OptimizerStepRenderer {
    static func bundle(_ r: OptimizerStepResult, format: NumberFormat) -> JSONValue {
        let rule = r.optimizer.rule
        let wd = r.optimizer.weightDecay
        var title = "\(rule.name) step t = \(r.t), η = \(ChainRenderer.constant(r.eta)): \(OptimizerRenderer.formula(rule))"
        if wd > 0 { title += ", g = ∂L/∂θ + λθ (weight_decay λ = \(ChainRenderer.constant(wd)))" }
        // Which state columns this rule has.
        let first = r.changes.first
        var columns: [(Cell, (OptimizerParameterStep) -> Double?)] = [
            (.text("old θ"), { $0.old }),
            (.math(#"\partial L/\partial\theta"#, plain: "∂L/∂θ"), { $0.gradient }),
        ]
        if wd > 0 { columns.append((.text("g"), { $0.used })) }
        if first?.velocity != nil { columns.append((.text(rule.name == "rmsprop" ? "b" : "v"), { $0.velocity })) }
        if first?.m != nil { columns.append((.text("m"), { $0.m })) }
        if first?.v != nil { columns.append((.text(rule.name == "rmsprop" ? "s" : "v"), { $0.v })) }
        if first?.mHat != nil { columns.append((.text("m̂"), { $0.mHat })) }
        if first?.vHat != nil { columns.append((.text("v̂"), { $0.vHat })) }
        columns.append((.text("update"), { $0.update }))
        columns.append((.text("new θ"), { $0.new }))
        var table: DocumentTable
        var notes: [String] = []
        if r.changes.count <= StepRenderer.detailLimit {
            table = DocumentTable(caption: .text(title), columns: [.init("parameter")] + columns.map { .init($0.0, .decimal) })
            var layer = 0
            for c in r.changes {
                if c.parameter.layer != layer, layer != 0 { table.addSeparator() }
                layer = c.parameter.layer
                let name = Names.valueName(c.parameter)
                table.addRow([.math(Names.latex(name), plain: Names.plain(name))]
                             + columns.map { column in column.1(c).map(Cell.number) ?? .text("—") })
            }
        } else {
            let summary = StepRenderer.changeSummary(r.changes.map { ($0.parameter, $0.new - $0.old) }, title: title, change: "update")
            table = summary.table
            if let note = summary.note { notes.append(note) }
        }
        if let bc1 = r.biasCorrection1, let bc2 = r.biasCorrection2 {
            notes.append("bias correction at t = \(r.t): 1 − β₁ᵗ = \(format.string(bc1)), 1 − β₂ᵗ = \(format.string(bc2))"
                         + (r.t == 1 ? " (at t = 1, m̂ = g and v̂ = g², so the first update is about −η·sign(g))" : ""))
        }
        if case .momentum = rule, r.t == 1 { notes.append("at t = 1, v = g (PyTorch starts the buffer at the first gradient)") }
        if r.l2 > 0 {
            notes.append("L = data loss + (λ/2)·Σθ² with l2 λ = \(ChainRenderer.constant(r.l2)): before \(format.string(r.dataLossBefore)) + \(format.string(r.penaltyBefore)), after \(format.string(r.dataLossAfter)) + \(format.string(r.penaltyAfter)); ∂L/∂θ includes λθ")
        }
        table.footnotes = notes.map(Cell.text)
        var document = Document(format: format)
        document.headline(["loss after the step = ", .number(r.lossAfter), " (before: ", .number(r.lossBefore), ")"])
        document.add(.table(table))
        var cap = NumberCap()
        let listed = cap.records(r.changes.count, width: 10, name: "changes")
        func optional(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        let json = cap.annotate([
            "kind": "step", "optimizer": .string(rule.name), "eta": .number(r.eta), "t": .integer(r.t),
            "weight_decay": .number(wd), "l2": .number(r.l2),
            "bias_correction1": optional(r.biasCorrection1), "bias_correction2": optional(r.biasCorrection2),
            "loss_before": .number(r.lossBefore), "loss_after": .number(r.lossAfter),
            "data_loss_before": .number(r.dataLossBefore), "data_loss_after": .number(r.dataLossAfter),
            "changes": .array(r.changes.prefix(listed).map {
                ["name": .string($0.parameter.description), "old": .number($0.old), "grad": .number($0.gradient),
                 "used": .number($0.used), "velocity": optional($0.velocity), "m": optional($0.m), "v": optional($0.v),
                 "m_hat": optional($0.mHat), "v_hat": optional($0.vHat), "update": .number($0.update), "new": .number($0.new)]
            }),
        ])
        return RichOutput(document: document, json: json).bundle
    }
}
