/// A node on a chain-rule path, named as in the notes (1-based indices).
public enum PathNode: Hashable, Sendable, CustomStringConvertible {
    case loss
    /// ŷ_o, the o-th output.
    case output(Int)
    /// a_{l i}.
    case preActivation(layer: Int, unit: Int)
    /// h_{l i}; h_{0 j} is the input x_j.
    case activation(layer: Int, unit: Int)
    case parameter(ParameterID)

    /// `L`, `ŷ1`, `a21`, `h13`, `x2`, `w131`.
    public var description: String {
        switch self {
        case .loss: return "L"
        case let .output(o): return UnitName.join("ŷ", [o])
        case let .preActivation(l, i): return UnitName.join("a", [l, i])
        case let .activation(0, j): return UnitName.join("x", [j])
        case let .activation(l, i): return UnitName.join("h", [l, i])
        case let .parameter(p): return p.description
        }
    }
}

/// One local derivative ∂numerator/∂denominator on a path, with its value.
public struct PathFactor: Sendable, Equatable {
    public let numerator: PathNode
    public let denominator: PathNode
    public let value: Double

    /// `∂a21/∂h13`.
    public var name: String { "∂\(numerator)/∂\(denominator)" }
}

/// One chain-rule path from the loss down to a parameter.
public struct ChainPath: Sendable, Equatable {
    /// The example (1-based) the path runs through; batches have one set of paths per example.
    public let example: Int
    /// Factors from the loss downwards: ∂L/∂ŷ_o first, ∂a/∂w last.
    public let factors: [PathFactor]
    public let product: Double
}
