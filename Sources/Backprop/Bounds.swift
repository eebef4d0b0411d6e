/// The range a number option must lie in, written once here and used both by the engine's
/// checks and by the language's parser, help and error messages.
public struct Bounds: Sendable, Equatable, CustomStringConvertible {
    /// The lower end, and whether it belongs to the range.
    public let lower: Double
    public let includesLower: Bool
    /// The upper end (nil: unbounded above), and whether it belongs to the range.
    public let upper: Double?
    public let includesUpper: Bool

    public init(lower: Double, includesLower: Bool, upper: Double? = nil, includesUpper: Bool = false) {
        self.lower = lower
        self.includesLower = includesLower
        self.upper = upper
        self.includesUpper = includesUpper
    }

    /// Finite and greater than 0 (eta).
    public static let positive = Bounds(lower: 0, includesLower: false)
    /// Finite and at least 0 (a standard deviation).
    public static let nonNegative = Bounds(lower: 0, includesLower: true)

    /// Whether `value` is finite and inside the range.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        guard includesLower ? value >= lower : value > lower else { return false }
        guard let upper else { return true }
        return includesUpper ? value <= upper : value < upper
    }

    /// Whether `value` fails only by being above the upper end.
    public func isAbove(_ value: Double) -> Bool {
        guard value.isFinite, let upper else { return false }
        return includesUpper ? value > upper : value >= upper
    }

    /// The rule below the upper end, as messages say it: "a finite number greater than 0",
    /// "finite and not negative".
    public var lowerRule: String {
        if lower == 0 { return includesLower ? "finite and not negative" : "a finite number greater than 0" }
        return includesLower ? "a finite number at least \(lower)" : "a finite number greater than \(lower)"
    }

    /// The rule at the upper end: "below 1", "at most 10".
    public var upperRule: String? {
        guard let upper else { return nil }
        let text = upper == upper.rounded() && abs(upper) < 1e15 ? String(Int(upper)) : "\(upper)"
        return includesUpper ? "at most \(text)" : "below \(text)"
    }

    /// The whole rule: "a finite number greater than 0 and below 1".
    public var description: String { [lowerRule, upperRule].compactMap { $0 }.joined(separator: " and ") }
}
