import Backprop

/// The memory check every statement passes before it runs.
extension Interpreter {
    /// Refuses a statement whose estimated peak (what the session holds plus the statement's
    /// working set and output) is over the budget, with the estimate and the budget.
    func checkMemory(_ statement: Statement) throws {
        guard let estimate = memoryEstimate(statement.kind) else { return }
        var resident = 0.0
        if case .net = statement.kind {} else if let network = state.network { resident += MemoryEstimator.network(NetShape(network)) }
        for data in [state.x, state.y].compactMap({ $0 }) { resident += MemoryEstimator.double * Double(data.storage.count) }
        let total = resident + estimate.bytes
        guard total > Double(memoryLimit) else { return }
        let gib = Double(1 << 30)
        // (Doubles of any size here: a typo can ask for 10^17 parameters.)
        func whole(_ v: Double) -> String { v < 1e15 ? String(Int(v)) : String(v) }
        let suggestion = whole((total / gib).rounded(.up) + 1)
        var what = statement.text.replacing("\n", with: " ")
        if what.count > 48 { what = String(what.prefix(40)) + " …" }
        var detail = ""
        if let network = networkShape(for: statement.kind) {
            detail = " (\(network.layers == 1 ? "1 layer" : "\(whole(network.layers)) layers"), \(whole(network.parameters)) parameters)"
        }
        throw StatementFailure(
            .memoryError,
            "`\(what)` needs about \(MemoryBudget.describe(total)) for \(estimate.activity)\(detail); "
                + "the memory budget is \(MemoryBudget.describe(memoryLimit))",
            hint: "use a smaller network or batch, or start the kernel with a larger budget, e.g. "
                + "\(MemoryBudget.environmentVariable)=\(suggestion)GiB")
    }

    private func networkShape(for kind: Statement.Kind) -> NetShape? {
        if case let .net(declaration) = kind { return NetShape(sizes: declaration.layers.map(\.units)) }
        return state.network.map(NetShape.init)
    }

    /// The working set of a statement, or nil for those whose size the network does not set.
    func memoryEstimate(_ kind: Statement.Kind) -> MemoryEstimate? {
        typealias E = MemoryEstimator
        if case let .net(declaration) = kind {
            let s = NetShape(sizes: declaration.layers.map(\.units))
            let rows = state.x.map { $0.cols == s.sizes.first ? $0.rows : 1 } ?? 1
            return MemoryEstimate(bytes: E.net(s, m: Double(rows)), activity: "a step with m = \(rows)")
        }
        guard let network = state.network else { return nil }
        let s = NetShape(network)
        let rows = state.x.map { $0.cols == network.inputSize ? $0.rows : 1 } ?? 1
        let m = Double(rows)
        switch kind {
        case .forward:
            return MemoryEstimate(bytes: E.forwardCache(s, m: m) + E.passOutput(s, m: m, gradients: false),
                                  activity: "forward with m = \(rows)")
        case .backward:
            return MemoryEstimate(bytes: E.forwardCache(s, m: m) + E.gradients(s, m: m) + E.passOutput(s, m: m, gradients: true),
                                  activity: "backward with m = \(rows)")
        case .step:
            return MemoryEstimate(bytes: E.step(s, m: m), activity: "a step with m = \(rows)")
        case let .train(train):
            let batch = min(train.batch?.value ?? rows, rows)
            let epochs = train.epochs?.value ?? 100
            return MemoryEstimate(bytes: E.train(s, m: m, batch: Double(batch)),
                                  activity: "training with batches of \(batch) for \(epochs) epochs")
        case .gradcheck:
            return MemoryEstimate(bytes: E.gradcheck(s, m: m), activity: "gradcheck with m = \(rows)")
        case let .explain(explain):
            let limit = Double(explain.limit?.value ?? 20)
            // every listed path has two factors per layer
            let paths = limit * 2 * s.layers * E.perShownEntry
            return MemoryEstimate(bytes: 2 * E.forwardCache(s, m: m) + E.gradients(s, m: m) + paths,
                                  activity: "explain with m = \(rows)")
        case let .show(show):
            guard let name = show.name?.value else {
                return MemoryEstimate(bytes: E.showAll(s, x: state.x?.shape, y: state.y?.shape), activity: "show")
            }
            return MemoryEstimate(bytes: showEstimate(name, s, m: m), activity: "show \(name)")
        case .graph:
            return MemoryEstimate(bytes: E.graph(s), activity: "graph")
        case let .declared(d) where d.keyword == "norms":
            return MemoryEstimate(bytes: E.forwardCache(s, m: m) + E.gradients(s, m: m), activity: "norms with m = \(rows)")
        case .save:
            let entries = Double((state.x?.storage.count ?? 0) + (state.y?.storage.count ?? 0))
            return MemoryEstimate(bytes: E.save(s, dataEntries: entries), activity: "save")
        default:
            return nil
        }
    }

    /// One value: parameters and data as they are, activations after a forward pass,
    /// gradients after a backward pass.
    private func showEstimate(_ name: ValueName, _ s: NetShape, m: Double) -> Double {
        typealias E = MemoryEstimator
        func shown(_ r: Double, _ c: Double) -> Double { E.shownValue(rows: r, cols: c) + E.json(numbers: r * c) }
        switch name {
        case let .weights(l) where l >= 1 && l < s.sizes.count:
            return shown(Double(s.sizes[l]), Double(s.sizes[l - 1]))
        case .weights, .biases, .weight, .bias, .loss:
            return shown(1, s.widest)
        case .input:
            return shown(m, s.inputs)
        case .target:
            return shown(m, s.outputs)
        case .gradient:
            var largest = m * s.widest
            for l in s.sizes.indices.dropFirst() { largest = max(largest, Double(s.sizes[l] * s.sizes[l - 1])) }
            return E.forwardCache(s, m: m) + E.gradients(s, m: m) + shown(largest / max(s.widest, 1), s.widest)
        default:
            return E.forwardCache(s, m: m) + shown(m, s.widest)
        }
    }
}
