/// The closed vocabularies of the language, shared by the parser, completion and help,
/// so a name accepted in one place is offered and documented in the others.

/// An activation as written after a layer size in `net`.
public enum ActivationName: String, Sendable, CaseIterable {
    case linear, sigmoid, tanh, relu
    case leakyRelu = "leaky_relu"
    case softmax
}

/// A loss as written after `loss`.
public enum LossName: String, Sendable, CaseIterable {
    case squaredError = "squared_error"
    case halfSquaredError = "half_squared_error"
    case mse
    case crossEntropy = "cross_entropy"
    case binaryCrossEntropy = "binary_cross_entropy"
}

/// A parameter initialisation as written after `init`.
public enum InitScheme: String, Sendable, CaseIterable {
    case xavier, normal, zeros
    case he, uniform
    case xavierUniform = "xavier_uniform"
    case heUniform = "he_uniform"
}

/// A function of the scalar `chain` expression language.
public enum ChainFunction: String, Sendable, CaseIterable {
    case exp, log, sqrt, sin, cos, tanh, sigmoid, relu
}

public enum Vocabulary {
    /// Every statement keyword, in the order help lists them (from the declarations).
    public static var statements: [String] { Statements.keywords }
    public static let activations: [String] = ActivationName.allCases.map(\.rawValue)
    public static let losses: [String] = LossName.allCases.map(\.rawValue)
    public static let initSchemes: [String] = InitScheme.allCases.map(\.rawValue)
    public static let functions: [String] = ChainFunction.allCases.map(\.rawValue)

    // Each statement's options are its declaration's (`Statements.declaration(for:)?.options`).

    /// Word lists readable in a message: "linear, sigmoid, tanh".
    static func list(_ words: [String]) -> String { words.joined(separator: ", ") }
}
