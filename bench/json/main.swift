#if canImport(Glibc)
import Glibc // libm, for the rounding the JSON writer uses
#endif
import JSON

// JSON parser throughput (`make bench`): MB/s on documents shaped like what the kernel parses
// (a saved model: long arrays of doubles; an object with many keys; Jupyter messages: short
// objects of strings). Prints one JSON object per line, like backprop-bench.
// Usage: json-bench [seconds per measurement] [elements per document] [document kind]
// MB/s is given per wall-clock second and per CPU second of the parsing thread: on a shared
// machine the wall clock also counts time the thread spent waiting for a core.

let arguments = CommandLine.arguments
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
let elements = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let only = arguments.count > 3 ? arguments[3] : nil
let targetMBps = 50.0

/// CPU time of this thread, in seconds.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// A deterministic generator, so the documents are the same in every run.
struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }
    mutating func unit() -> Double { Double(next()) / Double(1 << 53) }
}

func document(_ kind: String, _ n: Int) -> [UInt8] {
    var rng = LCG(state: 42)
    let value: JSONValue
    switch kind {
    case "doubles":
        value = .array((0..<n).map { _ in .number(rng.unit() * 2 - 1) })
    case "model_rows":
        value = .array((0..<n / 10).map { _ in .array((0..<10).map { _ in .number(rng.unit() * 8 - 4) }) })
    case "many_keys":
        value = .object((0..<n / 4).map { (key: "key_\($0)", value: .integer(Int(rng.next() % 1000))) })
    default: // messages
        value = .array((0..<n / 10).map { i in
            ["msg_id": .string("a1b2c3d4-\(i)"), "msg_type": "execute_request", "username": "learner",
             "session": "s-0001", "date": "2026-12-01T11:20:11.123456Z", "version": "5.3",
             "code": .string("net 4 -> 4 sigmoid -> 2 softmax\nforward\nexplain dL/dw\(i % 100)"), "silent": false]
        })
    }
    return value.serializedBytes()
}

for kind in ["doubles", "model_rows", "many_keys", "messages"] where only == nil || only == kind {
    let bytes = document(kind, elements)
    let clock = ContinuousClock()
    var best = Double.infinity
    var bestCPU = Double.infinity
    var total = 0.0
    var runs = 0
    // At least 3 runs, then until `seconds` have passed; keep the best (the machine is shared).
    while runs < 3 || total < seconds {
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        guard (try? JSONValue.parse(bytes)) != nil else { print("{\"bench\": \"json_parse\", \"error\": \"\(kind) did not parse\"}"); break }
        let elapsed = clock.now - start
        bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, s)
        total += s
        runs += 1
    }
    let mbps = Double(bytes.count) / 1e6 / best
    let cpuMBps = Double(bytes.count) / 1e6 / bestCPU
    print("{\"bench\": \"json_parse\", \"document\": \"\(kind)\", \"bytes\": \(bytes.count), \"seconds\": \(best), "
          + "\"MB_per_s\": \((mbps * 10).rounded() / 10), \"MB_per_cpu_s\": \((cpuMBps * 10).rounded() / 10), "
          + "\"target_MB_per_s\": \(targetMBps), \"meets_target\": \(mbps >= targetMBps)}")
}
