import Backprop

/// Everything a session remembers between cells. A value type: a statement runs on a copy
/// and the copy replaces the state only when the statement succeeds, so a failing statement
/// changes nothing.
struct SessionState: Sendable {
    var network: Network?
    /// A network with layers beyond dense (conv, maxpool, dropout, batchnorm); `network` is nil then.
    var layered: LayeredNetwork?
    /// The loss: stored once, in the network when there is one (`Network.loss`, which the
    /// engine uses), and here only until the first `net` (`loss` may come first).
    var loss: Loss {
        get { network?.loss ?? layered?.loss ?? lossBeforeNetwork }
        set {
            if network != nil { network?.loss = newValue } else if layered != nil { layered?.loss = newValue } else { lossBeforeNetwork = newValue }
        }
    }
    private var lossBeforeNetwork: Loss = .squaredError
    /// The input batch, m × n_0.
    var x: Matrix?
    /// The targets, m × n_L.
    var y: Matrix?
    /// Digits shown in tables.
    var precision = StatementDeclaration.defaultPrecision
    /// What `data` loaded, for summaries and class names.
    var data: DataSummary?
    /// Set by `backward` so that `graph` shows gradient magnitudes; cleared when parameters change.
    var gradientsShown = false
    /// The training set-up of `optimizer`, `weight_decay`, `l2` and `split` (see `Training`).
    var training = TrainingSetup()
    /// The runs `train … as NAME` kept, for `compare`.
    var runs = RunStore()
    /// The numbers `answer` recorded, for the `expect`s that check them (see `Answers`).
    var answers: [ValueName: RecordedAnswer] = [:]
}

/// A description of a data set loaded from a CSV file.
struct DataSummary: Sendable, Equatable {
    var path: String
    var rows: Int
    var inputColumns: [String]
    var target: String?
    /// Class labels in one-hot column order, when the target was one-hot encoded.
    var classes: [String]?
    var normalized: Bool
}
