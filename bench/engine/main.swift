import Backprop
import CBLAS
import Foundation

// Engine benchmarks: one training step (forward, backward, update) at three sizes, the machine's
// dgemm rate as the ceiling, and `explain` on a deep network. Prints one JSON object per line.

/// Runs `body` repeatedly for about `seconds` and returns the best per-iteration time over
/// a few rounds (the machine is shared: the best round is the least disturbed).
func measure(seconds: Double = 1.0, rounds: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    // Calibrate the iteration count to about seconds/rounds per round.
    var n = 1
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { try body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if elapsed > seconds / Double(rounds) / 4 || n > 1 << 26 { break }
        n *= 2
    }
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { try body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, elapsed / Double(n))
    }
    return best
}

func line(_ fields: [(String, Any)]) {
    let body = fields.map { key, value -> String in
        if let s = value as? String { return "\"\(key)\": \"\(s)\"" }
        return "\"\(key)\": \(value)"
    }.joined(separator: ", ")
    print("{" + body + "}")
    fflush(nil)
}

func randomMatrix(_ rows: Int, _ cols: Int, _ rng: inout SeededGenerator) -> Matrix {
    var m = Matrix(rows: rows, cols: cols)
    for k in m.storage.indices { m.storage[k] = rng.nextNormal() }
    return m
}

func oneHot(_ rows: Int, _ classes: Int, _ rng: inout SeededGenerator) -> Matrix {
    var m = Matrix(rows: rows, cols: classes)
    for r in 0..<rows { m[r, Int(rng.next() % UInt64(classes))] = 1 }
    return m
}

let arguments = CommandLine.arguments
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
/// `backprop-bench SECONDS adam` runs only the Adam steps (bench/optim_bench.py's half).
let onlyAdam = arguments.count > 2 && arguments[2] == "adam"

// Training steps with Adam (PyTorch's defaults), the same networks and data as the SGD steps.
for (sizes, m) in [([4, 4, 2], 1), ([784, 256, 10], 256)] {
    var rng = SeededGenerator(seed: 1)
    var net = try Network(sizes: sizes, activations: [.sigmoid, .softmax], loss: .crossEntropy)
    try net.initialize(.xavier(seed: 1))
    let x = randomMatrix(m, sizes[0], &rng)
    let y = oneHot(m, sizes[2], &rng)
    let trainer = try Trainer(network: net, batch: m, optimizer: Optimizer(.adam))
    let t = try measure(seconds: seconds) { try trainer.step(x: x, y: y, eta: 0.001) }
    line([("bench", "step"), ("optimizer", "adam"), ("sizes", sizes.map(String.init).joined(separator: "-")), ("m", m),
          ("seconds_per_step", t), ("steps_per_second", 1 / t)])
}
if onlyAdam { exit(0) }
try benchLayeredExplain(seconds: seconds)  // issue 16: explain of a LeNet conv weight

// Training steps.
for (sizes, m) in [([4, 4, 2], 1), ([64, 32, 10], 32), ([784, 256, 10], 256)] {
    var rng = SeededGenerator(seed: 1)
    var net = try Network(sizes: sizes, activations: [.sigmoid, .softmax], loss: .crossEntropy)
    try net.initialize(.xavier(seed: 1))
    let x = randomMatrix(m, sizes[0], &rng)
    let y = oneHot(m, sizes[2], &rng)
    var trainer = try Trainer(network: net, batch: m)
    let t = try measure(seconds: seconds) { try trainer.step(x: x, y: y, eta: 0.01) }
    let flops = 6.0 * Double(m) * Double(sizes[0] * sizes[1] + sizes[1] * sizes[2])
    line([("bench", "step"), ("sizes", sizes.map(String.init).joined(separator: "-")), ("m", m),
          ("seconds_per_step", t), ("steps_per_second", 1 / t), ("gflops", flops / t / 1e9)])
}

// The dgemm ceiling: a square product of the largest layer's scale.
do {
    let n = 1024
    var rng = SeededGenerator(seed: 2)
    let a = randomMatrix(n, n, &rng), b = randomMatrix(n, n, &rng)
    var c = Matrix(rows: n, cols: n)
    let t = measure(seconds: seconds) {
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
    line([("bench", "dgemm"), ("n", n), ("gflops", 2.0 * Double(n * n * n) / t / 1e9)])
}

// explain on 10 layers of 64 units: the path count is exact, the listing bounded.
do {
    let sizes = Array(repeating: 64, count: 11)
    var net = try Network(sizes: sizes, activations: Array(repeating: .tanh, count: 10), loss: .squaredError)
    try net.initialize(.xavier(seed: 3))
    var rng = SeededGenerator(seed: 3)
    let x = randomMatrix(1, 64, &rng), y = randomMatrix(1, 64, &rng)
    var result: PathExplanation? = nil
    let t = try measure(seconds: seconds, rounds: 3) {
        result = try net.explain(.weight(layer: 1, row: 1, column: 1), x: x, y: y, limit: 20)
    }
    line([("bench", "explain"), ("layers", 10), ("units", 64), ("path_count", "\(result?.pathCount.description ?? "?")"),
          ("listed", result?.paths.count ?? 0), ("milliseconds", t * 1000)])
}
