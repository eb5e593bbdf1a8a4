/// Which code list an area code belongs to. JMA uses several, and the same digits can mean
/// different places in different lists (津波予報区 `300` is not 地震情報細分区域 `300`).
public struct AreaCodeFamily: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// 気象・地震・火山情報／市町村等 (7 digits, e.g. 小田原市 `1420600`); warnings and 震度 by city.
    public static let municipality = Self(rawValue: "municipality")
    /// 気象情報／府県予報区・細分区域等 (6 digits, e.g. 西湘 `140024`).
    public static let forecastArea = Self(rawValue: "forecast-area")
    /// 地震情報／細分区域 (e.g. 神奈川県西部 `351`); 震度速報 and 緊急地震速報 areas.
    public static let seismicArea = Self(rawValue: "seismic-area")
    /// 地震情報／都道府県等 (2 digits).
    public static let seismicPrefecture = Self(rawValue: "seismic-prefecture")
    /// 津波予報区 (e.g. 相模湾・三浦半島 `312`).
    public static let tsunamiRegion = Self(rawValue: "tsunami-region")
    /// 緊急地震速報／府県予報区 and 地方予報区 (4 digits).
    public static let earlyWarningRegion = Self(rawValue: "eew-region")
    /// Any other JMA code list, kept under its Japanese name.
    public static func jma(_ codeType: String) -> Self { Self(rawValue: "jma:" + codeType) }
    /// A CAP `geocode` list, by its `valueName` (e.g. `SAME`, `UGC`).
    public static func cap(_ valueName: String) -> Self { Self(rawValue: "cap:" + valueName) }

    /// The family for a JMA `codeType` attribute or `CodeDefine/Type` text.
    public init(jmaCodeType: String) {
        switch jmaCodeType {
        case "気象・地震・火山情報／市町村等": self = .municipality
        case "気象情報／府県予報区・細分区域等", "気象情報／府県予報区", "気象情報／一次細分区域等",
            "気象情報／市町村等をまとめた地域等":
            self = .forecastArea
        case "地震情報／細分区域", "震度速報／細分区域": self = .seismicArea
        case "地震情報／都道府県等": self = .seismicPrefecture
        case "津波予報区": self = .tsunamiRegion
        case "緊急地震速報／府県予報区", "緊急地震速報／地方予報区": self = .earlyWarningRegion
        default: self = .jma(jmaCodeType)
        }
    }
}

/// A configured area code, optionally tied to one code family.
///
/// Written on the command line and in configuration as `CODE` (any family) or `FAMILY:CODE`, e.g.
/// `1420600`, `municipality:1420600`, `tsunami-region:312`, `cap:SAME:006109`.
public struct AreaCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The family the code must come from; nil matches a code from any family.
    public var family: AreaCodeFamily?
    public var code: String

    public init(_ code: String, family: AreaCodeFamily? = nil) {
        self.code = code
        self.family = family
    }

    /// Reads `CODE` or `FAMILY:CODE`.
    public init(argument: String) {
        if let colon = argument.lastIndex(of: ":") {
            let family = String(argument[..<colon])
            self.init(String(argument[argument.index(after: colon)...]), family: AreaCodeFamily(rawValue: family))
        } else {
            self.init(argument)
        }
    }

    public var description: String {
        family.map { "\($0.rawValue):\(code)" } ?? code
    }
}
