import Backprop

/// The engine's diagnoses of a wrong `expect` value, in words.
enum DiagnosisWording {
    /// One sentence per diagnosis; `given` is the number as the learner wrote it.
    static func sentences(_ diagnoses: [Diagnosis], given: String, loss: Loss, examples m: Int) -> [String] {
        // Other losses that give the value are said in one sentence.
        let losses = diagnoses.compactMap { if case let .otherLoss(l) = $0.mistake { l.rawValue } else { nil } }
        var out: [String] = []
        var saidLosses = false
        for d in diagnoses {
            if case .otherLoss = d.mistake {
                if !saidLosses {
                    out.append("it is the value under loss \(losses.joined(separator: " or ")); this session's loss is \(loss.rawValue)")
                    saidLosses = true
                }
                continue
            }
            out.append(sentence(d.mistake, given: given, loss: loss, m: m))
        }
        return out
    }

    static func sentence(_ mistake: Mistake, given: String, loss: Loss, m: Int) -> String {
        switch mistake {
        case let .missingPaths(kept, count, through, example):
            let listed = kept.map(String.init).joined(separator: " + ")
            let head = "\(given) is path\(kept.count == 1 ? "" : "s") \(listed) only (of \(count))"
            if let through { return head + ": the paths through \(Names.plain(through)) are missing" }
            if let example { return head + ": the paths of example \(example) are missing" }
            let missing = (1...count).filter { !kept.contains($0) }.map(String.init).joined(separator: " + ")
            return head + ": path\(count - kept.count == 1 ? "" : "s") \(missing) \(count - kept.count == 1 ? "is" : "are") missing"
        case let .batchSum(m):
            return "it is \(m) times the value: the sum over the batch; the loss is the mean over its m = \(m) examples, so every gradient has the factor 1/\(m)"
        case let .batchMeanTwice(m):
            return "it is 1/\(m) of the value: divided by m = \(m) twice"
        case .twice:
            let why = loss == .halfSquaredError ? ": half_squared_error's ½ cancels the 2 of the square (its gradient is ŷ − y)" : ""
            return "it is twice the value\(why)"
        case .half:
            let why = loss == .squaredError ? ": squared_error is Σ(y − ŷ)² with no ½, so its gradient is 2(ŷ − y), not ŷ − y" : ""
            return "it is half the value\(why)"
        case .sign:
            return "it has the wrong sign"
        case let .swappedIndices(p):
            return "it is \(Names.plain(.gradient(name(p)))), the weight with row and column swapped (w_lij connects unit j of layer l−1 to unit i of layer l)"
        case let .otherLayer(p):
            return "it is \(Names.plain(.gradient(name(p)))), the same position in layer \(p.layer)"
        case let .otherLoss(other):
            return "it is the value under loss \(other.rawValue); this session's loss is \(loss.rawValue)"
        case .diagonalSoftmax:
            return "it is what only the diagonal of softmax's Jacobian gives (∂ŷᵢ/∂aⱼ for i = j only); softmax joins every a to every ŷ: ∂ŷᵢ/∂aⱼ = ŷᵢ(δᵢⱼ − ŷⱼ)"
        }
    }

    private static func name(_ p: ParameterID) -> ValueName {
        switch p {
        case let .weight(l, i, j): .weight(layer: l, row: i, column: j)
        case let .bias(l, i): .bias(layer: l, unit: i)
        }
    }
}
