import Backprop
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import Rendering

/// train and gradcheck: the long statements, interruptible between steps.
extension Interpreter {
    mutating func train(_ statement: TrainStatement) throws -> [JSONValue] {
        var (network, x, y) = try requireExample()
        // The defaults are the engine's (TrainingOptions()), as the declaration's help shows them.
        var options = TrainingOptions()
        if let epochs = statement.epochs { options.epochs = epochs.value }
        if let eta = statement.eta { options.eta = eta.value }
        options.batchSize = statement.batch?.value
        if let seed = statement.seed { options.seed = UInt64(max(seed.value, 0)) }
        options.targetLoss = statement.untilLossBelow?.value
        try engine(at: statement.eta?.location ?? statement.epochs?.location ?? statement.batch?.location) {
            () throws(BackpropError) in try options.validate()
        }
        let history = try openHistory(statement.history)
        let displayID = newDisplayID()
        let emit = self.emit
        let clock = ContinuousClock()
        var lastUpdate = clock.now
        var warnedRise = false
        var previous = Double.nan
        // The curve is downsampled as the epochs come: memory and output stay bounded.
        var curve = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)
        emit(.display(TrainRenderer.progress(epoch: 0, of: options.epochs, loss: nil, format: format), displayID: displayID))
        let fmt = format
        let result = try network.train(x: x, y: y, options: options, recordLosses: false, progress: { p in
            curve.add(p.loss, at: p.epoch)
            history?.append(epoch: p.epoch, loss: p.loss)
            if !warnedRise, previous.isFinite, p.loss > previous * 1.5, p.epoch > 1 {
                warnedRise = true
                emit(.stream(.stderr, "warning: the loss rose from \(fmt.string(previous)) to \(fmt.string(p.loss)) at epoch \(p.epoch); eta may be too large\n"))
            }
            previous = p.loss
            let now = clock.now
            if now - lastUpdate > .milliseconds(100) {
                lastUpdate = now
                emit(.updateDisplay(TrainRenderer.progress(epoch: p.epoch, of: p.epochs, loss: p.loss, format: fmt), displayID: displayID))
            }
        }, shouldStop: shouldStop)
        let interrupted = result.stopped == .interrupted
        emit(.updateDisplay(TrainRenderer.progress(epoch: result.epochsRun, of: options.epochs, loss: result.lastEpochLoss,
                                                   format: format, phase: interrupted ? .interrupted : .done),
                            displayID: displayID))
        if result.stopped == .diverged {
            // The run is thrown away: a failing statement does not commit its state, so the
            // session keeps the parameters it had before `train` (and no history file is written).
            history?.discard()
            throw StatementFailure(.numericalError,
                                   "training diverged: a non-finite value appeared in \(result.divergence ?? "the loss"); the parameters are unchanged",
                                   at: statement.eta?.location, hint: "try a smaller eta")
        }
        state.network = network
        parametersChanged()
        if let history, let failure = history.commit() {
            emit(.stream(.stderr, "warning: the history file \"\(statement.history?.value ?? history.path)\" could not be written: \(failure.reason)\n"))
        }
        let bundle = TrainRenderer.result(result, curve: curve, options: options, classes: state.data?.classes,
                                          history: statement.history.map { "\"\($0.value)\"" }, format: format,
                                          scale: statement.scale?.value)
        if interrupted {
            emit(.display(bundle, displayID: nil))
            keepsStateOnError = true
            let steps = result.stepsRun
            // No source position: nothing in the cell is wrong.
            throw StatementFailure.interruption(
                "training interrupted at epoch \(result.epochsRun) of \(options.epochs); "
                + "the parameters after step \(steps) are kept")
        }
        return [bundle]
    }

    /// The history file of `train … history "FILE"`, opened before training starts.
    private func openHistory(_ path: Located<String>?) throws -> LossHistoryFile? {
        guard let path else { return nil }
        switch LossHistoryFile.open(resolve(path.value)) {
        case let .success(file): return file
        case let .failure(error):
            throw StatementFailure(.fileError, "cannot write \"\(path.value)\": \(error.reason)", at: path.location,
                                   length: path.value.count + 2)
        }
    }

    mutating func gradcheck(_ statement: GradcheckStatement) throws -> [JSONValue] {
        if let layered = state.layered { return try layeredGradcheck(layered, statement) }
        let (network, x, y) = try requireExample()
        let eps = statement.eps?.value ?? GradientCheckResult.defaultEps
        // A non-finite loss or gradient at the current parameters would make entries NaN or ∞.
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let stop = shouldStop
        let result = try engine(at: statement.eps?.location) { () throws(BackpropError) in
            try network.gradientCheck(x: x, y: y, eps: eps, analytic: grads, shouldStop: stop)
        }
        if !result.complete { throw StatementFailure.interrupted }
        return [GradcheckRenderer.bundle(result, format: format)]
    }
}
