/// How crowded a place is, in the four words a visitor reads on the sign.
public enum CongestionLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low
    case moderate
    case high
    case veryHigh

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    public var rank: Int {
        switch self {
        case .low: 0
        case .moderate: 1
        case .high: 2
        case .veryHigh: 3
        }
    }

    /// The level's words in each language (空いている / やや混雑 / 混雑 / 大変混雑).
    public var label: LocalizedText {
        switch self {
        case .low: LocalizedText(ja: "空いている", en: "Not crowded", zhHans: "空闲", zhHant: "空閒", ko: "여유")
        case .moderate: LocalizedText(ja: "やや混雑", en: "Somewhat crowded", zhHans: "稍拥挤", zhHant: "稍擁擠", ko: "약간 혼잡")
        case .high: LocalizedText(ja: "混雑", en: "Crowded", zhHans: "拥挤", zhHant: "擁擠", ko: "혼잡")
        case .veryHigh: LocalizedText(ja: "大変混雑", en: "Very crowded", zhHans: "非常拥挤", zhHant: "非常擁擠", ko: "매우 혼잡")
        }
    }
}

/// Occupancy ratios (count ÷ capacity) at which each level starts.
public struct CongestionThresholds: Sendable, Hashable, Codable {
    public var moderate: Double
    public var high: Double
    public var veryHigh: Double

    public init(moderate: Double = 0.5, high: Double = 0.75, veryHigh: Double = 0.9) {
        self.moderate = moderate
        self.high = high
        self.veryHigh = veryHigh
    }

    public func level(occupancy: Double) -> CongestionLevel {
        if occupancy >= veryHigh { return .veryHigh }
        if occupancy >= high { return .high }
        if occupancy >= moderate { return .moderate }
        return .low
    }
}
