import Backprop
import JSON
import Rendering

/// `chain`: intermediate nodes, local derivatives, each path's product and the sum per variable.
enum ChainRenderer {
    static func bundle(_ r: ChainRuleResult, format: NumberFormat) -> JSONValue {
        let result = r.resultName
        // Nodes.
        var nodes = TextTable(title: "Nodes of \(result) at " + r.variables.map { "\($0) = \(format.string(r.values[$0] ?? .nan))" }.joined(separator: ", "),
                              columns: [.init("node"), .init("definition"), .init("value", .decimal), .init("local derivatives")])
        var html = HTMLTable(caption: .text("Nodes"), columns: [.init("node"), .init("definition"), .init("value", .decimal), .init("local derivatives")])
        var latexLines: [String] = []
        for step in r.steps {
            let definition = plainDefinition(step)
            let locals = zip(step.operands, step.localDerivatives).compactMap { operand, d -> String? in
                if case .constant = operand { return nil }
                return "∂\(step.name)/∂\(name(operand)) = \(format.string(d))"
            }.joined(separator: ", ")
            let localsLatex = zip(step.operands, step.localDerivatives).compactMap { operand, d -> String? in
                if case .constant = operand { return nil }
                return #"\frac{\partial "# + latexName(step.name) + #"}{\partial "# + latexName(name(operand)) + "} = " + LaTeX.number(d, format: format)
            }.joined(separator: ",\\; ")
            nodes.addRow([step.name, definition, format.string(step.value), locals])
            html.addRow([.math(latexName(step.name), plain: step.name), .math(latexDefinition(step), plain: definition),
                         .text(format.string(step.value)), .math(localsLatex, plain: locals)])
            latexLines.append(latexName(step.name) + " &= " + latexDefinition(step) + " = " + LaTeX.number(step.value, format: format))
        }
        // Paths and sums per variable.
        var paths = TextTable(title: "Paths from \(result) to each variable", columns: [.init("variable"), .init("path"), .init("product", .decimal)])
        var htmlPaths = HTMLTable(caption: .text("Paths"), columns: [.init("variable"), .init("path"), .init("product", .decimal)])
        for v in r.variables {
            let mine = r.paths.filter { $0.variable == v }
            for p in mine {
                let chain = p.factors.map { "∂\($0.numerator)/∂\($0.denominator)" }.joined(separator: " · ")
                let values = p.factors.map { format.string($0.value) }.joined(separator: " × ")
                paths.addRow([v, chain + " = " + values, format.string(p.product)])
                let chainLatex = p.factors.map { #"\frac{\partial "# + latexName($0.numerator) + #"}{\partial "# + latexName($0.denominator) + "}" }.joined()
                htmlPaths.addRow([.math(latexName(v), plain: v), .math(chainLatex, plain: chain), .text(format.string(p.product))])
            }
            let count = r.pathCounts[v] ?? 0
            let sum = "∂\(result)/∂\(v) = \(format.string(r.derivatives[v] ?? .nan))"
                + (count > 1 ? " (sum of \(count) paths)" : "")
                + (r.numericDerivatives[v].map { "; numerical check \(format.string($0))" }
                   ?? "; no numerical check (the expression is not finite at \(v) ± h for any usable step h)")
            paths.addRow(["", sum, ""])
            paths.addSeparator()
            htmlPaths.addRow([.text(""), .text(sum), .text("")])
            htmlPaths.addSeparator()
            latexLines.append(#"\frac{\partial "# + latexName(result) + #"}{\partial "# + latexName(v) + "} &= "
                              + LaTeX.number(r.derivatives[v] ?? .nan, format: format))
        }
        if r.paths.isEmpty && !r.variables.isEmpty {
            paths.footer = ["(the expression has more than \(ScalarGraph.maxNodesForPathListing) nodes: paths are not listed, the sums are exact)"]
        }
        let plain = "\(result) = \(format.string(r.value))\n" + nodes.render() + "\n\n" + paths.render()
        let htmlText = "<div>" + Cell.math(latexName(result) + " = " + LaTeX.number(r.value, format: format)).html + "</div>"
            + ChainPicture.html(r, format: format) + html.render() + htmlPaths.render()
        let json: JSONValue = [
            "kind": "chain", "value": .number(r.value),
            "derivatives": .object(r.variables.map { (key: $0, value: .number(r.derivatives[$0] ?? .nan)) }),
            // Variables without a numerical check are left out (never NaN or null).
            "numeric": .object(r.variables.compactMap { v in r.numericDerivatives[v].map { (key: v, value: .number($0)) } }),
            "nodes": .array(r.steps.map { ["name": .string($0.name), "expr": .string(plainDefinition($0, ascii: true)), "value": .number($0.value)] }),
            "paths": .array(r.paths.map { p in
                ["variable": .string(p.variable),
                 "factors": .array(p.factors.map { ["name": .string("∂\($0.numerator)/∂\($0.denominator)"), "value": .number($0.value)] }),
                 "product": .number(p.product)]
            }),
        ]
        return RichOutput(plain: plain, html: htmlText, latex: LaTeX.displayAligned(latexLines), json: json).bundle
    }

    static func name(_ operand: ChainRuleResult.Operand) -> String {
        switch operand {
        case let .step(n), let .variable(n): return n
        case let .constant(v): return constant(v)
        }
    }

    /// A constant as the user wrote it: `2`, not `2.0`.
    static func constant(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return NumberFormat.fullPrecision(v)
    }

    /// `h1` → `h_{1}`; other names as they are.
    static func latexName(_ name: String) -> String {
        if name.count > 1, name.first == "h", name.dropFirst().allSatisfy(\.isNumber) { return "h_{\(name.dropFirst())}" }
        return name
    }

    static func latexOperand(_ operand: ChainRuleResult.Operand) -> String {
        switch operand {
        case let .step(n), let .variable(n): return latexName(n)
        case let .constant(v): return constant(v)
        }
    }

    /// `x^2`, `exp(h1)`, `h1*h2` (ASCII for JSON) or `x²`-free readable forms for tables.
    static func plainDefinition(_ step: ChainRuleResult.Step, ascii: Bool = false) -> String {
        let o = step.operands.map(name)
        func wrap(_ k: Int) -> String {
            guard k < o.count else { return "?" }
            if case let .constant(v) = step.operands[k], v < 0 { return "(\(o[k]))" }
            return o[k]
        }
        switch step.operation {
        case .negate: return "-" + wrap(0)
        case .add: return "\(wrap(0)) + \(wrap(1))"
        case .subtract: return "\(wrap(0)) - \(wrap(1))"
        case .multiply: return ascii ? "\(wrap(0))*\(wrap(1))" : "\(wrap(0)) · \(wrap(1))"
        case .divide: return "\(wrap(0)) / \(wrap(1))"
        case .power: return "\(wrap(0))^\(wrap(1))"
        case let .function(f): return "\(f.rawValue)(\(o.first ?? "?"))"
        case .constant, .variable: return o.first ?? ""
        }
    }

    static func latexDefinition(_ step: ChainRuleResult.Step) -> String {
        let o = step.operands.map(latexOperand)
        guard let a = o.first else { return "" }
        let b = o.count > 1 ? o[1] : ""
        switch step.operation {
        case .negate: return "-" + a
        case .add: return "\(a) + \(b)"
        case .subtract: return "\(a) - \(b)"
        case .multiply: return #"\#(a) \cdot \#(b)"#
        case .divide: return #"\frac{\#(a)}{\#(b)}"#
        case .power: return "{\(a)}^{\(b)}"
        case let .function(f):
            switch f {
            case .exp: return "e^{\(a)}"
            case .log: return #"\log \#(a)"#
            case .sqrt: return #"\sqrt{\#(a)}"#
            case .sin: return #"\sin \#(a)"#
            case .cos: return #"\cos \#(a)"#
            case .tanh: return #"\tanh \#(a)"#
            case .sigmoid: return #"\sigma(\#(a))"#
            case .relu: return #"\operatorname{relu}(\#(a))"#
            }
        case .constant, .variable: return a
        }
    }
}
