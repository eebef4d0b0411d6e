/// An exact non-negative integer that can grow past `UInt64` (a path count is a product of
/// layer widths: 64 units over 12 layers is already 2⁷²).
public struct ExactCount: Equatable, Comparable, Sendable, CustomStringConvertible {
    /// Little-endian base-2³² limbs.
    private var limbs: [UInt32]

    public init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    private mutating func normalize() {
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
    }

    /// self × k.
    public func multiplied(by k: Int) -> ExactCount {
        var out = self
        let factor = UInt64(max(k, 0))
        var carry: UInt64 = 0
        for i in out.limbs.indices {
            let p = UInt64(out.limbs[i]) * factor + carry
            out.limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        while carry > 0 {
            out.limbs.append(UInt32(truncatingIfNeeded: carry))
            carry >>= 32
        }
        out.normalize()
        return out
    }

    /// The value when it fits in `Int`.
    public var intValue: Int? {
        guard limbs.count <= 2 else { return nil }
        let v = UInt64(limbs[0]) | (limbs.count > 1 ? UInt64(limbs[1]) << 32 : 0)
        return v <= UInt64(Int.max) ? Int(v) : nil
    }

    /// An approximate value (for ratios and display).
    public var doubleValue: Double {
        limbs.reversed().reduce(0.0) { $0 * 4_294_967_296.0 + Double($1) }
    }

    /// Decimal digits.
    public var description: String {
        var digits: [Character] = []
        var work = limbs
        while !(work.count == 1 && work[0] == 0) {
            var remainder: UInt64 = 0
            for i in stride(from: work.count - 1, through: 0, by: -1) {
                let cur = (remainder << 32) | UInt64(work[i])
                work[i] = UInt32(cur / 10)
                remainder = cur % 10
            }
            digits.append(Character(String(remainder)))
            while work.count > 1, work.last == 0 { work.removeLast() }
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }

    public static func < (lhs: ExactCount, rhs: ExactCount) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for i in stride(from: lhs.limbs.count - 1, through: 0, by: -1) where lhs.limbs[i] != rhs.limbs[i] {
            return lhs.limbs[i] < rhs.limbs[i]
        }
        return false
    }
}
