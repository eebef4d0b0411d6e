/// Formats numbers for people: `precision` significant digits (the language's `precision N`),
/// fixed decimals in the readable range and scientific notation outside it, and clear symbols
/// for non-finite values.
///
/// Rounding is exact (the decimal expansion of the binary value is rounded, ties to
/// even), so the output matches C's `printf`: `0.125` at 2 decimals is `0.12`, `2.675` is
/// `2.67` (the stored double is slightly below 2.675), `9.99995` at 4 decimals is `10.0000`
/// (the stored double is slightly above). A value that rounds to zero never shows a
/// minus sign.
///
/// ```swift
/// let format = NumberFormat()            // 4 significant digits
/// format.string(0.0031594)               // "0.003159"
/// format.string(-0.30000001)             // "-0.3000"
/// format.string(1.23456789e-7)           // "1.235e-07"
/// format.string(3.1e12)                  // "3.100e+12"
/// format.string(-.infinity)              // "−∞"
/// format.fixed(0.5)                      // "0.5000" (fixed and scientific count decimals)
/// NumberFormat.fullPrecision(0.1 + 0.2)  // "0.30000000000000004"
/// ```
///
/// A column or matrix shares one format: see `NumberScale`.
public struct NumberFormat: Sendable, Hashable {
    /// Significant digits of `string` and `NumberScale` (at least 1); also the digits after the
    /// point of `fixed`, and of the mantissa of `scientific` (before trailing zeros are dropped).
    public var precision: Int {
        didSet { precision = Self.clamp(precision) }
    }

    /// Values whose magnitude is at least `10^largeExponent` are shown in scientific
    /// notation (default 9: a billion and above).
    public var largeExponent: Int

    /// Values whose leading digit sits below `10^smallExponent` are shown in scientific notation
    /// (default -3: 0.001234 stays fixed, 0.0001234 is 1.234e-04).
    public var smallExponent = -3

    /// Creates a format with `precision` significant digits (clamped to 0…30; 0 counts as 1
    /// significant digit).
    public init(precision: Int = 4, largeExponent: Int = 9) {
        self.precision = Self.clamp(precision)
        self.largeExponent = largeExponent
    }

    private static func clamp(_ precision: Int) -> Int { min(max(precision, 0), 30) }

    /// Significant digits shown by `string` and `NumberScale`.
    public var significantDigits: Int { max(precision, 1) }

    /// The display form with `significantDigits` digits: fixed decimals when the leading digit's
    /// place is in `smallExponent ..< largeExponent`, otherwise scientific notation.
    /// `NaN`, `∞` and `−∞` for non-finite values.
    public func string(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        // Below `negligible` a value is rounding noise (an exactly-zero gradient computed as
        // -1.4e-18): it shows as zero rather than as a scientific number.
        if abs(value) < Self.negligible || value == 0 { return Self.fixed(ExactDecimal(0), negative: false, decimals: significantDigits - 1) }
        let rounded = ExactDecimal(value).rounded(significantDigits: significantDigits)
        let leadingPlace = rounded.exponent - 1
        if leadingPlace < smallExponent || leadingPlace >= largeExponent {
            return Self.scientificText(value, significantDigits: significantDigits)
        }
        let decimals = max(0, significantDigits - 1 - leadingPlace)
        return Self.fixed(ExactDecimal(value), negative: value.sign == .minus, decimals: decimals)
    }

    /// Magnitudes below this display as zero in `string` (full-precision output is unaffected).
    public static let negligible = 1e-15

    /// Always `precision` fixed decimals, e.g. `0.0000` for `1e-9` and `-0.3000` for `-0.3`.
    public func fixed(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        return Self.fixed(ExactDecimal(value), negative: value.sign == .minus, decimals: precision)
    }

    /// The digits of `decimal` rounded to `decimals` places, with a minus sign unless zero.
    static func fixed(_ decimal: ExactDecimal, negative: Bool, decimals: Int) -> String {
        let rounded = decimal.rounded(decimals: decimals)
        let highestPlace = max(rounded.exponent - 1, 0)
        var text = rounded.digits.isEmpty || !negative ? "" : "-"
        for place in stride(from: highestPlace, through: 0, by: -1) {
            text.append(Character(String(rounded.digit(atPlace: place))))
        }
        if decimals > 0 {
            text.append(".")
            for place in stride(from: -1, through: -decimals, by: -1) {
                text.append(Character(String(rounded.digit(atPlace: place))))
            }
        }
        return text
    }

    /// Scientific notation with `significantDigits` digits, trailing zeros kept so a column
    /// reads evenly: `1.235e-07`, `-4.057e-05`.
    static func scientificText(_ value: Double, significantDigits: Int) -> String {
        let rounded = ExactDecimal(value).rounded(significantDigits: significantDigits)
        guard let first = rounded.digits.first else { return "0e+00" }
        var mantissa = value.sign == .minus ? "-" : ""
        mantissa.append(Character(String(first)))
        if significantDigits > 1 {
            mantissa.append(".")
            for index in 1..<significantDigits {
                mantissa.append(Character(String(index < rounded.digits.count ? rounded.digits[index] : 0)))
            }
        }
        let exponent = rounded.exponent - 1
        let exponentDigits = String(exponent.magnitude)
        return mantissa + (exponent < 0 ? "e-" : "e+") + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
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

    static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "\u{2212}∞" : "∞" }
        return nil
    }
}
