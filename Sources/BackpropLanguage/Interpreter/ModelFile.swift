import Backprop
import JSON

/// The file `save` writes and `load` reads: the network, its loss and parameters, and the data.
struct ModelFile {
    struct Failure: Error {
        let message: String
        var isStop = false
        var isNotUTF8 = false
        static let stopped = Failure(message: "interrupted", isStop: true)
    }

    static let format = "backprop-kernel/1"

    let network: Network
    let x: Matrix?
    let y: Matrix?
    let precision: Int?

    init(network: Network, x: Matrix?, y: Matrix?, precision: Int?) {
        self.network = network
        self.x = x
        self.y = y
        self.precision = precision
    }

    var json: JSONValue {
        [
            "format": .string(ModelFile.format),
            "sizes": .array(network.sizes.map { .integer($0) }),
            "activations": .array(network.layers.map { .string($0.activation.rawValue) }),
            "loss": .string(network.loss.rawValue),
            "W": .array(network.layers.map { .matrix($0.weights.rowArrays) }),
            "b": .array(network.layers.map { .numbers($0.bias) }),
            "x": x.map { .matrix($0.rowArrays) } ?? .null,
            "y": y.map { .matrix($0.rowArrays) } ?? .null,
            "precision": precision.map { .integer($0) } ?? .null,
        ]
    }

    /// Reads a model from the bytes of a file; `shouldStop` is asked while parsing and
    /// while converting the rows, so a large file answers an interrupt.
    init(bytes: [UInt8], shouldStop: () -> Bool = { false }) throws {
        // A parsed JSON value costs 24 bytes or more, 30 times a tiny number's text: count them
        // first, so a file of many small values is refused instead of taking gigabytes.
        let values = try ModelFile.countValues(bytes, shouldStop: shouldStop)
        guard values <= ModelFile.maxValues else {
            throw Failure(message: "it holds about \(values) values; the limit is \(ModelFile.maxValues)")
        }
        let root: JSONValue
        do {
            root = try JSONParser().parse(bytes, shouldStop: shouldStop)
        } catch {
            if error.reason == .stopped { throw Failure.stopped }
            if error.reason == .invalidUTF8 { throw Failure(message: "it is not UTF-8 text", isNotUTF8: true) }
            throw Failure(message: "it is not JSON (\(error))")
        }
        guard root["format"]?.stringValue == ModelFile.format else {
            throw Failure(message: "it has no \"format\": \"\(ModelFile.format)\"")
        }
        guard let sizes = root["sizes"]?.arrayValue?.compactMap(\.intValue), sizes.count >= 2 else {
            throw Failure(message: "\"sizes\" must list at least two layer sizes")
        }
        guard let acts = root["activations"]?.arrayValue?.compactMap({ $0.stringValue.flatMap(Activation.init(rawValue:)) }),
              acts.count == sizes.count - 1 else {
            throw Failure(message: "\"activations\" must name one known activation per layer")
        }
        guard let lossName = root["loss"]?.stringValue, let loss = Loss(rawValue: lossName) else {
            throw Failure(message: "\"loss\" must name a known loss")
        }
        var network = try Network(sizes: sizes, activations: acts, loss: loss)
        guard let ws = root["W"]?.arrayValue, let bs = root["b"]?.arrayValue, ws.count == network.depth, bs.count == network.depth else {
            throw Failure(message: "\"W\" and \"b\" must have one entry per layer")
        }
        for l in 1...network.depth {
            try network.setWeights(layer: l, try ModelFile.matrix(ws[l - 1], "W\(l)", shouldStop: shouldStop))
            guard let b = bs[l - 1].arrayValue?.compactMap(\.doubleValue), b.count == bs[l - 1].arrayValue?.count else {
                throw Failure(message: "b\(l) must be a list of numbers")
            }
            try network.setBias(layer: l, b)
        }
        self.network = network
        self.x = try root["x"].flatMap { $0.isNull ? nil : try ModelFile.matrix($0, "x", shouldStop: shouldStop) }
        self.y = try root["y"].flatMap { $0.isNull ? nil : try ModelFile.matrix($0, "y", shouldStop: shouldStop) }
        if let x = self.x, let y = self.y { try network.validate(x: x, y: y) }
        self.precision = root["precision"]?.intValue.flatMap { StatementDeclaration.precisionRange.contains($0) ? $0 : nil }
    }

    /// The most JSON values (numbers, lists, ...) a model file may hold: 8 Mi.
    static let maxValues = 8 * 1_048_576

    /// An upper bound on the number of JSON values in `bytes`: one more than the commas, plus
    /// the opening brackets (commas inside strings count too; a model has few strings).
    static func countValues(_ bytes: [UInt8], shouldStop: () -> Bool) throws -> Int {
        try bytes.withUnsafeBufferPointer { buffer in
            var count = 1
            var start = 0
            while start < buffer.count {
                if shouldStop() { throw Failure.stopped }
                let end = min(start + (1 << 20), buffer.count)
                for i in start..<end {
                    let b = buffer[i]
                    if b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { count += 1 }
                }
                start = end
            }
            return count
        }
    }

    static func matrix(_ value: JSONValue, _ name: String, shouldStop: () -> Bool) throws -> Matrix {
        guard let rows = value.arrayValue else { throw Failure(message: "\(name) must be a list of rows") }
        let parsed = try rows.enumerated().map { k, row -> [Double] in
            if k & 0x3FF == 0x3FF, shouldStop() { throw Failure.stopped }
            guard let cells = row.arrayValue else { throw Failure(message: "\(name) must be a list of rows") }
            let numbers = cells.compactMap(\.doubleValue)
            guard numbers.count == cells.count else { throw Failure(message: "\(name) must hold only numbers") }
            return numbers
        }
        return try Matrix(parsed)
    }
}
