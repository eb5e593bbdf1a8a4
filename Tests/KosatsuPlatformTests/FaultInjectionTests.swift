import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Logging
import Synchronization
import Testing

/// Faults from outside — a slow or dead broker, a cache file broken by a crash, a full disk, a kill
/// in the middle of a write — and what the sign keeps through each: nothing good is lost.
/// (500s, garbage and half pages from the broker: `PollTests.badAnswersNeverReplaceGoodData`.)
@Suite struct FaultInjectionTests {
    @Test func aSlowBrokerTimesOutAndTheOldDataStays() async throws {
        try await withSimulator(entities: crowdEntities(5)) { simulator, url in
            var config = spotConfig(url)
            // Room for a loaded CI machine to answer the first poll; far below the broker's delay.
            config.timeout = .seconds(4)
            try await withSource(config) { source in
                let good = try await source.poll()
                await simulator.inject(.slow(.seconds(120)))
                let started = ContinuousClock.now
                await #expect(throws: NGSIError.self) { try await source.poll() }
                #expect(ContinuousClock.now - started < .seconds(60), "a 120 s answer held the poll")
                let kept = await source.snapshot
                #expect(kept.spots == good.spots)
                #expect(kept.sources.first?.lastSuccess == good.sources.first?.lastSuccess)
                #expect(kept.sources.first?.lastError != nil)
            }
        }
    }

    @Test func aBrokerThatGoesDownLeavesTheLastGoodDataMarkedStale() async throws {
        let clock = TestClock()
        let simulator = NGSISimulator(entities: crowdEntities(5), logger: testLogger, now: clock.function)
        let port = try await simulator.start()
        var config = spotConfig(URL(string: "http://127.0.0.1:\(port)")!)
        config.timeout = .seconds(2)
        try await withSource(config, clock: clock) { source in
            let good = try await source.poll()
            await simulator.stop()
            clock.advance(by: 700)
            await #expect {
                try await source.poll()
            } throws: { ($0 as? NGSIError)?.code == .unreachable }
            let kept = await source.snapshot
            #expect(kept.spots == good.spots)
            let status = try #require(kept.sources.first)
            #expect(status.lastError != nil)
            #expect(status.isStale(at: clock.now(), maximumAge: 600))
        }
    }

    /// What a crash or a full disk can leave where the cache file should be.
    static let brokenCaches: [(String, Data)] = [
        ("empty", Data()),
        ("truncated", Data(#"{"spots":[{"id":"a","name":"一","peopleCount":1},{"id":"b","na"#.utf8)),
        ("binary", Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919) })),
        ("zeros after a crash", Data(count: 4096)),
        ("not a snapshot", Data(#"{"spots": 12}"#.utf8)),
    ]

    @Test(arguments: brokenCaches.map(\.0))
    func aBrokenCacheAtBootIsLoggedAndTheSignStartsWithout(name: String) async throws {
        let directory = try temporaryDirectory()
        let bytes = try #require(Self.brokenCaches.first { $0.0 == name }?.1)
        try bytes.write(to: URL(fileURLWithPath: directory + "/snapshot.json"))
        var config = spotConfig(URL(string: "http://127.0.0.1:9")!)
        config.cacheDirectory = directory
        let log = LogRecorder()
        let source = try PlatformSource(config: config, logger: log.logger)
        #expect(await source.loadCache() == false)
        #expect(await source.snapshot.spots.isEmpty)
        #expect(log.messages.contains { $0.contains("cache") && $0.contains(directory + "/snapshot.json") })
        await source.shutdown()
    }

    @Test func aFullDiskLeavesTheOldCacheWhole() throws {
        let directory = try temporaryDirectory()
        let cache = SnapshotCache(directory: directory)
        let old = Self.snapshot(tag: "old", spots: 3)
        try cache.save(old)
        // The next write's temporary file is /dev/full: every write fails with ENOSPC, as on a full disk.
        let temporary = cache.path + ".tmp-\(getpid())"
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: "/dev/full")
        #expect {
            try cache.save(Self.snapshot(tag: "new", spots: 3))
        } throws: { error in
            "\(error)".contains("write failed") && "\(error)".contains(String(cString: strerror(ENOSPC)))
        }
        #expect(cache.load() == old)
        #expect(!FileManager.default.fileExists(atPath: temporary))  // nothing half-written left behind
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["snapshot.json"])
    }

    @Test func aFullDiskWhilePollingKeepsTheNewDataInMemory() async throws {
        try await withSimulator(entities: crowdEntities(5)) { _, url in
            let directory = try temporaryDirectory()
            var config = spotConfig(url)
            config.cacheDirectory = directory
            let log = LogRecorder()
            let source = try PlatformSource(config: config, logger: log.logger)
            let cache = SnapshotCache(directory: directory)
            try FileManager.default.createSymbolicLink(
                atPath: cache.path + ".tmp-\(getpid())", withDestinationPath: "/dev/full")
            let fresh = try await source.poll()
            #expect(fresh.spots.count == 5)  // the sign shows the new data even if it cannot keep it
            #expect(log.messages.contains { $0.contains("cannot write the cache") })
            #expect(cache.load() == nil)
            await source.shutdown()
        }
    }

    /// A child process rewrites the cache as fast as it can and is SIGKILLed at a random moment;
    /// whatever moment it was, the cache that is left loads, whole, as one of the snapshots written.
    @Test func aKillWhileWritingLeavesACacheThatLoads() async throws {
        let directory = try temporaryDirectory()
        let cache = SnapshotCache(directory: directory)
        try cache.save(Self.snapshot(tag: "first", spots: 400))
        setenv("KOSATSU_TEST_KILLED_CACHE", directory, 1)
        for round in 0..<8 {
            await #expect(processExitsWith: .signal(SIGKILL), "round \(round)") {
                let directory = ProcessInfo.processInfo.environment["KOSATSU_TEST_KILLED_CACHE"] ?? "/nonexistent"
                let cache = SnapshotCache(directory: directory)
                let delay = Double.random(in: 0.001...0.08)
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: delay)
                    kill(getpid(), SIGKILL)
                }
                var written = 0
                while true {
                    try? cache.save(FaultInjectionTests.snapshot(tag: "round-\(written)", spots: 400))
                    written += 1
                }
            }
            let loaded = try #require(cache.load(), "round \(round): the cache does not load after the kill")
            #expect(loaded.spots.count == 400)
            #expect(Set(loaded.spots.map { $0.id.split(separator: "/").first ?? "" }).count == 1)
        }
        // The next write clears what the killed writers left half-done.
        try cache.save(Self.snapshot(tag: "after", spots: 1))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["snapshot.json"])
    }

    static func snapshot(tag: String, spots: Int) -> Snapshot {
        Snapshot(
            spots: (0..<spots).map { index in
                Spot(
                    id: "\(tag)/spot-\(index)", name: LocalizedText(ja: "観光スポット\(index)"),
                    peopleCount: index * 10)
            })
    }
}

/// Collects what a component logs, to check that a fault was reported (and a secret was not).
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "kosatsu.test.recorded") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append("\(event.level): \(event.message)")
        }
    }
}
