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
        var (network, allX, allY) = try requireExample()
        let start = network
        // The defaults are the engine's (TrainingOptions()), as the declaration's help shows them;
        // `optimizer … eta N` replaces the default eta.
        var options = TrainingOptions()
        if let epochs = statement.epochs { options.epochs = epochs.value }
        if let eta = statement.eta?.value ?? state.training.eta { options.eta = eta }
        options.optimizer = state.training.optimizer
        options.l2 = state.training.l2
        // With `split`, train on one part and evaluate the other after every epoch.
        let parts = try heldOutSplit(x: allX, y: allY)
        let x = parts?.train.x ?? allX, y = parts?.train.y ?? allY
        let heldOut = parts?.heldOut
        var optimizerState = state.training.state
        options.batchSize = statement.batch?.value
        if let seed = statement.seed { options.seed = UInt64(max(seed.value, 0)) }
        options.targetLoss = statement.untilLossBelow?.value
        try engine(at: statement.eta?.location ?? statement.epochs?.location ?? statement.batch?.location) {
            () throws(BackpropError) in try options.validate()
        }
        if let name = statement.runName, !state.runs.canStore(name.value) {
            throw StatementFailure(.valueError, "at most \(RunStore.maxRuns) runs are kept, and '\(name.value)' would be one more",
                                   at: name.location, length: name.value.count,
                                   hint: "reuse a kept name (\(Vocabulary.list(state.runs.names))): train … as NAME replaces that run")
        }
        var live = try liveBoundary(statement, network: network, x: x, y: y)
        if let every = live?.every { options.snapshotEvery = every }
        let history = try openHistory(statement.history)
        // In a notebook with widgets: a Stop button, and the curve drawn as it comes.
        let trainLive = TrainLive(live: self.live, emit: emit)
        let displayID = newDisplayID()
        let emit = self.emit
        let clock = ContinuousClock()
        var lastUpdate = clock.now
        var warnedRise = false
        var previous = Double.nan
        // The curve is downsampled as the epochs come: memory and output stay bounded.
        var curve = StreamingDownsampler(maxPoints: TrainRenderer.curvePoints)
        var curves = TrainCurves(heldOutCount: parts?.heldOut.count)
        var run = (curve: StreamingDownsampler(maxPoints: RunStore.maxPoints), heldOut: StreamingDownsampler(maxPoints: RunStore.maxPoints))
        let first = TrainRenderer.progress(epoch: 0, of: options.epochs, loss: nil, format: format)
        emit(.display(trainLive.isLive ? TrainLive.progress(first, curve: curve, format: format) : first, displayID: displayID))
        let fmt = format
        let keepsRun = statement.runName != nil
        let result = try network.train(x: x, y: y, options: options, heldOut: heldOut, state: &optimizerState,
                                       recordLosses: false, progress: { p in
            curve.add(p.loss, at: p.epoch)
            curves.add(p)
            if keepsRun {
                run.curve.add(p.loss, at: p.epoch)
                if let h = p.heldOutLoss { run.heldOut.add(h, at: p.epoch) }
            }
            if let net = p.network { live?.update(net, epoch: p.epoch, emit: emit) }
            history?.append(epoch: p.epoch, loss: p.loss)
            if !warnedRise, previous.isFinite, p.loss > previous * 1.5, p.epoch > 1 {
                warnedRise = true
                emit(.stream(.stderr, "warning: the loss rose from \(fmt.string(previous)) to \(fmt.string(p.loss)) at epoch \(p.epoch); eta may be too large\n"))
            }
            previous = p.loss
            let now = clock.now
            if now - lastUpdate > .milliseconds(100) {
                lastUpdate = now
                let line = TrainRenderer.progress(epoch: p.epoch, of: p.epochs, loss: p.loss, format: fmt)
                emit(.updateDisplay(trainLive.isLive ? TrainLive.progress(line, curve: curve, format: fmt) : line, displayID: displayID))
            }
        }, shouldStop: { [shouldStop] in shouldStop() || trainLive.stopRequested })
        // Stop ends the run as an interrupt does, keeping the last finished step, but is no error.
        let stoppedByButton = result.stopped == .interrupted && trainLive.stopRequested && !shouldStop()
        trainLive.finish(stoppedByButton ? "Stopped" : result.stopped == .interrupted ? "Interrupted" : "Done")
        let interrupted = result.stopped == .interrupted && !stoppedByButton
        let last = TrainRenderer.progress(epoch: result.epochsRun, of: options.epochs, loss: result.lastEpochLoss,
                                          format: format, phase: result.stopped == .interrupted ? .interrupted : .done)
        emit(.updateDisplay(trainLive.isLive ? TrainLive.progress(last, curve: curve, format: format) : last, displayID: displayID))
        if result.stopped == .diverged {
            // The run is thrown away: a failing statement does not commit its state, so the
            // session keeps the parameters it had before `train` (and no history file is written).
            history?.discard()
            throw StatementFailure(.numericalError,
                                   "training diverged: a non-finite value appeared in \(result.divergence ?? "the loss"); the parameters are unchanged",
                                   at: statement.eta?.location, hint: "try a smaller eta")
        }
        state.network = network
        state.training.state = optimizerState
        parametersChanged()
        if let name = statement.runName {
            state.runs.store(StoredRun(name: name.value, settings: runSettings(start, options: options, result: result, heldOut: heldOut),
                                       epochs: run.curve.points.map(\.index), losses: run.curve.points.map(\.value),
                                       heldOutEpochs: run.heldOut.points.map(\.index), heldOutLosses: run.heldOut.points.map(\.value),
                                       finalLoss: result.finalLoss, finalHeldOutLoss: result.finalHeldOutLoss, accuracy: result.accuracy,
                                       epochsRun: result.epochsRun, dataFingerprint: DataFingerprint.of([x, y, heldOut?.x, heldOut?.y]),
                                       dataDescription: dataDescription(x: x, y: y, heldOut: heldOut), lossName: network.loss.rawValue))
        }
        // The training is kept even if its picture cannot be drawn (ŷ overflowing on the plane).
        var picture: JSONValue? = nil
        do {
            picture = try boundaryAfterTraining(statement, live: live, network: network, x: x, y: y, epochs: result.epochsRun)
        } catch {
            emit(.stream(.stderr, "warning: the decision boundary could not be drawn: \((error as? LanguageError)?.message ?? "\(error)")\n"))
        }
        if let history, let failure = history.commit() {
            emit(.stream(.stderr, "warning: the history file \"\(statement.history?.value ?? history.path)\" could not be written: \(failure.reason)\n"))
        }
        let bundle = TrainRenderer.result(result, curve: curve, options: options, classes: state.data?.classes,
                                          history: statement.history.map { "\"\($0.value)\"" }, format: format,
                                          scale: statement.scale?.value, curves: curves)
        if interrupted {
            emit(.display(bundle, displayID: nil))
            if let picture { emit(.display(picture, displayID: nil)) }
            keepsStateOnError = true
            let steps = result.stepsRun
            // No source position: nothing in the cell is wrong.
            throw StatementFailure.interruption(
                "training interrupted at epoch \(result.epochsRun) of \(options.epochs); "
                + "the parameters after step \(steps) are kept")
        }
        return [bundle] + (picture.map { [$0] } ?? [])
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
