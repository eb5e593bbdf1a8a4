public import Foundation
public import KosatsuData

/// What `kosatsu fetch` prints: the normalized snapshot as an operator checks it.
public struct FetchReport: Sendable, Codable {
    public struct SpotLine: Sendable, Codable {
        public var id: String
        public var name: LocalizedText
        public var peopleCount: Int?
        public var capacity: Int?
        /// low, moderate, high, veryHigh.
        public var level: CongestionLevel?
        public var observedAt: Date?
    }

    public var spots: [SpotLine]
    public var alerts: [AlertNotice]
    public var notices: [Notice]
    public var weather: Weather?
    public var sources: [SourceStatus]

    public init(snapshot: Snapshot) {
        spots = snapshot.spots.map {
            SpotLine(
                id: $0.id, name: $0.name, peopleCount: $0.peopleCount, capacity: $0.capacity, level: $0.level(),
                observedAt: $0.observedAt)
        }
        alerts = snapshot.alerts
        notices = snapshot.notices
        weather = snapshot.weather
        sources = snapshot.sources
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISO8601.encodingStrategy
        return try encoder.encode(self)
    }

    /// A plain table, one line per spot, alert and notice.
    public func text(timeZone: SignTimeZone = .tokyo) -> String {
        func time(_ date: Date?) -> String { date.map { ISO8601.format($0, in: timeZone, fraction: .never) } ?? "-" }
        var lines: [String] = []
        lines.append("spots (\(spots.count)):")
        for spot in spots {
            let count = spot.peopleCount.map(String.init) ?? "-"
            let capacity = spot.capacity.map(String.init) ?? "-"
            let level = spot.level.map { "\($0.rawValue) \($0.label.ja ?? "")" } ?? "-"
            lines.append(
                "  \(spot.id)  \(spot.name.text(for: .ja))  \(count)/\(capacity)  \(level)  observed \(time(spot.observedAt))"
            )
        }
        lines.append("alerts (\(alerts.count)):")
        for alert in alerts {
            lines.append(
                "  \(alert.id)  \(alert.event)  \(alert.level?.ja ?? "-")  \(alert.headline.text(for: .ja))  until \(time(alert.expires))"
            )
        }
        lines.append("notices (\(notices.count)):")
        for notice in notices {
            lines.append("  \(notice.id)  \(notice.title.text(for: .ja))")
        }
        if let weather {
            let temperature = weather.temperature.map { "\($0) °C" } ?? "-"
            lines.append(
                "weather: \(weather.condition?.ja ?? "-")  \(temperature)  observed \(time(weather.observedAt))")
        }
        lines.append("sources:")
        for source in sources {
            let error = source.lastError.map { "  last error: \($0)" } ?? ""
            lines.append("  \(source.name)  last success \(time(source.lastSuccess))\(error)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
