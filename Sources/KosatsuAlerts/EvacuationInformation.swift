import Foundation
public import KosatsuData

/// 避難情報: what a municipality issues for districts (内閣府「避難情報に関するガイドライン」, 2021), one
/// step of the 警戒レベル each. 避難勧告 no longer exists (it was folded into 避難指示 in 2021); a
/// system that still sends it is read as 避難指示.
public enum EvacuationLevel: Int, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// 警戒レベル3 高齢者等避難: those who need time to flee, and their helpers, leave; others prepare.
    case elderlyEvacuate = 3
    /// 警戒レベル4 避難指示: everyone in a dangerous place leaves.
    case evacuate = 4
    /// 警戒レベル5 緊急安全確保: disaster is imminent or happening; get to the safest place at hand.
    case emergencySafety = 5

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// 高齢者等避難 · 避難指示 · 緊急安全確保.
    public var japanese: String {
        switch self {
        case .elderlyEvacuate: "高齢者等避難"
        case .evacuate: "避難指示"
        case .emergencySafety: "緊急安全確保"
        }
    }

    /// The guideline's English name.
    public var english: String {
        switch self {
        case .elderlyEvacuate: "Evacuation of elderly people, etc."
        case .evacuate: "Evacuation instruction"
        case .emergencySafety: "Emergency safety measures"
        }
    }

    /// Where the level sits on the common scale: レベル5 with 特別警報, レベル4 with 危険警報, レベル3 with 警報.
    public var severity: AlertSeverity {
        switch self {
        case .elderlyEvacuate: .warning
        case .evacuate: .dangerWarning
        case .emergencySafety: .emergency
        }
    }

    /// Reads what a city's system writes: the words (緊急安全確保, 避難指示, 高齢者等避難, and the
    /// pre-2021 避難勧告 / 避難準備), 警戒レベル４, レベル4, a bare 3–5, or the guideline's English.
    public init?(words text: String) {
        self.init(text, levels: true)
    }

    /// Only the words (緊急安全確保, 避難指示, 高齢者等避難 …), never a bare level: for free text such
    /// as a CAP `event`, where 「危険警報（レベル４）」 is no 避難情報.
    public init?(kind text: String) {
        self.init(text, levels: false)
    }

    private init?(_ text: String, levels: Bool) {
        // Full-width digits to ASCII, spaces dropped.
        let folded = String(
            String.UnicodeScalarView(
                text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
                    if (0xFF10...0xFF19).contains(scalar.value) { return Unicode.Scalar(UInt8(scalar.value - 0xFEE0)) }
                    return scalar.properties.isWhitespace ? nil : scalar
                })
        ).lowercased()
        if folded.contains("緊急安全確保") || folded.contains("emergencysafety") || levels && folded.contains("レベル5") {
            self = .emergencySafety
        } else if folded.contains("避難指示") || folded.contains("避難勧告") || folded.contains("evacuationinstruction")
            || folded.contains("evacuationorder") || levels && folded.contains("レベル4")
        {
            self = .evacuate
        } else if folded.contains("高齢者等避難") || folded.contains("避難準備") || folded.contains("elderly")
            || levels && folded.contains("レベル3")
        {
            self = .elderlyEvacuate
        } else if levels, let number = Int(folded), let level = Self(rawValue: number) {
            self = level
        } else {
            return nil
        }
    }
}

/// What a 避難情報 says beyond the common alert: its level, the districts it names, and the hazards
/// it is issued for (which decide the shelters a screen points to).
public struct EvacuationDetails: Hashable, Sendable, Codable {
    public var level: EvacuationLevel
    /// 対象地区 as the city names them (早川、石橋、米神).
    public var districts: [String]
    /// What people flee from (土砂災害, 洪水 …); empty when the city does not say.
    public var hazards: [ShelterHazard]
    /// Who issued it (小田原市).
    public var issuer: String?

    public init(level: EvacuationLevel, districts: [String], hazards: [ShelterHazard], issuer: String? = nil) {
        self.level = level
        self.districts = districts
        self.hazards = hazards
        self.issuer = issuer
    }

    /// The hazards named in `text`: `flood`, `landslide`, `storm-surge` … or 洪水, 土砂災害, 崖崩れ,
    /// 高潮, 地震, 津波, 火事/火災, 内水氾濫/浸水, 火山/噴火; anything else names none.
    public static func hazards(in text: String) -> [ShelterHazard] {
        let lower = text.lowercased()
        // 内水氾濫 and inland-flood are not a river's 洪水.
        var rivers = lower
        for inland in ["inland-flood", "inland flood", "内水氾濫"] {
            rivers = rivers.replacingOccurrences(of: inland, with: "")
        }
        let words: [(ShelterHazard, [String], String)] = [
            (.flood, ["flood", "洪水", "氾濫"], rivers),
            (.landslide, ["landslide", "土砂", "崖崩れ", "がけ崩れ", "土石流", "地滑り", "地すべり"], lower),
            (.stormSurge, ["storm-surge", "storm surge", "高潮"], lower),
            (.earthquake, ["earthquake", "地震"], lower),
            (.tsunami, ["tsunami", "津波"], lower),
            (.fire, ["fire", "火事", "火災"], lower),
            (.inlandFlood, ["inland-flood", "inland flood", "内水", "浸水"], lower),
            (.volcano, ["volcan", "火山", "噴火"], lower),
        ]
        return words.filter { _, names, text in names.contains(where: text.contains) }.map(\.0)
    }

    /// 対象地区 written as a list, or as one text separated by 、 , ・ or spaces.
    public static func districts(in text: String) -> [String] {
        text.split(whereSeparator: { "、,，・/／\n".contains($0) }).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }
}

extension AreaCodeFamily {
    /// The 全国地方公共団体コード as cities write it (5 digits, or 6 with the check digit) in JMA's
    /// 7-digit 市町村等 form (小田原市: 14206 / 142069 → 1420600), so a sign's `municipality:` code
    /// matches a city's own 避難情報; other text is returned unchanged.
    static func municipalityCode(_ text: String) -> String {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return digits }
        switch digits.count {
        case 5, 6: return String(digits.prefix(5)) + "00"
        default: return digits
        }
    }
}
