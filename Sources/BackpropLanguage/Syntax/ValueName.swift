import Backprop

/// A name that `show`, `explain` and assignment refer to, parsed from any of its
/// spellings: `W1`/`W[12]`, `b1`/`b[12]`, `w212`/`w[2,1,12]`, `b13`/`b[1,3]`, `x`, `y`,
/// `a2`, `a21`, `h1`, `h13`, `yhat`/`ŷ`, `yhat1`, `loss`, and `dL/d` (or `∂L/∂`) before any
/// of the per-network values.
///
/// Indices are 1-based as in the notes (`h0` is the input, the only index 0 allowed).
/// Compact spellings: `W` takes any number of digits (the layer); `b`, `a`, `h` take one
/// digit for a layer or two for layer and unit; `w` takes exactly three (layer, row,
/// column). Anything larger uses brackets.
public indirect enum ValueName: Sendable, Hashable, CustomStringConvertible {
    case weights(layer: Int)                     // W1
    case biases(layer: Int)                      // b1
    case weight(layer: Int, row: Int, column: Int) // w212: W2[1, 2]
    case bias(layer: Int, unit: Int)             // b13
    case input                                   // x
    case target                                  // y
    case preActivations(layer: Int)              // a2
    case activations(layer: Int)                 // h1
    case preActivation(layer: Int, unit: Int)    // a21
    case activation(layer: Int, unit: Int)       // h13
    case output                                  // yhat
    case outputUnit(Int)                         // yhat1
    case loss
    /// dL/d of a value (never of the loss, of y or of another gradient).
    case gradient(ValueName)

    /// Parses one spelling; nil when the text is not a name.
    public init?(_ text: String) {
        var body = Substring(text)
        var isGradient = false
        for prefix in ["dL/d", "∂L/∂"] where body.hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
            isGradient = true
        }
        // `replacing` is slow (a third of parsing 800 000 assignments): only when there is a ŷ.
        let spelled = body.unicodeScalars.contains("ŷ") ? String(body).replacing("ŷ", with: "yhat") : String(body)
        guard let plain = Self.plain(spelled) else { return nil }
        if isGradient {
            switch plain {
            case .loss, .target, .gradient: return nil
            default: self = .gradient(plain)
            }
        } else {
            self = plain
        }
    }

    private static func plain(_ text: String) -> ValueName? {
        switch text {
        case "x": return .input
        case "y": return .target
        case "yhat": return .output
        case "loss": return .loss
        default: break
        }
        guard let letter = text.first, ["W", "w", "b", "a", "h", "y"].contains(letter) else { return nil }
        var rest = Substring(text.dropFirst())
        if letter == "y" {
            guard rest.hasPrefix("hat") else { return nil }
            rest = rest.dropFirst(3)
        }
        let indices: [Int]
        if rest.first == "[" {
            guard rest.last == "]" else { return nil }
            let parts = rest.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            var values: [Int] = []
            for part in parts {
                let trimmed = part.filter { $0 != " " }
                guard !trimmed.isEmpty, trimmed.count <= 9, trimmed.allSatisfy(\.isASCIIDigit),
                      let value = Int(trimmed) else { return nil }
                values.append(value)
            }
            indices = values
        } else {
            guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit) else { return nil }
            if letter == "W" || letter == "y" {
                guard rest.count <= 9, let value = Int(rest) else { return nil }
                indices = [value]
            } else {
                indices = rest.compactMap { $0.wholeNumberValue }
            }
        }
        let allowsZero = letter == "h" && indices.count == 1
        guard indices.allSatisfy({ $0 >= 1 || (allowsZero && $0 == 0) }) else { return nil }
        switch (letter, indices.count) {
        case ("W", 1): return .weights(layer: indices[0])
        case ("w", 3): return .weight(layer: indices[0], row: indices[1], column: indices[2])
        case ("b", 1): return .biases(layer: indices[0])
        case ("b", 2): return .bias(layer: indices[0], unit: indices[1])
        case ("a", 1): return .preActivations(layer: indices[0])
        case ("a", 2): return .preActivation(layer: indices[0], unit: indices[1])
        case ("h", 1): return .activations(layer: indices[0])
        case ("h", 2): return .activation(layer: indices[0], unit: indices[1])
        case ("y", 1): return .outputUnit(indices[0])
        default: return nil
        }
    }

    /// The canonical spelling: compact when every index is one digit, else brackets
    /// (`w212`, `w[2,1,12]`, `dL/dW1`). Used as the `name` key of JSON output.
    public var description: String {
        func compact(_ letter: String, _ indices: [Int]) -> String { UnitName.join(letter, indices) }
        switch self {
        case .weights(let layer): return "W\(layer)"
        case .biases(let layer): return compact("b", [layer])
        case let .weight(layer, row, column): return compact("w", [layer, row, column])
        case let .bias(layer, unit): return compact("b", [layer, unit])
        case .input: return "x"
        case .target: return "y"
        case .preActivations(let layer): return compact("a", [layer])
        case .activations(let layer): return compact("h", [layer])
        case let .preActivation(layer, unit): return compact("a", [layer, unit])
        case let .activation(layer, unit): return compact("h", [layer, unit])
        case .output: return "yhat"
        case .outputUnit(let unit): return "yhat\(unit)"
        case .loss: return "loss"
        case .gradient(let value): return "dL/d\(value)"
        }
    }

    /// Whether assignment may set it: parameters, x and y.
    public var isAssignable: Bool {
        switch self {
        case .weights, .biases, .weight, .bias, .input, .target: true
        default: false
        }
    }

    /// Whether it is one weight or bias, or a whole weight matrix or bias vector.
    public var isParameter: Bool {
        switch self {
        case .weights, .biases, .weight, .bias: true
        default: false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
