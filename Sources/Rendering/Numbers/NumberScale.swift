/// One number format for a whole column or matrix: the same decimals for every entry (so the
/// decimal points line up and no entry switches to scientific notation beside its fixed
/// neighbours), and a shared factor ×10ᵏ when every entry is small or huge.
///
/// The decimals give the largest magnitude `significantDigits` significant digits. When that
/// largest magnitude is below 10^smallExponent (or at least 10^largeExponent), every entry is
/// shown as a mantissa of the shared power of ten instead:
///
/// ```swift
/// let scale = NumberScale([-1e-4, -4.0574e-5], format: NumberFormat())
/// scale.exponent                  // -4
/// scale.mantissa(-4.0574e-5)      // "-0.406"   (read: −0.406 × 10⁻⁴)
/// NumberScale([0.0031594, 0.25], format: NumberFormat()).mantissa(0.0031594)  // "0.0032"
/// NumberScale([0.0031594], format: NumberFormat()).mantissa(0.0031594)        // "0.003159"
/// ```
public struct NumberScale: Sendable, Hashable {
    /// Digits after the decimal point of every mantissa.
    public let decimals: Int
    /// The shared power of ten (0 for none).
    public let exponent: Int

    public init<Values: Sequence>(_ values: Values, format: NumberFormat) where Values.Element == Double {
        let digits = format.significantDigits
        var largest: ExactDecimal? = nil
        var largestValue = 0.0
        for value in values where value.isFinite && abs(value) >= NumberFormat.negligible {
            if abs(value) > largestValue { largestValue = abs(value) }
        }
        if largestValue > 0 { largest = ExactDecimal(largestValue).rounded(significantDigits: digits) }
        guard let largest, !largest.digits.isEmpty else {
            decimals = digits - 1
            exponent = 0
            return
        }
        let leadingPlace = largest.exponent - 1
        if leadingPlace < format.smallExponent || leadingPlace >= format.largeExponent {
            exponent = leadingPlace
            decimals = digits - 1
        } else {
            exponent = 0
            decimals = max(0, digits - 1 - leadingPlace)
        }
    }

    /// True when the entries are mantissas of a shared power of ten.
    public var hasFactor: Bool { exponent != 0 }

    /// `value / 10^exponent` with `decimals` decimals (ASCII minus; `NaN`, `∞`, `−∞` for
    /// non-finite values); the division is exact, on the decimal expansion.
    public func mantissa(_ value: Double) -> String {
        if let special = NumberFormat.nonFinite(value) { return special }
        if abs(value) < NumberFormat.negligible { return NumberFormat.fixed(ExactDecimal(0), negative: false, decimals: decimals) }
        var decimal = ExactDecimal(value)
        if !decimal.digits.isEmpty { decimal.exponent -= exponent }
        return NumberFormat.fixed(decimal, negative: value.sign == .minus, decimals: decimals)
    }

    /// The factor in plain text, `×10⁻⁴`, or "" for none.
    public var plainFactor: String { hasFactor ? "×10" + Script.superscript(String(exponent)) : "" }
    /// The factor in HTML, `×10<sup>−4</sup>` (a true minus), or "" for none.
    public var htmlFactor: String {
        hasFactor ? "×10<sup>" + (exponent < 0 ? "\u{2212}" + String(-exponent) : String(exponent)) + "</sup>" : ""
    }
    /// The factor in LaTeX, `\times 10^{-4}`, or "" for none.
    public var latexFactor: String { hasFactor ? #"\times 10^{"# + String(exponent) + "}" : "" }
}
