public import Foundation
internal import KosatsuData

/// What a sign says about itself on `PREFIX/ID/status` (retained, so whoever subscribes sees every
/// sign's last word at once), when it changes and every minute; the broker publishes `offline`
/// for it when it vanishes.
public struct SignStatus: Sendable, Hashable, Codable {
    /// `ok`; `degraded` (a source failing or stale, a layout rejected: it shows, but not all it
    /// should); `dark` (nothing reaches the panel: unplugged, or the loop is stuck); `offline`
    /// (the broker's last will, or a clean stop).
    public enum State: String, Sendable, Hashable, Codable {
        case ok, degraded, dark, offline
    }

    /// What is on screen: the playlist (`board`), an alert's takeover, the calm screen after it,
    /// or the splash (starting, or nothing to show).
    public enum Showing: String, Sendable, Hashable, Codable {
        case board, emergency, calm, splash
    }

    /// The alert that owns the screen.
    public struct Takeover: Sendable, Hashable, Codable {
        public var id: String
        public var event: String
        public var severity: String
        public var headline: String

        public init(id: String, event: String, severity: String, headline: String) {
            self.id = id
            self.event = event
            self.severity = severity
            self.headline = headline
        }
    }

    /// One data source's freshness.
    public struct Source: Sendable, Hashable, Codable {
        public var name: String
        public var lastSuccess: Date?
        public var ageSeconds: Double?
        public var lastError: String?

        public init(name: String, lastSuccess: Date? = nil, ageSeconds: Double? = nil, lastError: String? = nil) {
            self.name = name
            self.lastSuccess = lastSuccess
            self.ageSeconds = ageSeconds
            self.lastError = lastError
        }
    }

    /// The sign's id (its MQTT client id and topic segment).
    public var id: String
    /// Its human name.
    public var sign: String
    public var state: State
    public var showing: Showing?
    public var layout: String?
    /// 1-based.
    public var page: Int?
    public var takeover: Takeover?
    public var alertsInForce: Int?
    public var lastFrame: Date?
    public var sources: [Source]?
    /// Why the state is not `ok`, in words.
    public var problems: [String]?
    public var version: String?
    /// `drm 1920x1080`, `preview 320x180`…
    public var output: String?
    public var startedAt: Date?
    /// When this status was made (absent from the last will, which is written at connection).
    public var at: Date?

    public init(id: String, sign: String, state: State, at: Date?) {
        self.id = id
        self.sign = sign
        self.state = state
        self.at = at
    }

    /// The last will, and the farewell of a clean stop.
    public static func offline(id: String, sign: String, at: Date? = nil) -> SignStatus {
        SignStatus(id: id, sign: sign, state: .offline, at: at)
    }

    /// What makes a status worth publishing at once: not the clock, the page or the frame time
    /// (those go out with the minute's status), but what the city must see now.
    public var changeKey: [String] {
        [
            state.rawValue, showing?.rawValue ?? "", takeover?.id ?? "", String(alertsInForce ?? 0),
            (problems ?? []).joined(separator: "\n"),
        ]
    }

    /// The JSON published (keys sorted, ISO 8601 times).
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date, fraction: .always))
        }
        return (try? Array(encoder.encode(self))) ?? Array("{\"state\":\"\(state.rawValue)\"}".utf8)
    }

    /// Reads a published status (for tools and tests).
    public static func read(_ bytes: [UInt8]) throws -> SignStatus {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
        return try decoder.decode(SignStatus.self, from: Data(bytes))
    }
}
