import Backprop
import CBLAS
import Foundation

// One LeNet training step with the engine's conv and maxpool kernels composed by hand (the
// Network has no conv layers in this build): 1×28×28 → conv 6 5×5 relu → maxpool 2 → conv 16
// 5×5 relu → maxpool 2 → 120 relu → 84 relu → 10 softmax, cross-entropy averaged over m = 64,
// forward, backward and an SGD update. Prints one JSON line (bench/layers_bench.py compares it
// with PyTorch's step). Usage: layers-bench [seconds]

/// Best per-step time over a few rounds of about seconds/rounds each (as backprop-bench).
func measure(seconds: Double, rounds: Int = 5, _ body: () -> Void) -> Double {
    var n = 1
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { body() }
        if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > seconds / Double(rounds) / 4 || n > 1 << 20 { break }
        n *= 2
    }
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(n))
    }
    return best
}

/// A dense layer's parameters, W out × in row-major.
struct Dense {
    var w: [Double], b: [Double]
    let inputs: Int, outputs: Int

    init(_ inputs: Int, _ outputs: Int, _ rng: inout SeededGenerator) {
        self.inputs = inputs
        self.outputs = outputs
        let scale = (2.0 / Double(inputs)).squareRoot()
        w = (0..<(inputs * outputs)).map { _ in rng.nextNormal() * scale }
        b = [Double](repeating: 0, count: outputs)
    }

    /// a = h·Wᵀ + b for a batch of m rows.
    func forward(_ h: [Double], _ m: Int) -> [Double] {
        var a = [Double](repeating: 0, count: m * outputs)
        for r in 0..<m { for o in 0..<outputs { a[r * outputs + o] = b[o] } }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(outputs), Int32(inputs), 1,
                    h, Int32(inputs), w, Int32(inputs), 1, &a, Int32(outputs))
        return a
    }

    /// ∇W = ∇aᵀ·h, ∇b = column sums of ∇a, ∇h = ∇a·W; then the SGD update.
    mutating func backward(_ h: [Double], _ da: [Double], _ m: Int, eta: Double) -> [Double] {
        var dh = [Double](repeating: 0, count: m * inputs)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(inputs), Int32(outputs), 1,
                    da, Int32(outputs), w, Int32(inputs), 0, &dh, Int32(inputs))
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs), Int32(inputs), Int32(m), -eta,
                    da, Int32(outputs), h, Int32(inputs), 1, &w, Int32(inputs))
        for r in 0..<m { for o in 0..<outputs { b[o] -= eta * da[r * outputs + o] } }
        return dh
    }
}

func relu(_ a: [Double]) -> [Double] { a.map { max($0, 0) } }
func reluBackward(_ a: [Double], _ dh: [Double]) -> [Double] { zip(a, dh).map { $0 > 0 ? $1 : 0 } }

struct LeNet {
    let c1: ConvGeometry, p1: PoolGeometry, c2: ConvGeometry, p2: PoolGeometry
    var k1: [Double], b1: [Double], k2: [Double], b2: [Double]
    var f1: Dense, f2: Dense, f3: Dense

    init(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        c1 = try ConvGeometry(channels: 1, height: 28, width: 28, filters: 6, kernelHeight: 5, kernelWidth: 5)
        p1 = try PoolGeometry(channels: 6, height: 24, width: 24, poolHeight: 2, poolWidth: 2)
        c2 = try ConvGeometry(channels: 6, height: 12, width: 12, filters: 16, kernelHeight: 5, kernelWidth: 5)
        p2 = try PoolGeometry(channels: 16, height: 8, width: 8, poolHeight: 2, poolWidth: 2)
        k1 = (0..<c1.kernelCount).map { _ in rng.nextNormal() * 0.2 }
        b1 = [Double](repeating: 0, count: 6)
        k2 = (0..<c2.kernelCount).map { _ in rng.nextNormal() * 0.08 }
        b2 = [Double](repeating: 0, count: 16)
        f1 = Dense(256, 120, &rng)
        f2 = Dense(120, 84, &rng)
        f3 = Dense(84, 10, &rng)
    }

    /// One step; returns the loss before the update.
    mutating func step(x: [Double], labels: [Int], eta: Double) -> Double {
        let m = labels.count
        let a1 = conv2dForward(input: x, kernels: k1, bias: b1, geometry: c1, batch: m)
        let h1 = relu(a1)
        let (q1, arg1) = maxPoolForward(input: h1, geometry: p1, batch: m)
        let a2 = conv2dForward(input: q1, kernels: k2, bias: b2, geometry: c2, batch: m)
        let h2 = relu(a2)
        let (q2, arg2) = maxPoolForward(input: h2, geometry: p2, batch: m)
        let z1 = f1.forward(q2, m), g1 = relu(z1)
        let z2 = f2.forward(g1, m), g2 = relu(z2)
        let z3 = f3.forward(g2, m)
        // Softmax + mean cross-entropy; ∂L/∂z3 = (ŷ − y)/m.
        var dz3 = [Double](repeating: 0, count: m * 10)
        var loss = 0.0
        for r in 0..<m {
            let row = z3[(r * 10)..<(r * 10 + 10)]
            let top = row.max() ?? 0
            let e = row.map { Foundation.exp($0 - top) }
            let s = e.reduce(0, +)
            loss -= Foundation.log(e[labels[r]] / s) / Double(m)
            for o in 0..<10 { dz3[r * 10 + o] = (e[o] / s - (o == labels[r] ? 1 : 0)) / Double(m) }
        }
        let dg2 = f3.backward(g2, dz3, m, eta: eta)
        let dg1 = f2.backward(g1, reluBackward(z2, dg2), m, eta: eta)
        let dq2 = f1.backward(q2, reluBackward(z1, dg1), m, eta: eta)
        let dh2 = maxPoolBackward(outputGradient: dq2, argmax: arg2, geometry: p2, batch: m)
        let d2 = conv2dBackward(input: q1, kernels: k2, geometry: c2, outputGradient: reluBackward(a2, dh2), batch: m)
        let dh1 = maxPoolBackward(outputGradient: d2.input, argmax: arg1, geometry: p1, batch: m)
        let d1 = conv2dBackward(input: x, kernels: k1, geometry: c1, outputGradient: reluBackward(a1, dh1), batch: m,
                                needsInputGradient: false)
        for k in k2.indices { k2[k] -= eta * d2.kernels[k] }
        for k in b2.indices { b2[k] -= eta * d2.bias[k] }
        for k in k1.indices { k1[k] -= eta * d1.kernels[k] }
        for k in b1.indices { b1[k] -= eta * d1.bias[k] }
        return loss
    }
}

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 1 : 1
let m = 64
var rng = SeededGenerator(seed: 7)
let x = (0..<(m * 784)).map { _ in rng.nextUnit() }
let labels = (0..<m).map { _ in Int(rng.next() % 10) }
var net = try LeNet(seed: 1)
let first = net.step(x: x, labels: labels, eta: 0.01)
let t = measure(seconds: seconds) { _ = net.step(x: x, labels: labels, eta: 0.01) }
let last = net.step(x: x, labels: labels, eta: 0.01)
print("{\"bench\": \"lenet_step\", \"m\": \(m), \"seconds_per_step\": \(t), \"steps_per_second\": \(1 / t), "
      + "\"first_loss\": \(first), \"loss_after\": \(last)}")
