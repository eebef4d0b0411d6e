import Backprop
import JSON
import Rendering

/// `chain`: intermediate nodes, local derivatives, each path's product and the sum per variable.
enum ChainRenderer {
    static func bundle(_ r: ChainRuleResult, format: NumberFormat) -> JSONValue {
        let result = r.resultName
        let at = r.variables.map { "\($0) = \(format.string(r.values[$0] ?? .nan))" }.joined(separator: ", ")
        // Nodes.
        var nodes = DocumentTable(caption: .text("Nodes of \(result) at " + at),
                                  columns: [.init("node"), .init("definition"), .init("value", .decimal), .init("local derivatives")])
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
            nodes.addRow([.math(latexName(step.name), plain: step.name), .math(latexDefinition(step), plain: definition),
                          .number(step.value), .math(localsLatex, plain: locals)])
            latexLines.append(latexName(step.name) + " &= " + latexDefinition(step) + " = " + LaTeX.number(step.value, format: format))
        }
        // Paths and sums per variable.
        var paths = DocumentTable(caption: .text("Paths from \(result) to each variable"),
                                  columns: [.init("variable"), .init("path"), .init("product", .decimal)])
        var headline: [Cell] = []
        for v in r.variables {
            let mine = r.paths.filter { $0.variable == v }
            for p in mine {
                let chain = p.factors.map { "∂\($0.numerator)/∂\($0.denominator)" }.joined(separator: " · ")
                let values = p.factors.map { format.string($0.value) }.joined(separator: " × ")
                let chainLatex = p.factors.map { #"\frac{\partial "# + latexName($0.numerator) + #"}{\partial "# + latexName($0.denominator) + "}" }.joined()
                paths.addRow([.math(latexName(v), plain: v), .joined([.math(chainLatex, plain: chain), .text(" = " + values)]), .number(p.product)])
            }
            let count = r.pathCounts[v] ?? 0
            let sum = "∂\(result)/∂\(v) = \(format.string(r.derivatives[v] ?? .nan))"
                + (count > 1 ? " (sum of \(count) paths)" : "")
                + (r.numericDerivatives[v].map { "; numerical check \(format.string($0))" }
                   ?? "; no numerical check (the expression is not finite at \(v) ± h for any usable step h)")
            paths.addRow([.text(""), .text(sum), .text("")])
            paths.addSeparator()
            let derivativeLatex = #"\frac{\partial "# + latexName(result) + #"}{\partial "# + latexName(v) + "}"
            if !headline.isEmpty { headline.append(", ") }
            headline += [.math(derivativeLatex, plain: "∂\(result)/∂\(v)"), " = ", .number(r.derivatives[v] ?? .nan)]
        }
        if r.paths.isEmpty && !r.variables.isEmpty {
            paths.footnotes = [.text("(the expression has more than \(ScalarGraph.maxNodesForPathListing) nodes: paths are not listed, the sums are exact)")]
        }
        // The answer first: the derivatives; then the value and how they come about.
        var document = Document(format: format)
        if !headline.isEmpty { document.headline(headline) }
        document.add(.paragraph(.joined([.math(latexName(result), plain: result), " = ", .number(r.value), .text(at.isEmpty ? "" : " at " + at)])))
        if let graph = ChainPicture.graph(r, format: format) {
            document.add(.picture(Picture(svg: graph.svg(), alt: ChainPicture.alt(graph), asImagePart: false)))
        } else if let note = ChainPicture.notDrawnNote(r) {
            document.add(.note(.text(note)))
        }
        document.add(.table(nodes))
        document.add(.rule)
        document.add(.table(paths))
        document.add(.equations(latexLines))
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
        return RichOutput(document: document, json: json).bundle
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
