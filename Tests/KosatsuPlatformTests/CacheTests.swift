import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Testing

@Suite struct CacheTests {
    @Test func theLastGoodSnapshotSurvivesARestartWithTheBrokerDown() async throws {
        let directory = try temporaryDirectory()
        let clock = TestClock(ISO8601.parse("2026-11-23T11:00:00+09:00")!)
        var config: PlatformConfig?
        let saved: Snapshot = try await withSimulator(clock: clock) { simulator, url in
            var sign = spotConfig(url)
            sign.cacheDirectory = directory
            sign.timeout = .seconds(5)
            config = sign
            return try await withSource(sign, clock: clock) { source in
                try await source.poll()
                clock.advance(by: 900)
                await simulator.advance(to: clock.now())
                return try await source.poll()
            }
        }
        // The simulator is gone. A new process starts with the same config.
        let restarted = try #require(config)
        try await withSource(restarted, clock: clock) { source in
            #expect(await source.snapshot.spots.isEmpty)
            #expect(await source.loadCache())
            let cached = await source.snapshot
            #expect(cached == saved)
            #expect(cached.spots.count == 5)
            #expect(cached.spots[0].history.count == 2)
            #expect(await source.isFromCache)
            // Polling fails, the cached data stays, and the status says why.
            await #expect(throws: NGSIError.self) { try await source.poll() }
            let after = await source.snapshot
            #expect(after.spots == saved.spots)
            #expect(after.sources[0].lastSuccess == saved.sources[0].lastSuccess)
            #expect(after.sources[0].lastError != nil)
            #expect(after.sources[0].isStale(at: clock.now().addingTimeInterval(700), maximumAge: 600))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files == ["snapshot.json"])  // no temporary file left behind
    }

    @Test func writesReplaceTheFileWhole() throws {
        let directory = try temporaryDirectory()
        let cache = SnapshotCache(directory: directory + "/nested")
        #expect(cache.load() == nil)
        let first = Snapshot(spots: [Spot(id: "a", name: LocalizedText(ja: "一"), peopleCount: 1)])
        try cache.save(first)
        #expect(cache.load() == first)
        let second = Snapshot(spots: [Spot(id: "b", name: LocalizedText(ja: "二"), peopleCount: 2)])
        try cache.save(second)
        #expect(cache.load() == second)
        // A corrupt cache is no reason not to start.
        try Data("{".utf8).write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.load() == nil)
    }

    @Test func backoffGrowsWithJitterAndACap() {
        var backoff = Backoff(initial: .seconds(2), maximum: .seconds(60))
        let low = (0..<8).map { _ in backoff.nextDelay(random: 0) }
        #expect(low.map { $0.components.seconds } == [1, 2, 4, 8, 16, 30, 30, 30])
        backoff.reset()
        #expect(backoff.nextDelay(random: 1) == .seconds(2))
        #expect(backoff.nextDelay(random: 0.5) == .seconds(3))
    }
}
