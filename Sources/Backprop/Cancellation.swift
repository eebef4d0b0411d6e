/// A stop request the long engine loops poll without taking a `shouldStop` parameter.
///
/// `forward`, `backward`, `step` and `gradientCheck` are called from many places (the
/// interpreter, gradcheck's probes, training's final pass); threading a closure through every
/// signature would touch them all. Instead the caller binds a check for the duration of one
/// statement (`Cancellation.whileRunning`), and the per-layer and per-parameter loops call
/// `Cancellation.check()`, which throws `BackpropError.interrupted` once the check says stop.
/// Unbound (the default, and in every engine test), `check()` does nothing.
public struct Cancellation: Sendable {
    public let shouldStop: @Sendable () -> Bool

    public init(_ shouldStop: @escaping @Sendable () -> Bool) { self.shouldStop = shouldStop }

    @TaskLocal static var current: Cancellation?

    /// Runs `body` with `shouldStop` polled by the engine loops it calls (on this thread).
    public static func whileRunning<T>(_ cancellation: Cancellation?, _ body: () throws -> T) rethrows -> T {
        try $current.withValue(cancellation, operation: body)
    }

    /// Throws `BackpropError.interrupted` when the bound check asks to stop.
    @inline(__always)
    public static func check() throws(BackpropError) {
        if let current, current.shouldStop() { throw BackpropError.interrupted }
    }

    /// Whether the bound check asks to stop (for loops that cannot throw).
    public static var isRequested: Bool { current?.shouldStop() ?? false }
}
