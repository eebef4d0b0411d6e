import Backprop
import JSON
import Rendering

/// `data circle 200 noise 0.1 seed 3`: TF Playground's 2-D sets, generated.
extension Interpreter {
    mutating func generateData(_ statement: DeclaredStatement) throws -> [JSONValue] {
        guard let word = statement.words.first, let set = PlaygroundData(rawValue: word.value) else {
            throw StatementDeclaration.mismatch("data")
        }
        typealias D = StatementDeclaration
        let o = statement.options
        let count = o.integer(D.dataCount)?.value ?? D.dataCount.integerDefault ?? 200
        let noise = o.number(D.dataNoise)?.value ?? 0
        let seed = UInt64(max(o.integer(D.dataSeed)?.value ?? Int(Initialization.defaultSeed), 0))
        let data = try engine(at: o[D.dataCount.name]?.location ?? word.location) { () throws(BackpropError) in
            try set.generate(count: count, noise: noise, seed: seed)
        }
        state.x = data.x
        state.y = data.y
        let name = "\(set.rawValue) \(count) noise \(NumberText.short(noise)) seed \(seed)"
        state.data = DataSummary(path: name, rows: count, inputColumns: ["x₁", "x₂"], target: "class",
                                 classes: nil, normalized: false)
        if let network = state.network, let warning = dataMismatch(network) {
            emit(.stream(.stderr, "warning: \(warning); define a matching `net`, e.g. `net 2 -> 4 tanh -> 1 sigmoid`\n"))
        }
        let positives = data.y.storage.filter { $0 == 1 }.count
        var table = DocumentTable(caption: .text("Data: TF Playground's \(set.rawValue) set"), columns: [.init(""), .init("")])
        table.addRow([.text("rows"), .text("\(count)")])
        table.addRow([.text("inputs (x)"), .text("2: the point (x₁, x₂)")])
        table.addRow([.text("target (y)"), .text("1 column: class 1 (\(positives) points) or 0 (\(count - positives) points)")])
        table.addRow([.text("noise"), .text(NumberText.short(noise))])
        table.addRow([.text("seed"), .text("\(seed)")])
        let json: JSONValue = [
            "kind": "data", "set": .string(set.rawValue), "rows": .integer(count), "noise": .number(noise),
            "seed": .integer(Int(seed)), "positives": .integer(positives),
            "x_shape": [.integer(data.x.rows), .integer(2)], "y_shape": [.integer(data.y.rows), .integer(1)],
        ]
        return [RichOutput(document: Document([.table(table)], format: format), json: json).bundle]
    }
}
