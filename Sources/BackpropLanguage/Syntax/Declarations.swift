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
        /// What the layer computes before its activation (dense unless written otherwise).
        public var kind: LayerSyntax = .dense
        /// `8 batchnorm relu`: batch norm between the layer's z and its activation.
        public var batchNorm = false
        /// The input written as channels×height×width (`1x6x6`); nil for a vector input.
        public var image: [Int]? = nil
        public init(units: Int, activation: ActivationName?, location: SourceLocation) {
            self.units = units
            self.activation = activation
            self.location = location
        }
    }
    /// Whether any layer goes beyond dense (or the input is an image): then the network is a
    /// `LayeredNetwork`.
    public var isLayered: Bool { layers.contains { $0.kind != .dense || $0.batchNorm || $0.image != nil } }
    /// Layers 0...L; at least two.
    public var layers: [Layer]
}

/// A layer beyond dense, as written in `net`.
public enum LayerSyntax: Sendable, Equatable {
    case dense
    /// `conv 2 3x3 [stride S] [padding P]`.
    case conv(filters: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int)
    /// `maxpool 2x2 [stride S]` (the stride defaults to the window).
    case maxPool(height: Int, width: Int, stride: Int?)
    /// `dropout 0.5 [seed S]`.
    case dropout(p: Double, seed: Int)
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
