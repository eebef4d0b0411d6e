import Backprop

/// What a statement will hold in memory at its peak, estimated from the network's shape and
/// the batch before it runs: parameters, the forward cache (a and h of every layer for m
/// examples), gradients, the copies and per-parameter lists a step or gradcheck keeps, the
/// trainer's buffers, and the output it renders. Coarse (within a factor of about two), and
/// meant to be on the high side; measured against peak RSS in MemoryBudgetTests.
struct MemoryEstimate {
    var bytes: Double
    /// What was estimated, for the message: "a step with m = 1".
    var activity: String
}

/// The shape quantities the estimates need. Doubles: sums of products of a million-unit
/// layers must not overflow.
struct NetShape {
    let sizes: [Int]
    /// Layers (L), parameters (P), units of layers 1…L (U), the input width, the output width.
    let layers: Double, parameters: Double, units: Double, inputs: Double, outputs: Double
    let widest: Double

    init(sizes: [Int]) {
        self.sizes = sizes
        var p = 0.0, u = 0.0
        for l in sizes.indices.dropFirst() {
            p += Double(sizes[l]) * Double(sizes[l - 1] + 1)
            u += Double(sizes[l])
        }
        layers = Double(max(sizes.count - 1, 0))
        parameters = p
        units = u
        inputs = Double(sizes.first ?? 0)
        outputs = Double(sizes.last ?? 0)
        widest = Double(sizes.max() ?? 0)
    }

    init(_ network: Network) { self.init(sizes: network.sizes) }
}

enum MemoryEstimator {
    // Bytes per entry or object, measured on this build (see MemoryBudgetTests).
    static let double = 8.0
    /// An array's header and allocator slack, per matrix or vector.
    static let perArray = 64.0
    /// A `Layer` with its two arrays.
    static let perLayer = 200.0
    /// One row of a table (the `net` summary, a step's per-matrix rows) in text and HTML.
    static let perSummaryRow = 700.0
    /// One layer's entry in a machine-readable list of layers (its keys and arrays).
    static let perJSONLayer = 300.0
    /// One JSON number: the enum and its serialised text.
    static let perJSONNumber = 48.0
    /// One shown table cell: text, HTML and LaTeX of a number.
    static let perShownEntry = 200.0
    /// One shown matrix, besides its entries (labels, borders, notes).
    static let perShownValue = 1500.0

    /// The parameters and their arrays.
    static func network(_ s: NetShape) -> Double { double * s.parameters + perLayer * s.layers }

    /// a_l and h_l for l = 1…L, m rows each.
    static func forwardCache(_ s: NetShape, m: Double) -> Double {
        2 * double * m * s.units + 2 * perArray * s.layers
    }

    /// ∇W, ∇b, ∇a, ∇h and ∇ŷ.
    static func gradients(_ s: NetShape, m: Double) -> Double {
        double * (s.parameters + m * (2 * s.units + s.inputs + s.outputs)) + 4 * perArray * s.layers
    }

    /// One matrix shown in text, HTML and LaTeX (elided past 12 × 10) with a full copy of its
    /// rows (the renderers take nested arrays).
    static func shownValue(rows r: Double, cols c: Double) -> Double {
        double * r * c + perArray * r + perShownEntry * min(r, 12) * min(c, 10) + perShownValue
    }

    /// The machine-readable part of `count` numbers, as capped by `NumberCap`.
    static func json(numbers count: Double) -> Double { perJSONNumber * min(count, Double(NumberCap.defaultLimit)) }

    /// The output of `forward` or `backward`: a and h (and the gradients) of the layers the
    /// tables show (`LayerElision`), and every layer in the machine-readable part.
    static func passOutput(_ s: NetShape, m: Double, gradients: Bool) -> Double {
        var total = 0.0, numbers = 0.0
        let depth = s.sizes.count - 1
        for l in s.sizes.indices.dropFirst() {
            let n = Double(s.sizes[l]), prev = Double(s.sizes[l - 1])
            numbers += 2 * m * n
            if gradients { numbers += n * prev + n + m * prev }
            total += (gradients ? 3 : 1) * perJSONLayer
            guard LayerElision.isShown(l, depth: depth) else { continue }
            total += 2 * shownValue(rows: m, cols: n)
            if gradients {
                total += shownValue(rows: n, cols: prev) + shownValue(rows: 1, cols: n) + shownValue(rows: m, cols: prev)
            }
        }
        return total + json(numbers: numbers)
    }

