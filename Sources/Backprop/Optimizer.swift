/// An update rule and its hyper-parameters, with `torch.optim`'s defaults and conventions, so a
/// learner can check every step against PyTorch. The learning rate η is not part of it: it is
/// the `eta` a step or a training run is given (PyTorch's `lr`).
///
/// Where PyTorch differs from the textbook form:
/// - **Momentum** (`torch.optim.SGD(momentum=β, dampening=d)`): v ← β·v + (1 − d)·g,
///   θ ← θ − η·v, with d = 0 by default, so there is no (1 − β) factor: PyTorch's v is the
///   textbook exponential average divided by (1 − β), and η plays the role of η/(1 − β).
///   The first step sets v ← g (not (1 − d)·g). CS231n writes v ← μv − ηg, θ ← θ + v: the same
///   trajectory for a constant η (its v is −η times PyTorch's).
/// - **Nesterov** (`nesterov=True`): PyTorch steps along g + β·v (with v already updated), the
///   "look-ahead" rewritten at the current parameters (Sutskever et al. 2013, in Bengio's form),
///   not by evaluating the gradient at θ + βv.
/// - **RMSprop** (`torch.optim.RMSprop`, α = 0.99, ε = 1e-8): s ← α·s + (1 − α)·g²,
///   θ ← θ − η·g/(√s + ε). ε is added *after* the square root, as in Adam; Goodfellow et al.
///   (Algorithm 8.5) and TensorFlow 1's RMSProp put it inside, √(s + ε). There is no bias
///   correction. `centered` divides by √(s − ḡ²) + ε with ḡ the running mean of g; `momentum`
///   > 0 keeps a buffer b ← μ·b + g/(√s + ε) and steps θ ← θ − η·b.
/// - **Adam** (`torch.optim.Adam`, β = (0.9, 0.999), ε = 1e-8): m ← β₁m + (1 − β₁)g,
///   v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η·m̂/(√v̂ + ε), t from 1.
///   ε is outside the square root and added to √v̂ (after the bias correction), as in Kingma & Ba's
///   Algorithm 1. `amsgrad` divides by the running maximum of v instead.
/// - **Weight decay** λ (`weight_decay=λ`, every optimiser): g ← g + λθ before the rule, on every
///   parameter given to it (weights and biases, PyTorch's default for `model.parameters()`).
///   This is L2 regularisation, not AdamW's decoupled decay; see `Regularization` for how it
///   compares with an `l2` term in the loss.
public enum UpdateRule: Equatable, Sendable {
    /// θ ← θ − η·g.
    case sgd
    /// PyTorch's SGD with momentum β (dampening d, nesterov): see the type's notes.
    case momentum(beta: Double, dampening: Double, nesterov: Bool)
    /// PyTorch's RMSprop: see the type's notes.
    case rmsprop(alpha: Double, eps: Double, momentum: Double, centered: Bool)
    /// PyTorch's Adam: see the type's notes.
    case adam(beta1: Double, beta2: Double, eps: Double, amsgrad: Bool)

    /// Momentum with PyTorch's defaults other than β (dampening 0, not Nesterov).
    public static func momentum(_ beta: Double = 0.9) -> UpdateRule { .momentum(beta: beta, dampening: 0, nesterov: false) }
    /// Nesterov momentum (PyTorch's `SGD(momentum=β, nesterov=True)`).
    public static func nesterov(_ beta: Double = 0.9) -> UpdateRule { .momentum(beta: beta, dampening: 0, nesterov: true) }
    /// RMSprop with PyTorch's defaults: α = 0.99, ε = 1e-8, no momentum, not centered.
    public static let rmsprop = UpdateRule.rmsprop(alpha: 0.99, eps: 1e-8, momentum: 0, centered: false)
    /// Adam with PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no AMSGrad.
    public static let adam = UpdateRule.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false)

    /// The rule's name as the language spells it.
    public var name: String {
        switch self {
        case .sgd: return "sgd"
        case let .momentum(_, _, nesterov): return nesterov ? "nesterov" : "momentum"
        case .rmsprop: return "rmsprop"
        case .adam: return "adam"
        }
    }
}

/// An update rule with its weight decay: what `optimizer` and `weight_decay` set.
public struct Optimizer: Equatable, Sendable {
    public var rule: UpdateRule
    /// λ in g ← g + λθ (PyTorch's `weight_decay`), on every weight and bias; 0 = none.
    public var weightDecay: Double

    public init(_ rule: UpdateRule = .sgd, weightDecay: Double = 0) {
        self.rule = rule
        self.weightDecay = weightDecay
    }

    /// Plain gradient descent, the engine's default.
    public static let sgd = Optimizer()

    /// Whether this is plain θ ← θ − η·g (the trainer keeps its original loop for it).
    public var isPlainSGD: Bool { rule == .sgd && weightDecay == 0 }

    /// Checks the hyper-parameters against PyTorch's own checks (and finiteness).
    public func validate() throws(BackpropError) {
        func check(_ ok: Bool, _ message: String) throws(BackpropError) {
            if !ok { throw BackpropError.invalidArgument(message) }
        }
        try check(weightDecay.isFinite && weightDecay >= 0, "the weight decay must be a finite number ≥ 0, not \(weightDecay)")
        switch rule {
        case .sgd: break
        case let .momentum(beta, dampening, nesterov):
            try check(beta.isFinite && beta >= 0 && beta < 1, "momentum must be in [0, 1), not \(beta)")
            try check(dampening.isFinite && dampening >= 0 && dampening <= 1, "dampening must be in [0, 1], not \(dampening)")
            if nesterov { try check(beta > 0 && dampening == 0, "nesterov needs a momentum > 0 and no dampening") }
        case let .rmsprop(alpha, eps, momentum, _):
            try check(alpha.isFinite && alpha >= 0 && alpha < 1, "alpha must be in [0, 1), not \(alpha)")
            try check(eps.isFinite && eps > 0, "eps must be a positive finite number, not \(eps)")
            try check(momentum.isFinite && momentum >= 0 && momentum < 1, "momentum must be in [0, 1), not \(momentum)")
        case let .adam(beta1, beta2, eps, _):
            try check(beta1.isFinite && beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), not \(beta1)")
            try check(beta2.isFinite && beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), not \(beta2)")
            try check(eps.isFinite && eps > 0, "eps must be a positive finite number, not \(eps)")
        }
    }
}
