import Backprop
import Rendering

/// How names are written in each output: plain text with subscripts (`∂L/∂w₂₁₂`, lines up in a
/// terminal), LaTeX for HTML and text/latex (`\frac{\partial L}{\partial w_{212}}`), and the
/// ASCII spelling of the spec's JSON keys (`dL/dw212`, `∂a21/∂h13`).
enum Names {
    /// The indices as subscripts, by the one naming rule (`UnitName`): ₂₁₂ or ₂,₁,₁₂.
    static func sub(_ indices: [Int]) -> String { Script.subscript(UnitName.indexText(indices)) }

    static func latexSub(_ indices: [Int]) -> String { UnitName.indexText(indices) }

    static func plain(_ name: ValueName) -> String {
        switch name {
        case let .weights(l): return "W" + sub([l])
        case let .biases(l): return "b" + sub([l])
        case let .weight(l, i, j): return "w" + sub([l, i, j])
        case let .bias(l, i): return "b" + sub([l, i])
        case .input: return "x"
        case .target: return "y"
        case let .preActivations(l): return "a" + sub([l])
        case let .activations(l): return "h" + sub([l])
        case let .preActivation(l, i): return "a" + sub([l, i])
        case let .activation(l, i): return "h" + sub([l, i])
        case .output: return "ŷ"
        case let .outputUnit(o): return "ŷ" + sub([o])
        case .loss: return "L"
        case let .gradient(of): return "∂L/∂" + plain(of)
        }
    }

    static func latex(_ name: ValueName) -> String {
        switch name {
        case let .weights(l): return "W_{\(latexSub([l]))}"
        case let .biases(l): return "b_{\(latexSub([l]))}"
        case let .weight(l, i, j): return "w_{\(latexSub([l, i, j]))}"
        case let .bias(l, i): return "b_{\(latexSub([l, i]))}"
        case .input: return "x"
        case .target: return "y"
        case let .preActivations(l): return "a_{\(latexSub([l]))}"
        case let .activations(l): return "h_{\(latexSub([l]))}"
        case let .preActivation(l, i): return "a_{\(latexSub([l, i]))}"
        case let .activation(l, i): return "h_{\(latexSub([l, i]))}"
        case .output: return #"\hat{y}"#
        case let .outputUnit(o): return #"\hat{y}_{"# + latexSub([o]) + "}"
        case .loss: return "L"
        case let .gradient(of):
            switch of {
            case .weights, .biases, .preActivations, .activations, .output, .input:
                return #"\nabla_{"# + latex(of) + "} L"
            default:
                return #"\frac{\partial L}{\partial "# + latex(of) + "}"
            }
        }
    }

    static func plain(_ node: PathNode) -> String {
        switch node {
        case .loss: return "L"
        case let .output(o): return "ŷ" + sub([o])
        case let .preActivation(l, i): return "a" + sub([l, i])
        case let .activation(0, j): return "x" + sub([j])
        case let .activation(l, i): return "h" + sub([l, i])
        case let .parameter(.weight(l, i, j)): return "w" + sub([l, i, j])
        case let .parameter(.bias(l, i)): return "b" + sub([l, i])
        }
    }

    static func latex(_ node: PathNode) -> String {
        switch node {
        case .loss: return "L"
        case let .output(o): return #"\hat{y}_{"# + latexSub([o]) + "}"
        case let .preActivation(l, i): return "a_{\(latexSub([l, i]))}"
        case let .activation(0, j): return "x_{\(latexSub([j]))}"
        case let .activation(l, i): return "h_{\(latexSub([l, i]))}"
        case let .parameter(.weight(l, i, j)): return "w_{\(latexSub([l, i, j]))}"
        case let .parameter(.bias(l, i)): return "b_{\(latexSub([l, i]))}"
        }
    }

    /// ∂a₂₁/∂h₁₃ in plain text.
    static func plain(_ factor: PathFactor) -> String { "∂\(plain(factor.numerator))/∂\(plain(factor.denominator))" }

    /// \frac{\partial a_{21}}{\partial h_{13}}.
    static func latex(_ factor: PathFactor) -> String {
        #"\frac{\partial "# + latex(factor.numerator) + #"}{\partial "# + latex(factor.denominator) + "}"
    }

    /// The value name of a parameter.
    static func valueName(_ p: ParameterID) -> ValueName {
        switch p {
        case let .weight(l, i, j): return .weight(layer: l, row: i, column: j)
        case let .bias(l, i): return .bias(layer: l, unit: i)
        }
    }
}
