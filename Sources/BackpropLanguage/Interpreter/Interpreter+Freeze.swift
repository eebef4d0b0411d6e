import Backprop
import JSON

/// freeze and unfreeze: which parameters step and train leave as they are.
extension Interpreter {
    mutating func freeze(_ statement: DeclaredStatement, frozen: Bool) throws -> [JSONValue] {
        var network = try requireNetwork()
        var selections: [(ParameterSelection, SourceLocation, Int)] = statement.words.map { word in
            let selection: ParameterSelection = word.value == "weights" ? .weights : word.value == "biases" ? .biases : .all
            return (selection, word.location, word.value.count)
        }
        for name in statement.names {
            let selection: ParameterSelection
            switch name.value {
            case let .weights(l): selection = .weightMatrix(layer: l)
            case let .biases(l): selection = .biasVector(layer: l)
            default:
                guard let p = ValueLookup.parameterID(name.value) else {
                    throw StatementFailure(.nameError, "\(name.value) is not a parameter", at: name.location)
                }
                selection = .parameter(p)
            }
            selections.append((selection, name.location, name.value.description.count))
        }
        // `unfreeze` alone unfreezes everything; `freeze` alone only lists.
        if selections.isEmpty, !frozen { selections = [(.all, statement.location(default: .start), 1)] }
        for (selection, place, length) in selections {
            try engine(at: place, length: length) { () throws(BackpropError) in try network.setFrozen(frozen, selection) }
        }
        state.network = network
        return [FreezeRenderer.bundle(network)]
    }
}

extension DeclaredStatement {
    func location(default fallback: SourceLocation) -> SourceLocation {
        names.first?.location ?? words.first?.location ?? fallback
    }
}
