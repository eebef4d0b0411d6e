import Backprop
import Rendering

/// One training run kept by `train … as NAME`: its loss curve (downsampled) and what it was
/// trained with, so `compare` can say what differs.
struct StoredRun: Sendable, Equatable {
    struct Setting: Sendable, Equatable {
        var key: String
        var value: String
    }

    var name: String
    /// In the order `compare` lists them.
    var settings: [Setting]
    var epochs: [Int]
    var losses: [Double]
    var heldOutEpochs: [Int] = []
    var heldOutLosses: [Double] = []
    var finalLoss: Double
    var finalHeldOutLoss: Double?
    var accuracy: Double?
    var epochsRun: Int
    /// A hash of x, y and the held-out data: runs on different data are not compared.
    var dataFingerprint: UInt64
    /// "x 200×2, y 200×1 (circle.csv)".
    var dataDescription: String
    var lossName: String

    func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }
}

/// The kept runs, bounded: at most `maxRuns`, each curve at most `maxPoints` points.
struct RunStore: Sendable, Equatable {
    static let maxRuns = 12
    static let maxPoints = 500
    static let maxNameLength = 40

    private(set) var runs: [StoredRun] = []

    var names: [String] { runs.map(\.name) }

    func run(named name: String) -> StoredRun? { runs.first { $0.name == name } }

    /// Whether storing under `name` fits (an existing name is replaced).
    func canStore(_ name: String) -> Bool { run(named: name) != nil || runs.count < Self.maxRuns }

    /// Adds the run, replacing one of the same name in its place.
    mutating func store(_ run: StoredRun) {
        if let k = runs.firstIndex(where: { $0.name == run.name }) { runs[k] = run } else { runs.append(run) }
    }
}

/// FNV-1a over the shapes and bit patterns of the data: equal exactly when the data are.
enum DataFingerprint {
    static func of(_ matrices: [Matrix?]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            var v = v
            for _ in 0..<8 {
                hash ^= v & 0xff
                hash = hash &* 0x0000_0100_0000_01b3
                v >>= 8
            }
        }
        for m in matrices {
            guard let m else { mix(0xffff_ffff); continue }
            mix(UInt64(m.rows)); mix(UInt64(m.cols))
            for v in m.storage { mix(v.bitPattern) }
        }
        return hash
    }

    /// The parameters of a network, for "same starting parameters".
    static func of(_ network: Network) -> UInt64 {
        of(network.layers.flatMap { [$0.weights, Matrix(row: $0.bias)] })
    }
}
