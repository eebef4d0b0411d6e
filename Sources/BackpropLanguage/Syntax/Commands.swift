/// The nodes of the statements that inspect or train: show, explain, step, train,
/// gradcheck and chain.

/// `show` or `show NAME`.
public struct ShowStatement: Sendable, Equatable {
    /// nil: show the whole session.
    public var name: Located<ValueName>?
    /// A name of the layers beyond dense (`K1`, `gamma2`, `mask2`, `dL/dK1`), when `name` is nil.
    public var layerName: Located<LayerName>? = nil
}

/// `explain dL/dw131 [limit N]`; `explain w131` means the same.
public struct ExplainStatement: Sendable, Equatable {
    /// A parameter (never a gradient: `dL/d` is stripped).
    public var parameter: Located<ValueName>
    /// Most paths to list; at least 1; nil for the default.
    public var limit: Located<Int>?
    /// `nonzero`: leave out the paths whose product is exactly 0 (and say how many).
    public var nonzero = false
    /// `factored`: also show the sum with shared factors pulled out, as the backward pass computes it.
    public var factored = false
    /// A parameter of the layers beyond dense (`k11111`, `gamma11`); `parameter` is unused then.
    public var layerParameter: Located<LayerName>? = nil

    public init(parameter: Located<ValueName>, limit: Located<Int>?, nonzero: Bool = false, factored: Bool = false) {
        self.parameter = parameter
        self.limit = limit
        self.nonzero = nonzero
        self.factored = factored
    }
}

/// `step [eta N]`.
public struct StepStatement: Sendable, Equatable {
    /// Finite and positive; nil for the default (1).
    public var eta: Located<Double>?
}

/// `train [epochs N] [eta N] [batch N] [seed N] [until loss < N] [history "FILE.csv"]`, in any order.
public struct TrainStatement: Sendable, Equatable {
    /// At least 1.
    public var epochs: Located<Int>?
    /// Finite and positive.
    public var eta: Located<Double>?
    /// At least 1.
    public var batch: Located<Int>?
    /// At least 0.
    public var seed: Located<Int>?
    /// Stop when the loss falls below this (finite).
    public var untilLossBelow: Located<Double>?
    /// A CSV file for every epoch's loss (the output keeps a downsampled curve).
    public var history: Located<String>?
    /// The loss curve's value axis; nil: chosen from the losses.
    public var scale: Located<CurveScale>?
    /// `as NAME`: keep this run (its curve and settings) for `compare`.
    public var runName: Located<String>?
    /// `boundary [every N]`: the decision boundary after training (0), or live every N epochs.
    public var boundaryEvery: Located<Int>?
}

/// `gradcheck [eps N]`.
public struct GradcheckStatement: Sendable, Equatable {
    /// Finite and positive.
    public var eps: Located<Double>?
}

/// `chain EXPR at x = 0.5, y = 2`.
///
/// The parser checks that every variable of the expression has exactly one value and
/// that every value belongs to a variable of the expression, so the interpreter can
/// evaluate without further checks.
public struct ChainStatement: Sendable, Equatable {
    public var expression: Expression
    /// In the order written.
    public var bindings: [Binding]

    public struct Binding: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var location: SourceLocation
    }
}
