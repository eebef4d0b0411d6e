import Backprop
import Rendering

/// The sum over paths with the shared factors pulled out, as the backward pass reuses them
/// (the "dynamic programming" of the notes): for w₁₃₁ of a 2-2-1 network,
/// (∂L/∂a₂₁·w₂₁₃ + ∂L/∂a₂₂·w₂₂₃)·σ′(a₁₃)·x₁.
///
/// The paths are read from the parameter upwards and merged where they share a factor (a
/// trie); where they split, their terms are summed in parentheses. Everything above the first
/// pre-activation of a higher layer (a₂₁ for w₁₃₁) is written as one symbol, ∂L/∂a₂₁: the
/// value the backward pass stores there and reuses for every weight below. The values are
/// summed on the same tree, so the result equals the sum of the paths it covers.
struct ExplainFactoring {
    /// One factor shared by every path below it.
    final class Node {
        let factor: PathFactor
        var children: [Node] = []
        init(_ factor: PathFactor) { self.factor = factor }
    }

    let roots: [(example: Int, node: Node)]
    let activations: [Activation]?

    init(_ paths: [ChainPath], activations: [Activation]?) {
        var roots: [(example: Int, node: Node)] = []
        for path in paths {
            let upward = Array(path.factors.reversed())
            guard let first = upward.first else { continue }
            let root: Node
            if let existing = roots.first(where: { $0.example == path.example && Self.same($0.node.factor, first) }) {
                root = existing.node
            } else {
                root = Node(first)
                roots.append((path.example, root))
            }
            var node = root
            for factor in upward.dropFirst() {
                if let child = node.children.first(where: { Self.same($0.factor, factor) }) {
                    node = child
                } else {
                    let child = Node(factor)
                    node.children.append(child)
                    node = child
                }
            }
        }
        self.roots = roots
        self.activations = activations
    }

    static func same(_ a: PathFactor, _ b: PathFactor) -> Bool { a.numerator == b.numerator && a.denominator == b.denominator }

    /// The expression in plain Unicode and in LaTeX, and its value.
    func expression() -> (plain: String, latex: String, value: Double) {
        let terms = roots.map { term($0.node) }
        let perExample = Set(roots.map(\.example)).count > 1
        let plain = terms.enumerated().map { k, t in perExample ? "[example \(roots[k].example)] " + t.plain : t.plain }
        return (plain.joined(separator: " + "), terms.map(\.latex).joined(separator: " + "),
                terms.reduce(0) { $0 + $1.value })
    }

    /// Everything from the loss down to and including `node`'s factor, summed over its paths.
    private func term(_ node: Node) -> (plain: String, latex: String, value: Double) {
        let local = name(node.factor)
        if node.children.isEmpty {
            return (local.plain, local.latex, node.factor.value)
        }
        if case let .preActivation(k, _) = node.factor.numerator, k > parameterLayer {
            // The backward pass's stored ∂L/∂a above the parameter's layer.
            let symbol = (plain: "∂L/∂" + Names.plain(node.factor.numerator),
                          latex: #"\frac{\partial L}{\partial "# + Names.latex(node.factor.numerator) + "}")
            return (symbol.plain + "·" + local.plain, symbol.latex + #" \cdot "# + local.latex,
                    node.children.reduce(0) { $0 + subtreeSum($1) } * node.factor.value)
        }
        if let chain = chainProduct(above: node) {
            // No split above: one symbol, ∂L/∂(numerator), with the product of the chain.
            let symbol = (plain: "∂L/∂" + Names.plain(node.factor.numerator),
                          latex: #"\frac{\partial L}{\partial "# + Names.latex(node.factor.numerator) + "}")
            return (symbol.plain + "·" + local.plain, symbol.latex + #" \cdot "# + local.latex, chain * node.factor.value)
        }
        let inner = node.children.map(term)
        let sum = inner.reduce(0) { $0 + $1.value }
        if inner.count == 1, let only = inner.first {
            return (only.plain + "·" + local.plain, only.latex + #" \cdot "# + local.latex, sum * node.factor.value)
        }
        return ("(" + inner.map(\.plain).joined(separator: " + ") + ")·" + local.plain,
                #"\left("# + inner.map(\.latex).joined(separator: " + ") + #"\right) \cdot "# + local.latex,
                sum * node.factor.value)
    }

    /// The sum over the paths above and through `node`, from the loss down to its factor.
    private func subtreeSum(_ node: Node) -> Double {
        node.children.isEmpty ? node.factor.value : node.children.reduce(0) { $0 + subtreeSum($1) } * node.factor.value
    }

    /// The layer of the parameter (the paths' last factor is ∂a/∂parameter).
    var parameterLayer: Int {
        guard case let .parameter(p)? = roots.first?.node.factor.denominator else { return 0 }
        return p.layer
    }

    /// The product of the factors above `node` when they form a single chain up to the loss.
    private func chainProduct(above node: Node) -> Double? {
        var product = 1.0
        var current = node
        while !current.children.isEmpty {
            guard current.children.count == 1, let next = current.children.first else { return nil }
            product *= next.factor.value
            current = next
        }
        return product
    }

    /// A local derivative by what it is: w₂₁₃ for ∂a₂₁/∂h₁₃, σ′(a₁₃) for ∂h₁₃/∂a₁₃, x₁ for ∂a₁₃/∂w₁₃₁.
    func name(_ f: PathFactor) -> (plain: String, latex: String) {
        switch (f.numerator, f.denominator) {
        case let (.preActivation(k, q), .activation(_, p)):
            return ("w" + Names.sub([k, q, p]), "w_{" + Names.latexSub([k, q, p]) + "}")
        case let (.preActivation(_, _), .parameter(.weight(l, _, j))):
            let input = PathNode.activation(layer: l - 1, unit: j)
            return (Names.plain(input), Names.latex(input))
        case (.preActivation, .parameter(.bias)):
            return ("1", "1")
        case let (.activation(k, q), .preActivation(_, r)) where q == r:
            return derivative(layer: k, of: .preActivation(layer: k, unit: q)) ?? (Names.plain(f), Names.latex(f))
        case let (.output(o), .preActivation(k, r)) where o == r:
            return derivative(layer: k, of: .preActivation(layer: k, unit: r)) ?? (Names.plain(f), Names.latex(f))
        default:
            return (Names.plain(f), Names.latex(f))
        }
    }

    /// `σ′(a₁₃)` for an element-wise activation; nil for softmax (a Jacobian entry, written
    /// ∂h/∂a) or when the activation is not known.
    private func derivative(layer k: Int, of node: PathNode) -> (plain: String, latex: String)? {
        let symbol: (String, String)
        switch activations.flatMap({ k - 1 < $0.count && k >= 1 ? $0[k - 1] : nil }) {
        case .sigmoid?: symbol = ("σ′", #"\sigma'"#)
        case .softmax?, nil: return nil
        case let activation?:
            symbol = (activation.rawValue + "′", #"\mathrm{"# + activation.rawValue.replacing("_", with: #"\_"#) + "}'")
        }
        return (symbol.0 + "(" + Names.plain(node) + ")", symbol.1 + "(" + Names.latex(node) + ")")
    }
}
