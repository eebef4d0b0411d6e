/// A chart axis: the data range it covers, where its ticks go and how they read.
/// Linear axes use "nice" steps (1, 2 or 5 × 10ⁿ); log axes put ticks on powers of ten.
struct AxisScale {
    var lower: Double
    var upper: Double
    var isLogarithmic: Bool
    var ticks: [(value: Double, label: String)]

    /// Position of `value` between `start` and `end` (pixels); nil when not drawable.
    func position(_ value: Double, from start: Double, to end: Double) -> Double? {
        let v = isLogarithmic ? (value > 0 ? ElementaryMath.log10(value) : .nan) : value
        guard v.isFinite, upper > lower else { return nil }
        return start + (v - lower) / (upper - lower) * (end - start)
    }

    /// A linear axis over `[minimum, maximum]`; `padToTicks` widens the range to whole
    /// steps (for the value axis), `integers` keeps steps ≥ 1 (for epochs).
    static func linear(minimum: Double, maximum: Double, targetTicks: Int = 5,
                       padToTicks: Bool, integers: Bool) -> AxisScale {
        var low = minimum
        var high = maximum
        if !(low.isFinite && high.isFinite) { low = 0; high = 1 }
        if low == high {
            let pad = low == 0 ? 1 : low.magnitude * 0.1
            low -= pad
            high += pad
        }
        var step = niceStep((high - low) / Double(max(targetTicks, 1)))
        if integers { step = max(step, 1) }
        if padToTicks {
            low = (low / step).rounded(.down) * step
            high = (high / step).rounded(.up) * step
        }
        var ticks: [(Double, String)] = []
        let first = (low / step).rounded(.up)
        let decimals = max(0, -Int(ElementaryMath.log10(step).rounded(.down)))
        let largest = max(low.magnitude, high.magnitude)
        let format = NumberFormat(precision: min(decimals, 12), largeExponent: 6)
        var k = first
        while k * step <= high + step * 1e-9, ticks.count < 50 {
            let value = k * step
            let label = largest >= 1e6 || decimals > 6
                ? NumberFormat(precision: 2).scientific(value) : format.fixed(value)
            ticks.append((value, label))
            k += 1
        }
        return AxisScale(lower: low, upper: high, isLogarithmic: false, ticks: ticks)
    }

    /// A log axis covering `[minimum, maximum]` (both > 0), widened to whole decades.
    static func logarithmic(minimum: Double, maximum: Double) -> AxisScale {
        var low = ElementaryMath.log10(minimum).rounded(.down)
        var high = ElementaryMath.log10(maximum).rounded(.up)
        if !(low.isFinite && high.isFinite) { low = 0; high = 1 }
        if low == high { high += 1 }
        let decades = Int(high - low)
        let stride = max(1, (decades + 7) / 8)
        var ticks: [(Double, String)] = []
        var exponent = Int(low)
        while exponent <= Int(high) {
            ticks.append((ElementaryMath.power10(exponent), decadeLabel(exponent)))
            exponent += stride
        }
        return AxisScale(lower: low, upper: high, isLogarithmic: true, ticks: ticks)
    }

    /// `0.001 … 1000` written out, other powers as `10⁻⁴`, `10⁶`.
    static func decadeLabel(_ exponent: Int) -> String {
        if (-3...3).contains(exponent) {
            return NumberFormat(precision: max(0, -exponent)).fixed(ElementaryMath.power10(exponent))
        }
        return "10" + Script.superscript(String(exponent))
    }

    /// 1, 2 or 5 × 10ⁿ, the smallest not below `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let exponent = Int(ElementaryMath.log10(raw).rounded(.down))
        let scale = ElementaryMath.power10(exponent)
        let fraction = raw / scale
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * scale
    }
}