    /// The `net` summary: a row per shown layer, every layer in the machine-readable part.
    static func summary(_ s: NetShape) -> Double {
        perSummaryRow * min(s.layers, Double(3 * LayerElision.edge)) + perJSONLayer * s.layers
    }

    /// A step: forward, backward, the stepped copy, a second forward, and per parameter its id
    /// and its change (old, gradient, new), then the table.
    static func step(_ s: NetShape, m: Double) -> Double {
        let perParameter = Double(MemoryLayout<ParameterID>.stride + MemoryLayout<ParameterChange>.stride) + double
        return 2 * forwardCache(s, m: m) + gradients(s, m: m) + network(s) + perParameter * s.parameters
            + 2 * perSummaryRow * min(s.layers, Double(3 * LayerElision.edge)) + json(numbers: 4 * s.parameters)
    }

    static func gradcheck(_ s: NetShape, m: Double) -> Double {
        let perParameter = Double(MemoryLayout<ParameterID>.stride + 2 * MemoryLayout<GradientCheckEntry>.stride)
        // every entry goes into the machine-readable list (name, four numbers, a flag)
        return 3 * forwardCache(s, m: m) + gradients(s, m: m) + network(s) + (perParameter + 300) * s.parameters
    }

    static func train(_ s: NetShape, m: Double, batch: Double) -> Double {
        let trainer = 2 * double * s.parameters + 2 * double * batch * (s.units + s.inputs)
            + 2 * double * batch * s.widest + double * batch * s.outputs
        // The loss curve is downsampled while training runs (at most about 1 000 points, see
        // StreamingDownsampler): the epoch count adds no memory.
        return trainer + network(s) + forwardCache(s, m: m) + 128 * 1024
    }

    /// `net`: the network, its summary, and what a step on it will need (a net that cannot
    /// take one step is refused when it is declared, not later).
    static func net(_ s: NetShape, m: Double) -> Double {
        network(s) + summary(s) + step(s, m: m)
    }

    /// `save`: the model as a JSON tree and as text.
    static func save(_ s: NetShape, dataEntries: Double) -> Double {
        (perJSONNumber + 24) * (s.parameters + dataEntries) + perLayer * s.layers
    }

    /// `graph`: a copy of the edge values, a label per unit, and the diagram (12 units a layer at most).
    static func graph(_ s: NetShape) -> Double {
        var svg = 0.0
        for l in s.sizes.indices {
            let shown = min(Double(s.sizes[l]), 12)
            svg += 300 * shown + 48 * Double(s.sizes[l])
            if l > 0 { svg += 200 * shown * min(Double(s.sizes[l - 1]), 12) }
        }
        return double * s.parameters + perArray * s.layers * 2 + svg
    }

    /// `show` alone: every parameter and the data.
    static func showAll(_ s: NetShape, x: Shape?, y: Shape?) -> Double {
        var total = summary(s), numbers = s.parameters
        let depth = s.sizes.count - 1
        for l in s.sizes.indices.dropFirst() {
            total += 2 * perJSONLayer
            guard LayerElision.isShown(l, depth: depth) else { continue }
            total += shownValue(rows: Double(s.sizes[l]), cols: Double(s.sizes[l - 1])) + shownValue(rows: 1, cols: Double(s.sizes[l]))
        }
        for shape in [x, y].compactMap({ $0 }) {
            total += shownValue(rows: Double(shape.rows), cols: Double(shape.cols))
            numbers += Double(shape.rows * shape.cols)
        }
        return total + json(numbers: numbers)
    }
}
