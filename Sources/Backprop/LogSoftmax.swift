/// log softmax(a)_i and log(1 − softmax(a)_i) to full relative precision, also where a
/// probability is within 1e-17 of 0 or 1 (a log-loss of 7e-17 is not rounded to 0):
/// lse = m + log1p(Σ_{j≠k} e^{a_j − m}) with k the first maximum, and
/// log(1 − P_i) = log1p(−P_i) where P_i < ½, lse_{j≠i} − lse otherwise.
struct LogSoftmax {
    let a: UnsafeBufferPointer<Double>
    let lse: Double
    let m: Double
    /// The first maximum and Σ_{j≠k} e^{a_j − m}.
    let k: Int
    let rest: Double
    /// log1p(Σ_{j≠k} e^{a_j − m}) = lse − m.
    let logRest: Double

    init(_ a: UnsafeBufferPointer<Double>) {
        self.a = a
        var k = 0
        for j in a.indices where a[j] > a[k] { k = j }
        let m = a.isEmpty ? 0 : a[k]
        var rest = 0.0
        for j in a.indices where j != k { rest += exp(a[j] - m) }
        self.m = m
        self.k = k
        self.rest = rest
        logRest = log1p(rest)
        lse = m + logRest
    }

    @inline(__always)
    func logP(_ i: Int) -> Double { (a[i] - m) - logRest }

    @inline(__always)
    func logC(_ i: Int) -> Double {
        let lp = logP(i)
        if lp < -0.6931471805599453 { return log1p(-exp(lp)) }
        // The maximum: log(rest) − log1p(rest), unless rest underflowed (a gap above 745).
        if i == k, rest >= Double.leastNormalMagnitude { return log(rest) - logRest }
        return Loss.logSumExp(a, except: i) - lse
    }
}
