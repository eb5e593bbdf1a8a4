import Foundation
import KosatsuData
import Testing

@testable import KosatsuDaemon

/// The demo sign reads as a day in progress from its first minute, not as an empty chart.
struct DemoDataSourceTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Layouts/samples/odawara.json").path

    @Test func theSampleDayFillsTheHoursAroundTheSignsOwnCounts() {
        let hour: TimeInterval = 3600
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let day = (0..<6).map {
            CountSample(at: start.addingTimeInterval(Double($0) * hour), count: 100 * $0, isForecast: $0 >= 4)
        }
        let now = start.addingTimeInterval(2.5 * hour)
        let filled = DemoDataSource.dayAround([CountSample(at: now, count: 777)], from: day, shift: 0, at: now)
        #expect(filled.map(\.count) == [0, 100, 200, 777, 300, 400, 500])
        #expect(filled.map(\.isForecast) == [false, false, false, false, true, true, true])
    }

    @Test func aFreshDemoSnapshotGetsTodaysChart() throws {
        let sample = try SnapshotFile.load(Self.samples)
        let spot = try #require(sample.spots.first)
        try #require(spot.history.count > 4)
        // 10:30 in Tokyo on another day: the platform has counted nothing yet.
        let now = try #require(ISO8601.parse("2026-12-07T10:30:00+09:00"))
        var live = spot
        live.history = []
        live.observedAt = now
        var snapshot = sample
        snapshot.spots = [live]
        let enriched = DemoDataSource.enrich(snapshot, with: sample, at: now)
        let history = try #require(enriched.spots.first?.history)
        #expect(history.count == spot.history.count)
        let today = SignTimeZone.tokyo.startOfDay(for: now)
        #expect(history.allSatisfy { SignTimeZone.tokyo.startOfDay(for: $0.at) == today })
        #expect(history.allSatisfy { $0.isForecast == ($0.at > now) })
    }
}
