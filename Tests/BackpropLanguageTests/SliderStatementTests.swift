import Backprop
import JSON
import Synchronization
import Testing
@testable import BackpropLanguage

/// Live controls that record what the language asked for, and let a test move a slider or
/// click a button as a front end would.
final class FakeControls: LiveControls, @unchecked Sendable {
    let available: Bool
    private let lock = Mutex<[(sliders: [LiveSlider], buttons: [LiveButton], key: String?)]>([])
    let moves = Mutex<[(Int, Double)]>([])
    let relabels = Mutex<[(Int, String, Bool)]>([])

    init(available: Bool) { self.available = available }

    var isAvailable: Bool { available }
    var panels: [(sliders: [LiveSlider], buttons: [LiveButton], key: String?)] { lock.withLock { $0 } }

    func panel(sliders: [LiveSlider], buttons: [LiveButton], text: String, replacing key: String?) -> LivePanel? {
        lock.withLock { $0.append((sliders, buttons, key)) }
        return FakePanel(owner: self, text: text)
    }
}

final class FakePanel: LivePanel, @unchecked Sendable {
    let owner: FakeControls
    let bundle: JSONValue
    init(owner: FakeControls, text: String) {
        self.owner = owner
        self.bundle = ["text/plain": .string(text), "application/vnd.jupyter.widget-view+json": ["model_id": "fake"]]
    }
    func setSlider(_ index: Int, to value: Double) { owner.moves.withLock { $0.append((index, value)) } }
    func setButton(_ index: Int, label: String, enabled: Bool) { owner.relabels.withLock { $0.append((index, label, enabled)) } }
}

/// What a handler sent back.
final class FakeReply: LiveReply, @unchecked Sendable {
    private let lock = Mutex<[(JSONValue, String)]>([])
    var updates: [(JSONValue, String)] { lock.withLock { $0 } }
    func updateDisplay(_ bundle: JSONValue, displayID: String) { lock.withLock { $0.append((bundle, displayID)) } }
}

@Suite struct SliderStatementTests {
    static func session(available: Bool) -> (Session, FakeControls) {
        let session = Session()
        let controls = FakeControls(available: available)
        session.controls = controls
        _ = run(session, workedExampleSetup)
        return (session, controls)
    }

    /// The display id of the live view (the display after the panel).
    static func viewID(_ ran: Ran) -> String? {
        for case let .display(_, id?) in ran.outputs { return id }
        return nil
    }

    @Test func withoutWidgetsItSaysToAssignAndMakesNoControls() throws {
        let (session, controls) = Self.session(available: false)
        let ran = run(session, "slider w212 from -1 to 1")
        #expect(ran.error == nil)
        let text = try #require(ran.bundles.last?[MIME.plain]?.stringValue)
        #expect(text.contains("sliders need a notebook front end") && text.contains("`w212 = …`"))
        #expect(controls.panels.isEmpty)
        // No controls at all (`run`): the same answer.
        let plain = Session()
        _ = run(plain, workedExampleSetup)
        #expect(run(plain, "slider w212").bundles.last?[MIME.plain]?.stringValue?.contains("notebook front end") == true)
    }

    @Test func theFirstViewHasTheWorkedExamplesLoss() throws {
        let (session, controls) = Self.session(available: true)
        let ran = run(session, "slider w212 w131 from -1 to 1 step 0.05")
        #expect(ran.error == nil)
        let panel = try #require(controls.panels.first)
        #expect(panel.sliders.map(\.label) == ["w212", "w131"])
        #expect(panel.sliders.map(\.value) == [0.8, -0.3] && panel.sliders[0].step == 0.05)
        let views: [JSONValue] = ran.outputs.compactMap { if case let .display(b, _?) = $0 { b } else { nil } }
        let view = try #require(views.first)
        let want = try LanguageFixtures.workedExample("squared_error").at("forward", "loss")?.doubleValue
        expectClose(view[MIME.json]?["loss"]?.doubleValue, try #require(want), rel: 1e-12, "the view's loss")
        #expect(Set(view.objectValue?.map(\.key) ?? []) == [MIME.plain, MIME.html, MIME.json])
    }

    @Test func movingASliderSetsTheParameterAsAnAssignmentWould() throws {
        let (session, controls) = Self.session(available: true)
        let ran = run(session, "slider w212 from -1 to 1 explain w212")
        let id = try #require(Self.viewID(ran))
        let slider = try #require(controls.panels.first?.sliders.first)
        let reply = FakeReply()
        slider.onChange(0.25, reply)
        let (bundle, updatedID) = try #require(reply.updates.first)
        #expect(updatedID == id)
        // The same numbers as assigning in a cell: a second session does it the usual way.
        let reference = Session()
        _ = run(reference, workedExampleSetup + "\nw212 = 0.25")
        let forward = try #require(run(reference, "forward").object(kind: "forward"))
        #expect(bundle[MIME.json]?["loss"]?.doubleValue == forward["loss"]?.doubleValue)
        let explained = try #require(run(reference, "explain w212").objects.first)
        #expect(bundle[MIME.json]?["view"]?.arrayValue?.first == explained)
        #expect(run(session, "show w212").objects.first?["value"]?.doubleValue == 0.25)
        #expect(run(session, "show w212").objects.first == run(reference, "show w212").objects.first)
        #expect(bundle[MIME.html]?.stringValue?.contains("data-loss=\"\(forward["loss"]?.doubleValue ?? .nan)\"") == true)
    }

    @Test func aMoveWhileTrainRunsChangesNothingAndSnapsBack() throws {
        let (session, controls) = Self.session(available: true)
        _ = run(session, "slider w212 backward")
        let slider = try #require(controls.panels.first?.sliders.first)
        let reply = FakeReply()
        session.store.runningLong { slider.onChange(0.1, reply) }
        #expect(reply.updates.first?.0[MIME.plain]?.stringValue?.contains("train is running") == true)
        #expect(controls.moves.withLock { $0.map(\.1) } == [0.8])
        #expect(run(session, "show w212").objects.first?["value"]?.doubleValue == 0.8)
    }

    @Test func badSlidersAreClearErrorsThatChangeNothing() {
        let (session, controls) = Self.session(available: true)
        for (cell, words) in [
            ("slider W2", "a slider moves one weight or bias: W2 is layer 2's weight matrix; give each entry its own slider"),
            ("slider", "at least one"),
            ("slider w212 from 1 to -1", "must be below"),
            ("slider w212 step 5", "wider than the range"),
            ("slider w999", "w999"),
            ("slider w212 explain w131 backward", "not both"),
            ("slider w212 from inf", "from"),
        ] {
            let ran = runExpectingError(session, cell)
            #expect(ran.error?.message.contains(words) == true, "\(cell): \(ran.error?.message ?? "no error")")
        }
        #expect(controls.panels.isEmpty)
    }

    @Test func aMoveAfterANewNetSaysToRunSliderAgain() throws {
        let (session, controls) = Self.session(available: true)
        _ = run(session, "slider w212")
        _ = run(session, "net 2 -> 1 sigmoid")
        let reply = FakeReply()
        try #require(controls.panels.first?.sliders.first).onChange(0.5, reply)
        #expect(reply.updates.first?.0[MIME.plain]?.stringValue?.contains("run slider again") == true)
    }
}
