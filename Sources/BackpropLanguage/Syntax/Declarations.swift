/// The nodes of the statements that configure a session: net, loss, init, data and
/// assignment.

/// `net 4 -> 4 sigmoid -> 2 softmax`: the first layer is the input (no activation).
public struct NetDeclaration: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        /// At least 1.
        public var units: Int
        /// nil for the input layer; a hidden or output layer written without one is
        /// `linear`.
        public var activation: ActivationName?
        public var location: SourceLocation
        public init(units: Int, activation: ActivationName?, location: SourceLocation) {
            self.units = units
            self.activation = activation
            self.location = location
        }
    }
    /// Layers 0...L; at least two.
    public var layers: [Layer]
}

/// `loss cross_entropy`.
public struct LossDeclaration: Sendable, Equatable {
    public var loss: LossName
    public var location: SourceLocation
}

/// `init xavier seed 7`, `init normal 0.1 seed 7`, `init zeros`.
public struct InitDeclaration: Sendable, Equatable {
    public var scheme: InitScheme
    /// Standard deviation for `normal` (positional or `std N`); nil means the default.
    public var std: Located<Double>?
    public var seed: Located<Int>?
    public var location: SourceLocation
    /// The bounds of `uniform` (nil: torch's 0 and 1).
    public var low: Located<Double>? = nil
    public var high: Located<Double>? = nil
}

/// `data "iris.csv" target species onehot normalize`.
public struct DataDeclaration: Sendable, Equatable {
    public var path: Located<String>
    /// The target column's name (an identifier or a string).
    public var target: Located<String>?
    public var onehot: Bool
    public var normalize: Bool
}

/// `TARGET = VALUE`.
public struct Assignment: Sendable, Equatable {
    /// A parameter (`W1`, `b1`, `w212`, `b13`, …), `x` or `y`: `isAssignable` holds.
    public var target: Located<ValueName>
    public var value: AssignedValue
}

/// The right side of an assignment.
public enum AssignedValue: Sendable, Equatable {
    case scalar(Located<Double>)
    case matrix(MatrixLiteral)
}

/// `[0.1 0.3; -0.3 -0.2]` or `[[0.1, 0.3], [-0.3, -0.2]]`: rectangular, at least 1×1.
/// `[1 2 3]` is one row (1×3); `[1; 2; 3]` is one column (3×1).
public struct MatrixLiteral: Sendable, Equatable {
    public var rows: [[Double]]
    /// Where the `[` is.
    public var location: SourceLocation
    public var rowCount: Int { rows.count }
    public var columnCount: Int { rows.first?.count ?? 0 }
}
