/// A place people flee to: a 指定緊急避難場所 from the GSI list, or a shelter the city's data
/// platform publishes (with its 開設 state and crowding when the city reports them).
public struct Shelter: Sendable, Hashable, Codable, Identifiable {
    /// GSI 共通ID, the platform entity id, or the list's file and line.
    public var id: String
    public var name: LocalizedText
    public var address: String?
    public var position: GeoPoint
    /// The hazards the site is designated for; a flood site is not a tsunami site.
    public var hazards: [ShelterHazard]
    /// 開設 (open) or not, when the city publishes it; nil when unknown (the GSI list says nothing).
    public var isOpen: Bool?
    /// How crowded it is, when the city publishes it.
    public var congestion: CongestionLevel?

    public init(
        id: String, name: LocalizedText, address: String? = nil, position: GeoPoint, hazards: [ShelterHazard],
        isOpen: Bool? = nil, congestion: CongestionLevel? = nil
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.position = position
        self.hazards = ShelterHazard.allCases.filter(hazards.contains)
        self.isOpen = isOpen
        self.congestion = congestion
    }
}

/// The eight hazards a 指定緊急避難場所 is designated for (災害対策基本法施行令 and the GSI list's columns).
public enum ShelterHazard: String, Sendable, Hashable, Codable, CaseIterable {
    case flood
    case landslide
    case stormSurge = "storm-surge"
    case earthquake
    case tsunami
    case fire
    case inlandFlood = "inland-flood"
    case volcano

    /// The GSI list's column header.
    public var gsiColumn: String {
        switch self {
        case .flood: "洪水"
        case .landslide: "崖崩れ、土石流及び地滑り"
        case .stormSurge: "高潮"
        case .earthquake: "地震"
        case .tsunami: "津波"
        case .fire: "大規模な火事"
        case .inlandFlood: "内水氾濫"
        case .volcano: "火山現象"
        }
    }

    /// The hazard's short name in the sign's languages (for 「津波の避難場所」-style labels).
    public var words: LocalizedText {
        switch self {
        case .flood: LocalizedText(ja: "洪水", en: "Flood", zhHans: "洪水", zhHant: "洪水", ko: "홍수")
        case .landslide: LocalizedText(ja: "土砂災害", en: "Landslide", zhHans: "泥石流", zhHant: "土石流", ko: "토사 재해")
        case .stormSurge: LocalizedText(ja: "高潮", en: "Storm surge", zhHans: "风暴潮", zhHant: "暴潮", ko: "해일")
        case .earthquake: LocalizedText(ja: "地震", en: "Earthquake", zhHans: "地震", zhHant: "地震", ko: "지진")
        case .tsunami: LocalizedText(ja: "津波", en: "Tsunami", zhHans: "海啸", zhHant: "海嘯", ko: "쓰나미")
        case .fire: LocalizedText(ja: "大規模な火事", en: "Large fire", zhHans: "大规模火灾", zhHant: "大規模火災", ko: "대규모 화재")
        case .inlandFlood: LocalizedText(ja: "内水氾濫", en: "Inland flooding", zhHans: "内涝", zhHant: "內水氾濫", ko: "내수 범람")
        case .volcano: LocalizedText(ja: "火山現象", en: "Volcanic hazard", zhHans: "火山灾害", zhHant: "火山災害", ko: "화산 현상")
        }
    }
}

/// One nearby shelter as an emergency screen shows it: how far, which way, how long on foot.
public struct ShelterGuide: Sendable, Hashable, Codable {
    public var id: String
    public var name: LocalizedText
    public var address: String?
    /// Straight-line distance in metres (the way on foot is longer; the screen says so).
    public var distance: Int
    /// At 80 m a minute (the 不動産の表示に関する公正競争規約's walking pace), rounded up.
    public var walkingMinutes: Int
    /// Degrees clockwise from true north.
    public var bearing: Int
    /// Degrees clockwise from straight ahead for a person reading the sign (0 = up on the screen);
    /// nil when the sign's `facing` is not configured (then only the compass word is shown).
    public var relativeBearing: Int?
    public var hazards: [ShelterHazard]
    public var isOpen: Bool?
    public var congestion: CongestionLevel?

    public init(
        id: String, name: LocalizedText, address: String? = nil, distance: Int, walkingMinutes: Int, bearing: Int,
        relativeBearing: Int? = nil, hazards: [ShelterHazard], isOpen: Bool? = nil, congestion: CongestionLevel? = nil
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.distance = distance
        self.walkingMinutes = walkingMinutes
        self.bearing = bearing
        self.relativeBearing = relativeBearing
        self.hazards = hazards
        self.isOpen = isOpen
        self.congestion = congestion
    }

    /// The compass point of `bearing` in words: 北東 · northeast · 东北 · 東北 · 북동.
    public var compass: LocalizedText { CompassPoint(degrees: Double(bearing)).words }
}

/// The eight points of the compass, for 「北東へ 450 m」.
public enum CompassPoint: Int, Sendable, Hashable, CaseIterable {
    case north, northeast, east, southeast, south, southwest, west, northwest

    /// The nearest point to a bearing in degrees clockwise from north.
    public init(degrees: Double) {
        let normalised = (degrees.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        self = Self(rawValue: Int((normalised / 45).rounded()) % 8) ?? .north
    }

    public var words: LocalizedText {
        switch self {
        case .north: LocalizedText(ja: "北", en: "north", zhHans: "北", zhHant: "北", ko: "북")
        case .northeast: LocalizedText(ja: "北東", en: "northeast", zhHans: "东北", zhHant: "東北", ko: "북동")
        case .east: LocalizedText(ja: "東", en: "east", zhHans: "东", zhHant: "東", ko: "동")
        case .southeast: LocalizedText(ja: "南東", en: "southeast", zhHans: "东南", zhHant: "東南", ko: "남동")
        case .south: LocalizedText(ja: "南", en: "south", zhHans: "南", zhHant: "南", ko: "남")
        case .southwest: LocalizedText(ja: "南西", en: "southwest", zhHans: "西南", zhHant: "西南", ko: "남서")
        case .west: LocalizedText(ja: "西", en: "west", zhHans: "西", zhHant: "西", ko: "서")
        case .northwest: LocalizedText(ja: "北西", en: "northwest", zhHans: "西北", zhHant: "西北", ko: "북서")
        }
    }
}
