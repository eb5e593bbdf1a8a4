import Foundation

/// Which way a figure is good, and which statistic its target is checked against.
struct Target {
    enum Direction: String, Encodable {
        case atMost = "<="
        case atLeast = ">="
    }
    enum Statistic: String, Encodable {
        case median
        case p99
    }

    var value: Double
    var direction: Direction
    var statistic: Statistic

    static func median(atMost value: Double) -> Target { Target(value: value, direction: .atMost, statistic: .median) }
    static func p99(atMost value: Double) -> Target { Target(value: value, direction: .atMost, statistic: .p99) }
    static func median(atLeast value: Double) -> Target {
        Target(value: value, direction: .atLeast, statistic: .median)
    }

    func isMet(by result: BenchmarkResult) -> Bool {
        let figure = statistic == .median ? result.median : result.p99
        return direction == .atMost ? figure <= value : figure >= value
    }
}

/// One named measurement: `prepare` runs once (untimed) and returns the body that is measured.
/// A timed benchmark's body returns nothing and is timed on the continuous clock (unit ms); a
/// rate benchmark's body returns its own figure per run (characters per second, a speed-up).
struct Benchmark {
    var name: String
    var unit: String
    var target: Target?
    var iterations: Int
    var warmUp: Int
    var prepare: () throws -> () throws -> Double?

    /// A timed benchmark: each iteration of the body is one sample in milliseconds.
    init(
        _ name: String, target: Target? = nil, iterations: Int = 200, warmUp: Int = 10,
        prepare: @escaping () throws -> () throws -> Void
    ) {
        self.name = name
        self.unit = "ms"
        self.target = target
        self.iterations = iterations
        self.warmUp = warmUp
        self.prepare = {
            let body = try prepare()
            return {
                try body()
                return nil
            }
        }
    }

    /// A rate benchmark: each run of the body reports its own sample in `unit`.
    init(
        _ name: String, unit: String, target: Target? = nil, iterations: Int, warmUp: Int = 1,
        measuring prepare: @escaping () throws -> () throws -> Double
    ) {
        self.name = name
        self.unit = unit
        self.target = target
        self.iterations = iterations
        self.warmUp = warmUp
        self.prepare = {
            let body = try prepare()
            return { try body() }
        }
    }

    /// Warms up, then collects `iterations` samples.
    func run() throws -> BenchmarkResult {
        let body = try prepare()
        for _ in 0..<warmUp { _ = try body() }
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let started = clock.now
            let reported = try body()
            samples.append(reported ?? BenchmarkResult.milliseconds(clock.now - started))
        }
        return BenchmarkResult(name: name, unit: unit, target: target, samples: samples)
    }
}

/// The samples of one benchmark and their summary, in the benchmark's unit.
struct BenchmarkResult: Encodable {
    var name: String
    var unit: String
    var iterations: Int
    var median: Double
    var p99: Double
    var min: Double
    var max: Double
    var target: Double?
    /// `<=` or `>=`: how the target's statistic must compare with the target.
    var targetDirection: String?
    /// `median` or `p99`: which statistic the target applies to.
    var targetStatistic: String?
    var meetsTarget: Bool?

    init(name: String, unit: String, target: Target?, samples: [Double]) {
        let sorted = samples.sorted()
        self.name = name
        self.unit = unit
        iterations = sorted.count
        median = Self.percentile(sorted, 0.5)
        p99 = Self.percentile(sorted, 0.99)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        self.target = target?.value
        targetDirection = target?.direction.rawValue
        targetStatistic = target?.statistic.rawValue
        meetsTarget = target?.isMet(by: self)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    /// One row of the printed table.
    var line: String {
        func figure(_ value: Double) -> String {
            let text = value >= 10_000 ? String(format: "%.0f", value) : String(format: "%.3f", value)
            return text.count < 11 ? String(repeating: " ", count: 11 - text.count) + text : text
        }
        var row =
            name.padding(toLength: 40, withPad: " ", startingAt: 0)
            + " \(figure(median)) \(figure(p99)) \(figure(min)) \(figure(max))  "
            + unit.padding(toLength: 10, withPad: " ", startingAt: 0)
        if let target, let targetDirection, let targetStatistic, let meetsTarget {
            let value = target >= 10_000 ? String(format: "%.0f", target) : String(format: "%g", target)
            row += " \(targetStatistic) \(targetDirection) \(value)  \(meetsTarget ? "ok" : "MISSED")"
        }
        return row
    }

    static var header: String {
        "benchmark".padding(toLength: 40, withPad: " ", startingAt: 0)
            + "      median         p99         min         max  unit       target"
    }
}
