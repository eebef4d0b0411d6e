import Backprop

extension StatementDeclaration {
    static let boundaryGrid = OptionSpec("grid", .integer(DecisionGrid.cellRange), default: .integer(DecisionGrid.defaultCells),
                                         help: "cells per side of the grid the regions are computed on")
    static let boundaryOptions = [boundaryGrid]

    /// `boundary [grid N]`: the decision regions over the plane of two inputs.
    static let boundary = StatementDeclaration(
        "boundary", options: boundaryOptions, syntax: ["boundary [grid N]"],
        summary: "For a network with 2 inputs: colours the plane around the data by the class the network gives each cell of an N × N grid (ŷ ≥ 0.5 for one output, the largest ŷ otherwise), with the examples of x on top in the colour of their target class. The plane spans the inputs' range plus 10 % on each side. train … boundary draws it after training, train … boundary every N every N epochs while it trains.",
        example: "boundary grid 40", display: .table,
        parse: { parser throws(SyntaxError) in
            var statement = DeclaredStatement(keyword: "boundary")
            statement.options = try parser.parseOptions(boundaryOptions, for: "boundary")
            return .declared(statement)
        },
        run: { interpreter, kind in
            guard case let .declared(statement) = kind else { throw mismatch("boundary") }
            return try interpreter.boundary(statement)
        })
}
