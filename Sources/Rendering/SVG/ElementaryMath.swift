#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few elementary functions the charts need, from the C library (the standard
/// library has none, and Foundation is deliberately not a dependency).
enum ElementaryMath {
    static func log10(_ value: Double) -> Double { cLog10(value) }

    static func power10(_ exponent: Double) -> Double { cPow(10, exponent) }

    /// The power of ten for an integer exponent, by squaring.
    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var remaining = exponent.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return exponent < 0 ? 1 / result : result
    }
}

private func cLog10(_ value: Double) -> Double { log10(value) }
private func cPow(_ base: Double, _ exponent: Double) -> Double { pow(base, exponent) }
