/// One parameter's analytic gradient beside its central finite difference.
public struct GradientCheckEntry: Sendable {
    public let parameter: ParameterID
    public let analytic: Double
    public let numeric: Double
    /// |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are 0.
    public let relativeError: Double
    public let passed: Bool
}

/// The result of a gradient check.
public struct GradientCheckResult: Sendable {
    public let eps: Double
    public let entries: [GradientCheckEntry]
    /// False when it was interrupted before every parameter was checked.
    public let complete: Bool
    /// The largest relative error among entries whose gradients are not both near zero
    /// (below `meaningfulScale` a relative error only measures rounding noise: an exactly-zero
    /// gradient against a numeric 1e-11 would read as 100 %). Those entries are judged by
    /// their absolute error, reported in `maxAbsoluteError` — except that an entry that
    /// failed always counts, so the maximum never hides the entry behind a FAILED verdict.
    public var maxRelativeError: Double {
        entries.filter { !isLeftOut($0) }.map(\.relativeError).max() ?? 0
    }

    /// Whether `maxRelativeError` leaves this entry out: both gradients below
    /// `meaningfulScale` and the entry passed.
    public func isLeftOut(_ e: GradientCheckEntry) -> Bool {
        e.passed && max(abs(e.analytic), abs(e.numeric)) < GradientCheckResult.meaningfulScale
    }

    /// How many entries `maxRelativeError` leaves out.
    public var leftOutCount: Int { entries.filter(isLeftOut).count }
    public var maxAbsoluteError: Double { entries.map { abs($0.analytic - $0.numeric) }.max() ?? 0 }

    /// Gradients smaller than this (both analytic and numeric) are compared absolutely.
    public static let meaningfulScale = 1e-7
    public var passed: Bool { complete && entries.allSatisfy(\.passed) }

    /// An entry passes when its relative error is at most this…
    public static let relativeTolerance = 1e-5
    /// …or its absolute error is at most this (for gradients near zero, where relative error
    /// is dominated by rounding).
    public static let absoluteTolerance = 1e-8
    /// The finite-difference steps accepted: above 0 and below 1.
    public static let epsBounds = Bounds(lower: 0, includesLower: false, upper: 1)
    /// The step used when none is given.
    public static let defaultEps = 1e-6
}

extension Network {
    /// Compares every analytic gradient with (L(θ+ε) − L(θ−ε)) / 2ε. `analytic` may be given
    /// to check gradients from elsewhere (a test passes deliberately wrong ones).
    public func gradientCheck(x: Matrix, y: Matrix, eps: Double = GradientCheckResult.defaultEps, analytic: Gradients? = nil,
                              shouldStop: () -> Bool = { false }) throws(BackpropError) -> GradientCheckResult {
        guard GradientCheckResult.epsBounds.contains(eps) else {
            throw BackpropError.invalidArgument("eps must be a positive number below 1, not \(eps)")
        }
        let grads: Gradients
        if let analytic { grads = analytic } else { grads = try gradients(x: x, y: y).1 }
        if let place = grads.firstNonFinite { throw BackpropError.nonFinite(location: place) }
        var entries: [GradientCheckEntry] = []
        var probe = self
        for p in parameterIDs {
            if shouldStop() {
                return GradientCheckResult(eps: eps, entries: entries, complete: false)
            }
            let original = try value(of: p)
            try probe.set(p, to: original + eps)
            let plus = try probe.loss(x: x, y: y)
            try probe.set(p, to: original - eps)
            let minus = try probe.loss(x: x, y: y)
            try probe.set(p, to: original)
            let numeric = (plus - minus) / (2 * eps)
            guard numeric.isFinite else { throw BackpropError.nonFinite(location: "the loss at \(p) ± ε") }
            let a = grads.value(of: p)
            let diff = abs(a - numeric)
            let scale = max(abs(a), abs(numeric))
            let relative = scale == 0 ? 0 : diff / scale
            let ok = diff.isFinite && (relative <= GradientCheckResult.relativeTolerance
                                       || diff <= GradientCheckResult.absoluteTolerance)
            entries.append(GradientCheckEntry(parameter: p, analytic: a, numeric: numeric,
                                              relativeError: relative.isNaN ? .infinity : relative, passed: ok))
        }
        return GradientCheckResult(eps: eps, entries: entries, complete: true)
    }
}
