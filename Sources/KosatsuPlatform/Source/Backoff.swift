/// Retry delays after failures: exponential from `initial`, capped at `maximum`, with full
/// jitter so a city's signs do not retry in lock-step after the broker comes back.
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    private(set) var failures = 0

    public init(initial: Duration = .seconds(2), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next try after one more failure; `random` in 0…1 (injectable).
    public mutating func nextDelay(random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(failures, 20)
        failures += 1
        let ceiling = min(maximum.timeInterval, initial.timeInterval * Double(1 << exponent))
        // Half fixed, half random: never zero, never above the ceiling.
        let seconds = ceiling / 2 + ceiling / 2 * min(1, max(0, random))
        return .milliseconds(Int64(seconds * 1000))
    }

    public mutating func reset() {
        failures = 0
    }
}
