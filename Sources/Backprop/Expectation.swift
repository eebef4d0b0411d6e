/// How close a computed value must be to the one a learner wrote, numpy's `isclose` rule:
/// |actual − expected| ≤ absolute + relative · |expected|, plus a rounding slack of 1e-12 of the
/// larger magnitude, so that an expected value typed with all its digits is never refused for
/// the last bit of float64.
public struct Tolerance: Sendable, Equatable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 0, relative: Double = 0) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The float64 rounding allowance every comparison gets.
    public static let roundingSlack = 1e-12

    /// The largest difference accepted around `expected`.
    public func bound(for expected: Double) -> Double { absolute + relative * abs(expected) }

    public func accepts(_ actual: Double, _ expected: Double) -> Bool {
        guard actual.isFinite, expected.isFinite else { return false }
        let slack = Tolerance.roundingSlack * max(abs(actual), abs(expected))
        return abs(actual - expected) <= bound(for: expected) + slack
    }

    /// Half a unit in the last digit a number was written with: `0.0031594` → 5e-8,
    /// `1.5e-3` → 5e-5, `2.0` → 0.05. A whole number written without a point or an exponent
    /// (`2`, `0`) is exact: 0. Nil when the text is not a plain decimal number.
    public static func halfUnit(ofWritten text: String) -> Double? {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(mantissa[mantissa.index(after: e)...]) else { return nil }
            exponent = value
            mantissa = mantissa[..<e]
        }
        if mantissa.first == "-" || mantissa.first == "+" { mantissa = mantissa.dropFirst() }
        guard !mantissa.isEmpty, mantissa.allSatisfy({ $0 == "." || $0.isNumber }) else { return nil }
        let hasExponent = text.contains("e") || text.contains("E")
        guard let point = mantissa.firstIndex(of: ".") else {
            return hasExponent ? 0.5 * power10(exponent) : 0
        }
        let decimals = mantissa.distance(from: mantissa.index(after: point), to: mantissa.endIndex)
        return 0.5 * power10(exponent - decimals)
    }

    /// 10ⁿ: exact powers up to 10²², so 1e-7 is the nearest double to 10⁻⁷ (bounded by float64's range).
    private static func power10(_ n: Int) -> Double {
        var magnitude = 1.0
        for _ in 0..<min(abs(n), 400) { magnitude *= 10 }
        return n < 0 ? 1 / magnitude : magnitude
    }
}
