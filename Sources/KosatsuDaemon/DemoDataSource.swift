import Foundation
import KosatsuAlerts
import KosatsuData
import Logging
import ServiceLifecycle

/// The embedded demo's extras: the city's notices and weather the simulator does not serve, and a
/// scripted drill alert a minute in (a drill never takes over; it shows a small banner at most).
struct DemoDataSource: Service {
    let state: SignState
    let sample: Snapshot
    let logger: Logger
    /// How long until the scripted drill (a minute on the demo sign).
    let drillAfter: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: drillAfter)
            guard !Task.isCancelled else { return }
            if let alerts = try? AlertReader.read(Data(Self.drill(at: Date()).utf8), file: "demo drill") {
                logger.info("demo: a scripted drill alert (訓練) arrives")
                await state.receive(alerts, at: Date())
            }
        }
        // A service that returns ends the whole group: stay until the sign shuts down.
        try? await gracefulShutdown()
    }

    /// The platform's spots with the sample's notices and weather, their dates moved to today so
    /// they read as current.
    static func enrich(_ snapshot: Snapshot, with sample: Snapshot, at time: Date = Date()) -> Snapshot {
        let zone = SignTimeZone.tokyo
        let sampleDay = sample.spots.first?.observedAt.map { zone.startOfDay(for: $0) } ?? zone.startOfDay(for: time)
        let shift = zone.startOfDay(for: time).timeIntervalSince(sampleDay)
        var enriched = snapshot
        enriched.notices = sample.notices.map { notice in
            var moved = notice
            moved.validFrom = notice.validFrom?.addingTimeInterval(shift)
            moved.validUntil = notice.validUntil?.addingTimeInterval(shift)
            return moved
        }
        enriched.weather = sample.weather
        enriched.weather?.observedAt = snapshot.sources.compactMap(\.lastSuccess).max() ?? time
        let samples = Dictionary(sample.spots.map { ($0.id, $0.history) }, uniquingKeysWith: { first, _ in first })
        for index in enriched.spots.indices {
            guard let day = samples[enriched.spots[index].id] else { continue }
            enriched.spots[index].history = dayAround(enriched.spots[index].history, from: day, shift: shift, at: time)
        }
        return enriched
    }

    /// A demo sign has counted only since it started: the sample's day, moved to today, fills the hours
    /// before its first count (counted) and after its last one (forecast), so the day's chart reads.
    static func dayAround(_ counted: [CountSample], from day: [CountSample], shift: TimeInterval, at time: Date)
        -> [CountSample]
    {
        let first = counted.map(\.at).min() ?? time
        let last = max(counted.map(\.at).max() ?? time, time)
        let moved = day.map { CountSample(at: $0.at.addingTimeInterval(shift), count: $0.count, isForecast: false) }
        let before = moved.filter { $0.at < first }
        let after = moved.filter { $0.at > last }.map { CountSample(at: $0.at, count: $0.count, isForecast: true) }
        return before + counted + after
    }

    /// A CAP 1.2 exercise for 小田原市, as a city's drill system would push it.
    static func drill(at time: Date) -> String {
        let sent = ISO8601.format(time)
        let expires = ISO8601.format(time.addingTimeInterval(600))
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>kosatsu-demo-drill-\(Int(time.timeIntervalSince1970))</identifier>
              <sender>demo@kosatsu.invalid</sender>
              <sent>\(sent)</sent>
              <status>Exercise</status>
              <msgType>Alert</msgType>
              <scope>Public</scope>
              <info>
                <language>ja-JP</language>
                <category>Geo</category>
                <event>地震（訓練）</event>
                <urgency>Immediate</urgency>
                <severity>Severe</severity>
                <certainty>Observed</certainty>
                <expires>\(expires)</expires>
                <headline>これは訓練です。地震が発生したという想定です。</headline>
                <area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area>
              </info>
            </alert>
            """
    }
}
