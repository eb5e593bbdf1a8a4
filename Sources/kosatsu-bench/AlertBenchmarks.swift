import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import KosatsuLayout
import KosatsuRender
import KosatsuScene

/// Benchmarks of the emergency path, as public functions so any harness (`make bench`,
/// `kosatsu-alert-bench`) can run them.
enum AlertBenchmarks {
    /// The push-to-frame time, `samples` times: an alert body arrives at `POST /alerts` (token
    /// check, parse), goes to a fresh board for `area`, through the bridge into the snapshot, picks
    /// its emergency page in `layouts`, is laid out and rendered into a 1920×1080 canvas.
    ///
    /// The renderer is made once beforehand, as the daemon keeps one; one warm-up run is not counted.
    /// - Throws: when the body is refused, does not take over the sign, no layout has a page for
    ///   it, or rendering fails.
    static func pushToFrame(
        body: Data, area: SignArea, layouts: [Layout], fontDirectory: String?, at now: Date, samples: Int
    ) throws -> [Duration] {
        let token = "benchmark-token"
        let endpoint = AlertPushEndpoint(token: token)
        let request = PushRequest(
            method: "POST", path: AlertPushEndpoint.path,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/xml"], body: body,
            remote: "127.0.0.1")
        let renderer = try SceneRenderer(fontDirectory: fontDirectory)
        let canvas = try Canvas(width: 1920, height: 1080)
        let output = Size(width: 1920, height: 1080)
        let clock = ContinuousClock()

        func once() throws {
            var board = AlertBoard(area: area, now: now)
            let response = endpoint.handle(request, board: &board, now: now)
            guard response.status == 202 else { throw BenchmarkError("the push endpoint answered \(response.status)") }
            let screen = EmergencyScreen(board)
            guard let place = screen.page(in: layouts) else {
                throw BenchmarkError("the alert does not take over a sign in this area, or no layout has its page")
            }
            let snapshot = Snapshot.empty.showing(board)
            let scene = layouts[place.layout].scene(
                page: place.page, snapshot: snapshot, at: now, language: .ja, output: output)
            try renderer.render(scene, into: canvas)
        }

        try once()
        var durations: [Duration] = []
        durations.reserveCapacity(samples)
        for _ in 0..<samples {
            durations.append(try clock.measure(once))
        }
        return durations
    }

    /// Reading `body` alone (`AlertReader.read`), `samples` times: the parse share of `pushToFrame`.
    static func parse(body: Data, samples: Int) throws -> [Duration] {
        let clock = ContinuousClock()
        return try (0..<samples).map { _ in
            try clock.measure { _ = try AlertReader.read(body, file: "benchmark") }
        }
    }

    /// The median and 99th percentile of some durations (nearest rank).
    static func summary(_ durations: [Duration]) -> (median: Duration, p99: Duration) {
        let sorted = durations.sorted()
        guard !sorted.isEmpty else { return (.zero, .zero) }
        func rank(_ fraction: Double) -> Duration {
            sorted[min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))]
        }
        return (rank(0.5), rank(0.99))
    }
}

/// Why a benchmark could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
