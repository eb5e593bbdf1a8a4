import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator

/// Measurements of the platform client's hot path, for `kosatsu-platform-bench` and `make bench`.
enum PlatformBenchmarks {
    /// Time to parse `pages` pages of `count` entities and map each entity to a `Spot` (JSON →
    /// entities → snapshot values): the work a poll does, page by page as the broker sends them
    /// (Orion sends at most 1000 entities a page).
    static func parseEntities(count: Int, pages: Int = 1) throws -> Duration {
        let page = SamplePage.crowdFlow(count: count)
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.spots = SpotMapping()
        let mapper = EntityMapper(config: config)
        let now = Date()
        let clock = ContinuousClock()
        var spots = 0
        let elapsed = try clock.measure {
            for _ in 0..<max(1, pages) {
                let entities = try NGSIEntity.list(bytes: page, format: .normalized)
                for entity in entities where mapper.spot(entity, now: now) != nil { spots += 1 }
            }
        }
        guard spots == count * max(1, pages) else {
            throw NGSIError(.badPayload, "benchmark mapped \(spots) of \(count * pages) entities")
        }
        return elapsed
    }

    /// Entities per second for a poll of `pages` pages of `pageSize` entities (best of `rounds`).
    static func entitiesPerSecond(pageSize: Int = 1000, pages: Int = 10, rounds: Int = 15) throws -> Double {
        var best = Duration.seconds(1_000_000)
        for _ in 0..<max(1, rounds) { best = min(best, try parseEntities(count: pageSize, pages: pages)) }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        return Double(pageSize * max(1, pages)) / seconds
    }
}
