/// One ordered scale for every source, from "nothing to act on" to "act now to save lives".
///
/// | level | JMA | CAP | NGSI | 震度 |
/// | --- | --- | --- | --- | --- |
/// | `unknown` | | Unknown | (none) | |
/// | `information` | 情報, 予報, 津波予報 | | informational | 1–2 |
/// | `minor` | 緊急地震速報（予報） | Minor | low | 3 |
/// | `advisory` | 注意報 (レベル2), 津波注意報 | Moderate | medium | 4 |
/// | `warning` | 警報 (レベル3), 津波警報, 緊急地震速報（警報） | Severe | high | 5弱–5強 |
/// | `dangerWarning` | 危険警報 (レベル4), 土砂災害警戒情報 | | | |
/// | `emergency` | 特別警報 (レベル5), 大津波警報 | Extreme | critical | 6弱–7 |
///
/// Cases are declared from lowest to highest and compare in that order.
public enum AlertSeverity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case unknown
    case information
    case minor
    case advisory
    case warning
    case dangerWarning
    case emergency

    /// Position on the scale; 0 is `unknown`.
    public var rank: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The word a Japanese screen uses for this level.
    public var japanese: String {
        switch self {
        case .unknown: "情報"
        case .information: "情報"
        case .minor: "情報"
        case .advisory: "注意報"
        case .warning: "警報"
        case .dangerWarning: "危険警報"
        case .emergency: "特別警報"
        }
    }

    /// The word an English screen line uses for this level.
    public var english: String {
        switch self {
        case .unknown, .information, .minor: "Information"
        case .advisory: "Advisory"
        case .warning: "Warning"
        case .dangerWarning: "Danger warning"
        case .emergency: "Emergency warning"
        }
    }
}
