import JSON

/// Live controls a front end can show (sliders, buttons), as the language asks for them.
/// BackpropLanguage knows nothing of Jupyter: the executable implements this with Jupyter
/// widgets (`WidgetControls`); `run` and the tests pass none, or a fake.
///
/// Threading: `onChange` and `onClick` run on whatever thread the front end's message
/// arrives on (a subshell while a cell runs), never inside `execute`'s state lock.
public protocol LiveControls: AnyObject, Sendable {
    /// Whether a front end that shows widgets is attached (a notebook with ipywidgets);
    /// false in jupyter console, nbclient, `run`. Nothing is sent while it is false.
    var isAvailable: Bool { get }
    /// Makes the controls and returns the panel, or nil when the front end refused them
    /// (too many open). `text` is the text/plain fallback of its view. A panel made with a
    /// `replacing` key closes the previous panel made with that key (one Stop button, not
    /// one per `train` ever run).
    func panel(sliders: [LiveSlider], buttons: [LiveButton], text: String, replacing key: String?) -> LivePanel?
}

/// A slider bound to one number.
public struct LiveSlider: Sendable {
    public var label: String
    public var value: Double
    public var min: Double
    public var max: Double
    public var step: Double
    /// Called with the slider's new value (after the front end's clamping).
    public var onChange: @Sendable (Double, LiveReply) -> Void

    public init(label: String, value: Double, min: Double, max: Double, step: Double,
                onChange: @escaping @Sendable (Double, LiveReply) -> Void) {
        self.label = label
        self.value = value
        self.min = min
        self.max = max
        self.step = step
        self.onChange = onChange
    }
}

/// A push button.
public struct LiveButton: Sendable {
    public var label: String
    public var onClick: @Sendable (LiveReply) -> Void

    public init(label: String, onClick: @escaping @Sendable (LiveReply) -> Void) {
        self.label = label
        self.onClick = onClick
    }
}

/// How a control's handler answers: output that belongs to the front end's message.
public protocol LiveReply: Sendable {
    /// Replaces the display `displayID` (update_display_data) with `bundle`.
    func updateDisplay(_ bundle: JSONValue, displayID: String)
}

/// Controls on show.
public protocol LivePanel: AnyObject, Sendable {
    /// The MIME bundle that shows the panel (the widget view, with the text fallback).
    var bundle: JSONValue { get }
    /// Moves slider `index` from the kernel side (the handler is not called).
    func setSlider(_ index: Int, to value: Double)
    /// Relabels button `index` and enables or disables it.
    func setButton(_ index: Int, label: String, enabled: Bool)
}
