import Backprop
import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// train's Stop button and live curve, and `step button`, with fake live controls.
@Suite struct LiveTrainStepTests {
    @Test func stopEndsTrainKeepingTheLastStepWithoutAnError() throws {
        let (session, controls) = SliderStatementTests.session(available: true)
        // A front end clicks Stop from another thread once the button is there.
        let clicker = Thread {
            let deadline = Date().addingTimeInterval(20)
            while controls.panels.isEmpty, Date() < deadline { usleep(1000) }
            usleep(200_000)
            // Without a button the test fails below; the interrupt still ends the run.
            if let stop = controls.panels.first?.buttons.first { stop.onClick(FakeReply()) } else { session.interrupt() }
        }
        clicker.start()
        let started = Date()
        let ran = run(session, "train epochs 100000000 eta 0.01")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(ran.error == nil)
        let panel = try #require(controls.panels.first)
        #expect(panel.buttons.map(\.label) == ["Stop"] && panel.key == "train")
        #expect(controls.relabels.withLock { $0.last.map { [$0.1] } } == ["Stopped"])
        let result = try #require(ran.object(kind: "train"))
        #expect(result["stopped"]?.stringValue == "interrupted")
        // The parameters of the last finished step are kept: w212 moved from 0.8.
        let w = run(session, "show w212").objects.first?["value"]?.doubleValue
        #expect(w != nil && w != 0.8)
        // The live progress carries the curve (an SVG picture in the HTML) with the same parts.
        let updates: [JSONValue] = ran.outputs.compactMap { if case let .updateDisplay(b, _) = $0 { b } else { nil } }
        #expect(updates.contains { $0[MIME.html]?.stringValue?.contains("data:image/svg+xml") == true })
        #expect(updates.allSatisfy { Set($0.objectValue?.map(\.key) ?? []) == [MIME.plain, MIME.html, MIME.json] })
    }

    @Test func theConsoleTrainHasNoButtonAndTodaysProgress() throws {
        let (session, controls) = SliderStatementTests.session(available: false)
        let ran = run(session, "train epochs 5")
        #expect(ran.error == nil && controls.panels.isEmpty)
        let updates: [JSONValue] = ran.outputs.compactMap { if case let .updateDisplay(b, _) = $0 { b } else { nil } }
        #expect(updates.allSatisfy { $0[MIME.html]?.stringValue?.contains("<img") != true })
    }

    @Test func eachStepClickIsOneStepAsTheStepStatementTakes() throws {
        let (session, controls) = SliderStatementTests.session(available: true)
        let ran = run(session, "step button eta 0.5")
        #expect(ran.error == nil)
        let button = try #require(controls.panels.first?.buttons.first)
        #expect(button.label == "Step")
        let reply = FakeReply()
        button.onClick(reply)
        button.onClick(reply)
        // The reference: two `step eta 0.5` in a session of its own; the fixture's step is eta 1.
        let reference = Session()
        _ = run(reference, workedExampleSetup)
        _ = run(reference, "step eta 0.5")
        let second = try #require(run(reference, "step eta 0.5").objects.first)
        let (bundle, id) = try #require(reply.updates.last)
        #expect(reply.updates.count == 2 && Set(reply.updates.map(\.1)).count == 1)
        #expect(ran.outputs.contains { if case .display(_, id?) = $0 { true } else { false } })
        #expect(bundle[MIME.json]?["steps"] == 2)
        #expect(bundle[MIME.json]?["view"]?.arrayValue?.first == second)
        #expect(run(session, "show W1").objects.first == run(reference, "show W1").objects.first)
        #expect(bundle[MIME.html]?.stringValue?.contains("data:image/svg+xml") == true)  // the graph
    }

    @Test func oneStepClickMatchesTheFixturesStep() throws {
        let (session, controls) = SliderStatementTests.session(available: true)
        _ = run(session, "step button")
        try #require(controls.panels.first?.buttons.first).onClick(FakeReply())
        let after = try LanguageFixtures.workedExample("squared_error").at("after_step", "w212")?.doubleValue
        expectClose(run(session, "show w212").objects.first?["value"]?.doubleValue, try #require(after), rel: 1e-12, "w212 after one click")
    }

    @Test func withoutWidgetsStepButtonSaysToRunStep() {
        let (session, controls) = SliderStatementTests.session(available: false)
        let ran = run(session, "step button")
        #expect(ran.bundles.last?[MIME.plain]?.stringValue?.contains("run `step` instead") == true)
        #expect(controls.panels.isEmpty)
        #expect(run(session, "show w212").objects.first?["value"]?.doubleValue == 0.8)
    }
}
