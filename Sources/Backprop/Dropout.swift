/// Inverted dropout's masks: in train mode each value is kept with probability 1 − p and
/// scaled by 1/(1 − p), so that eval mode (no dropout) needs no rescaling.
public enum DropoutMask {
    /// The 0/1 keep mask for an m × n batch, drawn from the layer's seed (and a step number,
    /// so that training draws a fresh mask each step while a notebook re-runs identically).
    public static func draw(rows m: Int, cols n: Int, p: Double, seed: UInt64, step: UInt64 = 0) -> Matrix {
        var rng = SeededGenerator(seed: seed &+ step &* 0x9E37_79B9_7F4A_7C15)
        var mask = Matrix(rows: m, cols: n)
        for k in mask.storage.indices { mask.storage[k] = rng.nextUnit() >= p ? 1 : 0 }
        return mask
    }

    /// z = mask ⊙ h / (1 − p).
    static func apply(_ h: Matrix, mask: Matrix, p: Double) -> Matrix {
        let scale = 1 / (1 - p)
        var z = h
        for k in z.storage.indices { z.storage[k] = mask.storage[k] == 0 ? 0 : h.storage[k] * scale }
        return z
    }
}
