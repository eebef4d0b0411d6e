/// The exact decimal expansion of a finite, non-negative `Double`.
///
/// Every binary floating-point number has a finite decimal expansion. Rounding that
/// expansion (instead of the shortest round-trip string) is what makes `2.675` print as
/// `2.67` at two decimals, exactly as C's `printf` does: the double nearest to 2.675 is
/// 2.67499999999999982236431605997495353221893310546875.
///
/// The value is `0.d₁d₂d₃… × 10^exponent` with `d₁ ≠ 0`; zero has no digits.
struct ExactDecimal: Equatable {
    /// Decimal digits, most significant first, without trailing zeros.
    var digits: [UInt8]
    /// Power of ten of the position just left of the first digit.
    var exponent: Int

    private init(digits: [UInt8], exponent: Int) {
        self.digits = digits
        self.exponent = exponent
    }

    /// Expands `value`; the sign is ignored and non-finite values give zero.
    init(_ value: Double) {
        let magnitude = value.magnitude
        guard magnitude.isFinite, magnitude != 0 else {
            digits = []
            exponent = 0
            return
        }
        var significand = magnitude.significandBitPattern
        var binaryExponent: Int
        if magnitude.exponentBitPattern == 0 {
            binaryExponent = -1074
        } else {
            significand |= UInt64(1) << 52
            binaryExponent = Int(magnitude.exponentBitPattern) - 1075
        }
        // Drop factors of two so the big multiplications stay small.
        let zeros = significand.trailingZeroBitCount
        significand >>= UInt64(zeros)
        binaryExponent += zeros

        var number = LimbNumber(significand)
        if binaryExponent >= 0 {
            number.multiplyByPowerOfTwo(binaryExponent)
            let text = number.decimalDigits()
            digits = text
            exponent = text.count
        } else {
            // m × 2^-k = m × 5^k × 10^-k
            number.multiplyByPowerOfFive(-binaryExponent)
            let text = number.decimalDigits()
            digits = text
            exponent = text.count + binaryExponent
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
    }

    /// Rounds to the digits whose place value is at least `10^-decimals`, ties to even
    /// (the exact value is known, so a tie is a real tie).
    ///
    /// Returns the kept digits and the exponent of the result in the same `0.ddd × 10^e`
    /// form; a result of zero has no digits.
    func rounded(decimals: Int) -> ExactDecimal {
        rounded(keeping: exponent + decimals)
    }

    /// Rounds to `count` significant digits (at least one), ties to even.
    func rounded(significantDigits count: Int) -> ExactDecimal {
        rounded(keeping: max(1, count))
    }

    /// Rounds keeping the first `count` digits (which may be zero or negative: the
    /// rounding position then lies left of the first digit).
    private func rounded(keeping count: Int) -> ExactDecimal {
        if digits.isEmpty || count >= digits.count { return self }
        if count < 0 { return ExactDecimal(digits: [], exponent: 0) }
        var kept = Array(digits[0..<count])
        let first = digits[count]
        let restIsNonZero = digits[(count + 1)...].contains { $0 != 0 }
        let lastKeptIsOdd = (kept.last ?? 0) % 2 == 1
        let roundUp = first > 5 || (first == 5 && (restIsNonZero || lastKeptIsOdd))
        var exponent = self.exponent
        if roundUp {
            var index = kept.count - 1
            var carry = true
            while carry && index >= 0 {
                if kept[index] == 9 {
                    kept[index] = 0
                    index -= 1
                } else {
                    kept[index] += 1
                    carry = false
                }
            }
            if carry {
                kept.insert(1, at: 0)
                exponent += 1
            }
        }
        while let last = kept.last, last == 0 { kept.removeLast() }
        return ExactDecimal(digits: kept, exponent: kept.isEmpty ? 0 : exponent)
    }

    /// The digit whose place value is `10^place` (zero outside the expansion).
    func digit(atPlace place: Int) -> UInt8 {
        let index = exponent - 1 - place
        guard index >= 0, index < digits.count else { return 0 }
        return digits[index]
    }
}

/// A minimal arbitrary-precision unsigned integer: just enough to expand a double.
struct LimbNumber {
    /// Little-endian base-2³² limbs.
    private var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    private mutating func trim() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiplyByPowerOfTwo(_ power: Int) {
        var remaining = power
        while remaining > 0 {
            let step = min(remaining, 31)
            multiply(by: UInt32(1) << UInt32(step))
            remaining -= step
        }
    }

    mutating func multiplyByPowerOfFive(_ power: Int) {
        var remaining = power
        while remaining > 0 {
            let step = min(remaining, 13)  // 5^13 < 2^32
            var factor: UInt32 = 1
            for _ in 0..<step { factor *= 5 }
            multiply(by: factor)
            remaining -= step
        }
    }

    /// Divides in place by `divisor`, returning the remainder.
    private mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let current = (remainder << 32) | UInt64(limbs[index])
            limbs[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        trim()
        return UInt32(remainder)
    }

    /// Decimal digits, most significant first (`[0]` for zero).
    func decimalDigits() -> [UInt8] {
        var copy = self
        var chunks: [UInt32] = []
        while !copy.limbs.isEmpty {
            chunks.append(copy.divide(by: 1_000_000_000))
        }
        guard let top = chunks.popLast() else { return [0] }
        var result: [UInt8] = []
        var topDigits: [UInt8] = []
        var value = top
        repeat {
            topDigits.append(UInt8(value % 10))
            value /= 10
        } while value > 0
        result.append(contentsOf: topDigits.reversed())
        for chunk in chunks.reversed() {
            var nine = [UInt8](repeating: 0, count: 9)
            var value = chunk
            for position in (0..<9).reversed() {
                nine[position] = UInt8(value % 10)
                value /= 10
            }
            result.append(contentsOf: nine)
        }
        return result
    }
}
