import Foundation
import KosatsuData
import KosatsuPlatform

/// Measurements of the platform client's hot path, for `kosatsu-platform-bench` and `make bench`.
enum PlatformBenchmarks {
    /// A page of `count` CrowdFlowObserved entities in NGSI-v2 normalized form, as Orion sends it.
    static func samplePage(count: Int) -> [UInt8] {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let entities: [JSONValue] = (0..<count).map { index in
            [
                "id": .string("urn:ngsi-ld:CrowdFlowObserved:spot-\(index)"), "type": "CrowdFlowObserved",
                "name": [
                    "type": "StructuredValue", "value": ["ja": .string("観光地\(index)"), "en": .string("Spot \(index)")],
                    "metadata": [:],
                ],
                "peopleCount": ["type": "Number", "value": .number(Double(index % 2000)), "metadata": [:]],
                "capacity": ["type": "Number", "value": 2000, "metadata": [:]],
                "congested": ["type": "Boolean", "value": .bool(index % 3 == 0), "metadata": [:]],
                "dateObserved": [
                    "type": "DateTime",
                    "value": .string(start.addingTimeInterval(Double(index)).formatted(.iso8601)), "metadata": [:],
                ],
                "location": [
                    "type": "geo:json", "value": ["type": "Point", "coordinates": [139.155, 35.256]], "metadata": [:],
                ],
            ]
        }
        return JSONWriter.data(.array(entities))
    }

    /// Time to parse `pages` pages of `count` entities and map each entity to a `Spot` (JSON →
    /// entities → snapshot values): the work a poll does, page by page as the broker sends them
    /// (Orion sends at most 1000 entities a page).
    static func parseEntities(count: Int, pages: Int = 1) throws -> Duration {
        let page = samplePage(count: count)
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
