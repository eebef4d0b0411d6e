import Backprop
import JSON
import Rendering

/// `train … boundary [every N]`: the decision boundary after training, or a live view of it
/// updated every N epochs on one display.
struct LiveBoundary {
    let every: Int
    let displayID: String
    let x: Matrix, y: Matrix?
    let outputs: Int
    let classes: [String]?
    let format: NumberFormat
    var lastFrame: ContinuousClock.Instant
    /// At most this often (a fast run asked for every epoch would flood the front end).
    static let minimumInterval = Duration.milliseconds(250)

    func frame(_ network: Network, epoch: Int, final: Bool = false) -> JSONValue? {
        guard let grid = try? DecisionGrid(network: network, around: x, cells: DecisionGrid.defaultCells) else { return nil }
        return BoundaryRenderer.bundle(grid, x: x, y: y, outputs: outputs, dataClasses: classes,
                                       title: final ? "Decision regions after epoch \(epoch) (done)" : "Decision regions at epoch \(epoch)",
                                       format: format, live: true)
    }

    mutating func update(_ network: Network, epoch: Int, emit: (Output) -> Void) {
        let now = ContinuousClock.now
        guard now - lastFrame >= Self.minimumInterval, let bundle = frame(network, epoch: epoch) else { return }
        lastFrame = now
        emit(.updateDisplay(bundle, displayID: displayID))
    }
}

extension Interpreter {
    /// The live view (shown at epoch 0), when `boundary every N` asks for one; checks the inputs
    /// are 2-D before training for `boundary` either way.
    func liveBoundary(_ statement: TrainStatement, network: Network, x: Matrix, y: Matrix) throws -> LiveBoundary? {
        guard let option = statement.boundaryEvery else { return nil }
        let grid = try decisionGrid(network, x: x, cells: DecisionGrid.defaultCells, at: option.location)
        guard option.value > 0 else { return nil }
        let live = LiveBoundary(every: option.value, displayID: newDisplayID(), x: x, y: y, outputs: network.outputSize,
                                classes: state.data?.classes, format: format, lastFrame: .now)
        emit(.display(BoundaryRenderer.bundle(grid, x: x, y: y, outputs: network.outputSize, dataClasses: state.data?.classes,
                                              title: "Decision regions at epoch 0", format: format, live: true),
                      displayID: live.displayID))
        return live
    }

    /// After training: the live view's last frame, or (without `every`) the picture as a bundle.
    func boundaryAfterTraining(_ statement: TrainStatement, live: LiveBoundary?, network: Network,
                               x: Matrix, y: Matrix, epochs: Int) throws -> JSONValue? {
        guard let option = statement.boundaryEvery else { return nil }
        if let live {
            // The live display ends on the trained network, whatever the rate limit skipped.
            if let bundle = live.frame(network, epoch: epochs, final: true) { emit(.updateDisplay(bundle, displayID: live.displayID)) }
            return nil
        }
        let grid = try decisionGrid(network, x: x, cells: DecisionGrid.defaultCells, at: option.location)
        return BoundaryRenderer.bundle(grid, x: x, y: y, outputs: network.outputSize, dataClasses: state.data?.classes,
                                       title: "Decision regions after training", format: format)
    }
}
