import Backprop
import JSON

/// boundary: the decision regions of a network with 2 inputs.
extension Interpreter {
    mutating func boundary(_ statement: DeclaredStatement) throws -> [JSONValue] {
        let network = try requireNetwork()
        let x = try requireInput()
        let cells = statement.options.integer(StatementDeclaration.boundaryGrid)
        let grid = try decisionGrid(network, x: x, cells: cells?.value ?? DecisionGrid.defaultCells, at: cells?.location)
        return [BoundaryRenderer.bundle(grid, x: x, y: state.y, outputs: network.outputSize, dataClasses: state.data?.classes,
                                        title: "Decision regions", format: format)]
    }

    /// The grid, after the checks that the plane has 2 inputs, with errors that say so.
    func decisionGrid(_ network: Network, x: Matrix, cells: Int, at place: SourceLocation?) throws -> DecisionGrid {
        guard network.inputSize == 2 else {
            throw StatementFailure(.valueError,
                                   "a decision boundary is drawn over the plane of 2 inputs, and this network has \(network.inputSize) input\(network.inputSize == 1 ? "" : "s")",
                                   hint: "use a network with 2 inputs, e.g. `net 2 -> 8 tanh -> 1 sigmoid`, on 2-D data such as `data circle`")
        }
        guard x.cols == 2 else {
            throw StatementFailure(.shapeError, "x has \(x.cols) column\(x.cols == 1 ? "" : "s"), and a decision boundary needs 2 (one per axis of the plane)",
                                   hint: "set 2-D inputs, e.g. `x = [0 0; 0 1; 1 0; 1 1]`")
        }
        return try engine(at: place) { () throws(BackpropError) in try DecisionGrid(network: network, around: x, cells: cells) }
    }
}
