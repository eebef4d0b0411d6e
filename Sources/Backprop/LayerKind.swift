/// Whether a network runs as in training (batch statistics, dropout masks) or in evaluation
/// (running statistics, no dropout), as PyTorch's `model.train()` / `model.eval()`.
public enum NetworkMode: String, Sendable, CaseIterable {
    case train, eval
}

/// The shape of one example at a layer: channels × height × width, or a flat vector of
/// `channels` values (height = width = 1, `isImage` false).
public struct FeatureShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var isImage: Bool

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels; self.height = height; self.width = width; isImage = true
    }
    public init(vector n: Int) { channels = n; height = 1; width = 1; isImage = false }

    /// Values per example (row-major CHW, PyTorch's flatten order).
    public var count: Int { channels * height * width }
    public var description: String { isImage ? "\(channels)×\(height)×\(width)" : "\(channels)" }
}

/// What one layer of a `LayeredNetwork` computes before its optional batch norm and its activation.
public enum LayerKind: Equatable, Sendable {
    /// z = W·h + b (an image input is flattened first).
    case dense(units: Int)
    /// z = K ⋆ h + b over an image, K filters × channels × kh × kw.
    case conv(filters: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int)
    /// z = the maximum of each window.
    case maxPool(height: Int, width: Int, stride: Int)
    /// Inverted dropout: z = m ⊙ h / (1 − p), the mask m drawn from `seed` in training.
    case dropout(p: Double, seed: UInt64)

    /// `dense 8`, `conv 2 3x3`, `maxpool 2x2`, `dropout 0.5` (for messages).
    public var label: String {
        switch self {
        case let .dense(n): return "dense \(n)"
        case let .conv(f, kh, kw, s, p):
            return "conv \(f) \(kh)x\(kw)" + (s != 1 ? " stride \(s)" : "") + (p != 0 ? " padding \(p)" : "")
        case let .maxPool(h, w, s): return "maxpool \(h)x\(w)" + (s != h || s != w ? " stride \(s)" : "")
        case let .dropout(p, _): return "dropout \(p)"
        }
    }

    public var hasWeights: Bool {
        switch self { case .dense, .conv: return true; default: return false }
    }
}

/// One layer: its kind, an optional batch norm of z (BatchNorm1d, dense layers only) and an
/// activation h = g(a), with its parameters.
public struct StackLayer: Equatable, Sendable {
    public var kind: LayerKind
    public var batchNorm: Bool
    public var activation: Activation
    public let inputShape: FeatureShape
    public let outputShape: FeatureShape
    /// Dense: n_l × n_{l−1}. Conv: filters × (channels·kh·kw), each row one filter in C·kh·kw
    /// order (PyTorch's F×C×kh×kw layout). Empty otherwise.
    public var weights: Matrix
    /// One per unit (dense) or filter (conv).
    public var bias: [Double]
    /// γ, β and the running mean and variance of batch norm (n_l each), empty without it.
    public var gamma: [Double]
    public var beta: [Double]
    public var runningMean: [Double]
    public var runningVariance: [Double]

    /// PyTorch's defaults: running = (1 − momentum)·running + momentum·batch; ε under the root.
    public static let defaultMomentum = 0.1
    public static let defaultEpsilon = 1e-5
    public var momentum = StackLayer.defaultMomentum
    public var epsilon = StackLayer.defaultEpsilon

    init(kind: LayerKind, batchNorm: Bool, activation: Activation, input: FeatureShape, output: FeatureShape) {
        self.kind = kind
        self.batchNorm = batchNorm
        self.activation = activation
        inputShape = input
        outputShape = output
        switch kind {
        case .dense(let n):
            weights = Matrix(rows: n, cols: input.count); bias = Array(repeating: 0, count: n)
        case let .conv(f, kh, kw, _, _):
            weights = Matrix(rows: f, cols: input.channels * kh * kw); bias = Array(repeating: 0, count: f)
        default:
            weights = Matrix(rows: 0, cols: 0); bias = []
        }
        let n = batchNorm ? output.count : 0
        gamma = Array(repeating: 1, count: n)
        beta = Array(repeating: 0, count: n)
        runningMean = Array(repeating: 0, count: n)
        runningVariance = Array(repeating: 1, count: n)
    }

    public var parameterCount: Int { weights.storage.count + bias.count + gamma.count + beta.count }
}
