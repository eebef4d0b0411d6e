/// Formats numbers for people: fixed decimals, scientific notation where fixed decimals
/// would hide the value, and clear symbols for non-finite values.
///
/// Rounding is exact (the decimal expansion of the binary value is rounded, ties to
/// even), so the output matches C's `printf`: `0.125` at 2 decimals is `0.12`, `2.675` is
/// `2.67` (the stored double is slightly below 2.675), `9.99995` at 4 decimals is `10.0000`
/// (the stored double is slightly above). A value that rounds to zero never shows a
/// minus sign.
///
/// ```swift
/// let format = NumberFormat()            // 4 decimals
/// format.string(-0.30000001)             // "-0.3000"
/// format.string(1.23456789e-7)           // "1.2346e-07"
/// format.string(3.1e12)                  // "3.1e+12"
/// format.string(-.infinity)              // "−∞"
/// NumberFormat.fullPrecision(0.1 + 0.2)  // "0.30000000000000004"
/// ```
public struct NumberFormat: Sendable, Hashable {
    /// Digits after the decimal point (0…30); also the digits after the point of the
    /// mantissa in scientific notation (before trailing zeros are dropped).
    public var precision: Int {
        didSet { precision = Self.clamp(precision) }
    }

    /// Values whose magnitude is at least `10^largeExponent` are shown in scientific
    /// notation (default 9: a billion and above).
    public var largeExponent: Int

    /// Creates a format with `precision` decimals (clamped to 0…30).
    public init(precision: Int = 4, largeExponent: Int = 9) {
        self.precision = Self.clamp(precision)
        self.largeExponent = largeExponent
    }

    private static func clamp(_ precision: Int) -> Int { min(max(precision, 0), 30) }

    /// The display form: fixed decimals, or scientific notation when the magnitude is
    /// nonzero but below `10^-precision` (fixed decimals would show no significant digit)
    /// or at least `10^largeExponent`. `NaN`, `∞` and `−∞` for non-finite values.
    public func string(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        let expansion = ExactDecimal(value)
        if expansion.digits.isEmpty { return fixed(value) }
        let leadingPlace = expansion.exponent - 1  // value ≥ 10^leadingPlace
        // Below `negligible` a value is rounding noise (an exactly-zero gradient computed as
        // -1.4e-18): it shows as zero in fixed decimals rather than as a scientific number.
        if abs(value) < Self.negligible { return fixed(value) }
        if leadingPlace < -precision || leadingPlace >= largeExponent {
            return scientific(value)
        }
        return fixed(value)
    }

    /// Magnitudes below this display as zero in `string` (full-precision output is unaffected).
    public static let negligible = 1e-15

    /// Always fixed decimals, e.g. `0.0000` for `1e-9` and `-0.3000` for `-0.3`.
    public func fixed(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        let rounded = ExactDecimal(value).rounded(decimals: precision)
        let highestPlace = max(rounded.exponent - 1, 0)
        var text = rounded.digits.isEmpty || value.sign == .plus ? "" : "-"
        for place in stride(from: highestPlace, through: 0, by: -1) {
            text.append(Character(String(rounded.digit(atPlace: place))))
        }
        if precision > 0 {
            text.append(".")
            for place in stride(from: -1, through: -precision, by: -1) {
                text.append(Character(String(rounded.digit(atPlace: place))))
            }
        }
        return text
    }

    /// Always scientific notation with at most `precision` mantissa decimals, trailing
    /// zeros dropped and an exponent of at least two digits: `1.2346e-07`, `3.1e+12`,
    /// `1e-05`, `0e+00`.
    public func scientific(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        guard let parts = scientificParts(value) else { return "0e+00" }
        let exponentDigits = String(parts.exponent.magnitude)
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return parts.mantissa + (parts.exponent < 0 ? "e-" : "e+") + paddedExponent
    }

    /// The rounded mantissa text (with sign) and decimal exponent of a finite nonzero
    /// value, or nil for zero. Shared by the LaTeX form (`1.23 \times 10^{-7}`).
    func scientificParts(_ value: Double) -> (mantissa: String, exponent: Int)? {
        let rounded = ExactDecimal(value).rounded(significantDigits: precision + 1)
        guard let first = rounded.digits.first else { return nil }
        var mantissa = value.sign == .minus ? "-" : ""
        mantissa.append(Character(String(first)))
        if rounded.digits.count > 1 {
            mantissa.append(".")
            for digit in rounded.digits.dropFirst() {
                mantissa.append(Character(String(digit)))
            }
        }
        return (mantissa, rounded.exponent - 1)
    }

    /// The shortest text that reads back as the same `Double` (`0.1`, `1e-05`,
    /// `0.30000000000000004`), with `NaN`, `∞`, `−∞` for non-finite values. For
    /// machine-checkable output where rounding would lose information.
    public static func fullPrecision(_ value: Double) -> String {
        if let special = nonFinite(value) { return special }
        return value.description
    }

    private static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "\u{2212}∞" : "∞" }
        return nil
    }
}
