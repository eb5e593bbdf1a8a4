import Foundation

/// One named measurement: `prepare` runs once (untimed) and returns the body that is timed.
struct Benchmark {
    var name: String
    /// What the figure should stay under (the median), if there is a target.
    var target: Duration?
    var iterations: Int
    var warmUp: Int
    var prepare: () throws -> () throws -> Void

    init(
        _ name: String, target: Duration? = nil, iterations: Int = 200, warmUp: Int = 10,
        prepare: @escaping () throws -> () throws -> Void
    ) {
        self.name = name
        self.target = target
        self.iterations = iterations
        self.warmUp = warmUp
        self.prepare = prepare
    }

    /// Warms up, then times each iteration on the continuous clock.
    func run() throws -> BenchmarkResult {
        let body = try prepare()
        for _ in 0..<warmUp { try body() }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let started = clock.now
            try body()
            samples.append(clock.now - started)
        }
        return BenchmarkResult(name: name, target: target, samples: samples)
    }
}

/// The timings of one benchmark and their summary, in milliseconds.
struct BenchmarkResult: Encodable {
    var name: String
    var iterations: Int
    var medianMs: Double
    var p99Ms: Double
    var minMs: Double
    var maxMs: Double
    var targetMs: Double?
    var meetsTarget: Bool?

    init(name: String, target: Duration?, samples: [Duration]) {
        let sorted = samples.map(Self.milliseconds).sorted()
        self.name = name
        iterations = sorted.count
        medianMs = Self.percentile(sorted, 0.5)
        p99Ms = Self.percentile(sorted, 0.99)
        minMs = sorted.first ?? 0
        maxMs = sorted.last ?? 0
        targetMs = target.map(Self.milliseconds)
        meetsTarget = targetMs.map { medianMs <= $0 }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var line: String {
        func ms(_ value: Double) -> String { String(format: "%8.3f", value) }
        let verdict = meetsTarget.map { $0 ? "ok" : "OVER" } ?? ""
        let target = targetMs.map { "≤ " + String(format: "%.0f", $0) + " ms" } ?? ""
        return
            "\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) median \(ms(medianMs)) p99 \(ms(p99Ms)) min \(ms(minMs)) max \(ms(maxMs)) ms  \(target) \(verdict)"
    }
}
