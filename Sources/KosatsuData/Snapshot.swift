import Foundation

/// Everything the city's data says at one moment: the value a layout binds to.
public struct Snapshot: Sendable, Hashable, Codable {
    public var spots: [Spot]
    public var notices: [Notice]
    public var weather: Weather?
    public var alerts: [AlertNotice]
    /// The 「解除されました」 screen: the alert that was lifted, reworded, while the calm screen lasts.
    public var calm: AlertNotice?
    public var sources: [SourceStatus]
    /// Shelters the city's data platform publishes (with 開設 state and crowding); nil when it
    /// publishes none. The GSI lists a sign is given are read apart from the snapshot.
    public var shelters: [Shelter]?

    public init(
        spots: [Spot] = [], notices: [Notice] = [], weather: Weather? = nil, alerts: [AlertNotice] = [],
        calm: AlertNotice? = nil, sources: [SourceStatus] = [], shelters: [Shelter]? = nil
    ) {
        self.spots = spots
        self.notices = notices
        self.weather = weather
        self.alerts = alerts
        self.calm = calm
        self.sources = sources
        self.shelters = shelters
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spots = try c.decodeIfPresent([Spot].self, forKey: .spots) ?? []
        notices = try c.decodeIfPresent([Notice].self, forKey: .notices) ?? []
        weather = try c.decodeIfPresent(Weather.self, forKey: .weather)
        alerts = try c.decodeIfPresent([AlertNotice].self, forKey: .alerts) ?? []
        calm = try c.decodeIfPresent(AlertNotice.self, forKey: .calm)
        sources = try c.decodeIfPresent([SourceStatus].self, forKey: .sources) ?? []
        shelters = try c.decodeIfPresent([Shelter].self, forKey: .shelters)
    }

    /// An empty snapshot: what a sign has before any data arrives.
    public static let empty = Snapshot()
}
