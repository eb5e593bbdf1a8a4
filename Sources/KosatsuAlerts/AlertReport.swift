public import Foundation
import KosatsuData

/// One alert as `kosatsu alert inspect` prints it: the normalized fields and whether it would take
/// over a sign in the given areas at the given time.
///
/// JSON keys: `id`, `source`, `status`, `kind`, `event`, `severity`, `areas`, `headline`, `issued`,
/// `expires` (null when none), `takeover`, `banner`, `reason` (why, in words) and `details` (what
/// the alert says beyond these, `AlertDetailsReport`); dates are ISO 8601 in UTC.
public struct AlertReport: Encodable, Hashable, Sendable {
    /// One area of the alert.
    public struct Area: Encodable, Hashable, Sendable {
        public var code: String
        public var name: String
        /// The code family (`municipality`, `tsunami-region`, `cap:SAME` …); null when unknown.
        public var family: String?
        /// Severity in this area; null when lifted (解除) there.
        public var severity: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(name, forKey: .name)
            try container.encode(family, forKey: .family)
            try container.encode(severity, forKey: .severity)
        }

        private enum CodingKeys: String, CodingKey { case code, name, family, severity }
    }

    public var id: String
    public var source: AlertSource
    public var status: AlertStatus
    public var kind: AlertKind
    public var event: String
    public var severity: AlertSeverity
    public var areas: [Area]
    public var headline: String
    public var issued: Date
    public var expires: Date?
    public var takeover: Bool
    /// Below the takeover threshold, yet mentioned in a banner on normal pages.
    public var banner: Bool
    /// Why it does or does not take over, in words.
    public var reason: String
    public var details: AlertDetailsReport

    /// Describes `alert` for a sign in `sign` at `now`.
    public init(_ alert: Alert, sign: SignArea, now: Date, policy: TakeoverPolicy = .standard) {
        id = alert.id
        source = alert.source
        status = alert.status
        kind = alert.kind
        event = alert.event
        severity = alert.severity
        areas = alert.areas.map {
            Area(code: $0.code, name: $0.name, family: $0.family?.rawValue, severity: $0.severity?.rawValue)
        }
        headline = alert.headline
        issued = alert.issued
        expires = alert.expires
        let decision = policy.decision(alert, at: sign, now: now)
        takeover = decision.takesOver
        banner = decision.showsBanner
        reason = decision.reason
        details = AlertDetailsReport(alert.details)
    }

    /// Reads `data` (JMA XML, CAP XML or NGSI JSON, detected from the content) and reports each alert.
    ///
    /// - Parameters:
    ///   - file: the name used in error messages.
    ///   - areas: the sign's area codes (`--area`); none means "anywhere", so `takeover` then says
    ///     whether the alert would take over a sign in any area it names.
    ///   - time: when to judge (`--at`); nil judges each alert at its own issue time.
    /// - Throws: `AlertInputError` when the data is not an alert (the CLI exits 1 with its description).
    public static func inspect(
        _ data: Data, file: String, areas: [AreaCode], at time: Date?, policy: TakeoverPolicy = .standard
    ) throws(AlertInputError) -> [AlertReport] {
        let sign = areas.isEmpty ? SignArea.anywhere : SignArea(codes: areas)
        return try inspect(data, file: file, sign: sign, at: time, policy: policy)
    }

    /// As `inspect(_:file:areas:at:policy:)`, for a sign described by codes and/or a position.
    public static func inspect(
        _ data: Data, file: String, sign: SignArea, at time: Date?, policy: TakeoverPolicy = .standard
    ) throws(AlertInputError) -> [AlertReport] {
        try AlertReader.read(data, file: file).map { alert in
            AlertReport(alert, sign: sign, now: time ?? alert.issued, policy: policy)
        }
    }

    /// The reports as the JSON array `alert inspect --json` prints (sorted keys, pretty printed).
    public static func json(_ reports: [AlertReport]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        return try encoder.encode(reports)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(status, forKey: .status)
        try container.encode(kind, forKey: .kind)
        try container.encode(event, forKey: .event)
        try container.encode(severity, forKey: .severity)
        try container.encode(areas, forKey: .areas)
        try container.encode(headline, forKey: .headline)
        try container.encode(issued, forKey: .issued)
        try container.encode(expires, forKey: .expires)  // null, not absent, when there is none
        try container.encode(takeover, forKey: .takeover)
        try container.encode(banner, forKey: .banner)
        try container.encode(reason, forKey: .reason)
        try container.encode(details, forKey: .details)
    }

    private enum CodingKeys: String, CodingKey {
        case id, source, status, kind, event, severity, areas, headline, issued, expires, takeover, banner, reason
        case details
    }
}
