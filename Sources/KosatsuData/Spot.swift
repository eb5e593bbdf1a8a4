public import Foundation

/// A tourist spot or station area whose crowd a camera counts.
public struct Spot: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: LocalizedText
    public var peopleCount: Int?
    public var capacity: Int?
    /// The provider's own level; when absent it is derived from count and capacity.
    public var congestion: CongestionLevel?
    public var observedAt: Date?
    /// Counts over the day, oldest first; forecast samples are marked.
    public var history: [CountSample]

    public init(
        id: String, name: LocalizedText, peopleCount: Int? = nil, capacity: Int? = nil,
        congestion: CongestionLevel? = nil, observedAt: Date? = nil, history: [CountSample] = []
    ) {
        self.id = id
        self.name = name
        self.peopleCount = peopleCount
        self.capacity = capacity
        self.congestion = congestion
        self.observedAt = observedAt
        self.history = history
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(LocalizedText.self, forKey: .name)
        peopleCount = try c.decodeIfPresent(Int.self, forKey: .peopleCount)
        capacity = try c.decodeIfPresent(Int.self, forKey: .capacity)
        congestion = try c.decodeIfPresent(CongestionLevel.self, forKey: .congestion)
        observedAt = try c.decodeIfPresent(Date.self, forKey: .observedAt)
        history = try c.decodeIfPresent([CountSample].self, forKey: .history) ?? []
    }

    /// peopleCount ÷ capacity, when both are known and the capacity is positive.
    public var occupancy: Double? {
        guard let peopleCount, let capacity, capacity > 0 else { return nil }
        return max(0, Double(peopleCount)) / Double(capacity)
    }

    /// The provider's level, else the level the thresholds give for the occupancy.
    public func level(thresholds: CongestionThresholds = CongestionThresholds()) -> CongestionLevel? {
        congestion ?? occupancy.map(thresholds.level(occupancy:))
    }
}

/// One count at one time; `count` is nil where the camera had no reading (a gap, not a zero).
public struct CountSample: Sendable, Hashable, Codable {
    public var at: Date
    public var count: Int?
    public var isForecast: Bool

    public init(at: Date, count: Int?, isForecast: Bool = false) {
        self.at = at
        self.count = count
        self.isForecast = isForecast
    }

    enum CodingKeys: String, CodingKey {
        case at, count
        case isForecast = "forecast"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode(Date.self, forKey: .at)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        isForecast = try c.decodeIfPresent(Bool.self, forKey: .isForecast) ?? false
    }
}
