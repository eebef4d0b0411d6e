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
        var options = TrainingOptions(epochs: statement.epochs?.value ?? 100, eta: statement.eta?.value ?? 1,
                                      batchSize: statement.batch?.value, seed: UInt64(max(statement.seed?.value ?? 42, 0)),
                                      targetLoss: statement.untilLossBelow?.value)
        if options.epochs > 100_000_000 { options.epochs = 100_000_000 }
        do {
            try options.validate()
        } catch let error as BackpropError {
            let place = statement.eta?.location ?? statement.epochs?.location ?? statement.batch?.location
            throw LanguageError.engine(error, at: place ?? SourceLocation.start, in: source)
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
            throw StatementFailure("NumericalError",
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
            throw StatementFailure("FileError", "cannot write \"\(path.value)\": \(error.reason)", at: path.location,
                                   length: path.value.count + 2)
        }
    }

    mutating func gradcheck(_ statement: GradcheckStatement) throws -> [JSONValue] {
        let (network, x, y) = try requireExample()
        let eps = statement.eps?.value ?? 1e-6
        // A non-finite loss or gradient at the current parameters would make entries NaN or ∞.
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let result: GradientCheckResult
        do {
            result = try network.gradientCheck(x: x, y: y, eps: eps, analytic: grads, shouldStop: shouldStop)
        } catch let error as BackpropError {
            throw LanguageError.engine(error, at: statement.eps?.location ?? SourceLocation.start, in: source)
        }
        if !result.complete { throw StatementFailure.interrupted }
        return [GradcheckRenderer.bundle(result, format: format)]
    }
}
