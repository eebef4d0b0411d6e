import Backprop
import JSON
import Rendering

/// compare, and keeping a run for it (`train … as NAME`).
extension Interpreter {
    mutating func compare(_ statement: DeclaredStatement) throws -> [JSONValue] {
        if statement.words.isEmpty { return [CompareRenderer.list(state.runs, format: format)] }
        var runs: [StoredRun] = []
        for word in statement.words {
            guard let run = state.runs.run(named: word.value) else {
                let kept = state.runs.names
                throw StatementFailure(.nameError, "no run is named '\(word.value)'", at: word.location, length: word.value.count,
                                       hint: kept.isEmpty ? "keep one with `train … as \(word.value)`"
                                                          : "the kept runs are \(Vocabulary.list(kept)); keep one with `train … as \(word.value)`")
            }
            runs.append(run)
        }
        // Fair by construction: losses on different data do not compare.
        let first = runs[0]
        if let other = runs.first(where: { $0.dataFingerprint != first.dataFingerprint }) {
            throw StatementFailure(.dataError,
                                   "runs '\(first.name)' and '\(other.name)' were trained on different data (\(first.name): \(first.dataDescription); \(other.name): \(other.dataDescription)), so their losses do not compare",
                                   at: statement.words.first { $0.value == other.name }?.location, length: other.name.count,
                                   hint: "train both on the same data (the same x, y and split), then compare")
        }
        let scale = statement.options.text(StatementDeclaration.compareScale).flatMap { CurveScale(rawValue: $0.value) }
        return [CompareRenderer.bundle(runs, scale: scale, format: format)]
    }

    /// The settings a kept run records, in the order compare lists them.
    func runSettings(_ start: Network, options: TrainingOptions, result: TrainingResult, heldOut: Dataset?) -> [StoredRun.Setting] {
        func number(_ v: Double) -> String { ChainRenderer.constant(v) }
        var settings: [StoredRun.Setting] = [
            .init(key: "network", value: GraphPicture.layerSummary(start)),
            .init(key: "loss", value: start.loss.rawValue),
            .init(key: "optimizer", value: Self.describe(options.optimizer.rule)),
            .init(key: "weight decay", value: number(options.optimizer.weightDecay)),
            .init(key: "l2", value: number(options.l2)),
            .init(key: "eta", value: number(options.eta)),
            .init(key: "batch", value: options.batchSize.map(String.init) ?? "all examples"),
            .init(key: "epochs", value: "\(result.epochsRun) of \(options.epochs)"),
            .init(key: "stopped", value: Self.stopWords(result.stopped)),
            // The initial weights (init, seed, assignments): a hash, equal when they are.
            .init(key: "starting parameters", value: "#" + String(DataFingerprint.of(start) & 0xffff_ffff, radix: 16)),
        ]
        if options.batchSize != nil { settings.insert(.init(key: "shuffle seed", value: "\(options.seed)"), at: 7) }
        if let t = options.targetLoss { settings.append(.init(key: "until loss <", value: number(t))) }
        if let heldOut { settings.append(.init(key: "held-out examples", value: "\(heldOut.count)")) }
        return settings
    }

    static func stopWords(_ reason: StopReason) -> String {
        switch reason {
        case .epochs: "after all its epochs"
        case .target: "at the target loss"
        case .interrupted: "interrupted"
        case .diverged: "diverged"
        }
    }

    static func describe(_ rule: UpdateRule) -> String {
        func n(_ v: Double) -> String { ChainRenderer.constant(v) }
        switch rule {
        case .sgd: return "sgd"
        case let .momentum(beta, dampening, nesterov):
            return "\(nesterov ? "nesterov" : "momentum") \(n(beta))" + (dampening != 0 ? " dampening \(n(dampening))" : "")
        case let .rmsprop(alpha, eps, momentum, centered):
            return "rmsprop alpha \(n(alpha)) eps \(n(eps))" + (momentum != 0 ? " momentum \(n(momentum))" : "") + (centered ? " centered" : "")
        case let .adam(beta1, beta2, eps, amsgrad):
            return "adam beta1 \(n(beta1)) beta2 \(n(beta2)) eps \(n(eps))" + (amsgrad ? " amsgrad" : "")
        }
    }

    /// "x 200×2, y 200×1 from circle.csv, 40 held out".
    func dataDescription(x: Matrix, y: Matrix, heldOut: Dataset?) -> String {
        var text = "x \(x.shape), y \(y.shape)"
        if let path = state.data?.path { text += " from " + (path.split(separator: "/").last.map(String.init) ?? path) }
        if let heldOut { text += ", \(heldOut.count) held out" }
        return text
    }
}
