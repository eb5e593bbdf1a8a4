public import Foundation

/// An alert in force, as an emergency screen shows it: what happened, where, what to do.
public struct AlertNotice: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// `earthquake`, `tsunami`, `rain`, `landslide`, or anything else for the generic screen.
    public var event: String
    /// Ordered words a person reads: e.g. 特別警報 / 警報 / 注意報, 震度6弱.
    public var level: LocalizedText?
    /// Where `level` sits on the common scale, so a layout can give each level its own shape
    /// (the level is never shown by colour alone); nil when unknown.
    public var severity: NoticeSeverity?
    public var headline: LocalizedText
    /// What to do (高台へ避難してください).
    public var instruction: LocalizedText?
    /// The alert's own words (JMA Head/Headline, CAP headline), in the languages the source gave.
    public var detail: LocalizedText?
    /// Who issued it (気象庁, a CAP senderName).
    public var issuer: LocalizedText?
    public var areas: [String]
    public var issued: Date
    public var expires: Date?
    /// True for drills and tests: shown as a banner at most, never a takeover.
    public var isExercise: Bool
    /// The line normal pages show in a banner for an actual alert below the takeover threshold (an
    /// earthquake felt at the sign under its takeover 震度); nil for every other alert.
    public var banner: LocalizedText?
    /// The nearest open shelters designated for this alert's hazard, from where the sign stands;
    /// nil when the sign knows no shelters (or no position), empty when none is designated or near.
    public var shelters: [ShelterGuide]?

    public init(
        id: String, event: String, level: LocalizedText? = nil, severity: NoticeSeverity? = nil,
        headline: LocalizedText, instruction: LocalizedText? = nil, detail: LocalizedText? = nil,
        issuer: LocalizedText? = nil, areas: [String] = [], issued: Date, expires: Date? = nil,
        isExercise: Bool = false, banner: LocalizedText? = nil, shelters: [ShelterGuide]? = nil
    ) {
        self.id = id
        self.event = event
        self.level = level
        self.severity = severity
        self.headline = headline
        self.instruction = instruction
        self.detail = detail
        self.issuer = issuer
        self.areas = areas
        self.issued = issued
        self.expires = expires
        self.isExercise = isExercise
        self.banner = banner
        self.shelters = shelters
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        event = try c.decode(String.self, forKey: .event)
        level = try c.decodeIfPresent(LocalizedText.self, forKey: .level)
        severity = try c.decodeIfPresent(NoticeSeverity.self, forKey: .severity)
        headline = try c.decode(LocalizedText.self, forKey: .headline)
        instruction = try c.decodeIfPresent(LocalizedText.self, forKey: .instruction)
        detail = try c.decodeIfPresent(LocalizedText.self, forKey: .detail)
        issuer = try c.decodeIfPresent(LocalizedText.self, forKey: .issuer)
        areas = try c.decodeIfPresent([String].self, forKey: .areas) ?? []
        issued = try c.decode(Date.self, forKey: .issued)
        expires = try c.decodeIfPresent(Date.self, forKey: .expires)
        isExercise = try c.decodeIfPresent(Bool.self, forKey: .isExercise) ?? false
        banner = try c.decodeIfPresent(LocalizedText.self, forKey: .banner)
        shelters = try c.decodeIfPresent([ShelterGuide].self, forKey: .shelters)
    }
}

/// The level of an alert notice, from the mildest to the gravest (the Cabinet Office's 警戒レベル
/// order: 注意報 2, 警報 3, 危険警報 4, 特別警報 5).
public enum NoticeSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Information: nothing to act on yet.
    case information
    /// 注意報, 津波注意報, 震度4.
    case advisory
    /// 警報, 津波警報, 緊急地震速報, 震度5弱–5強.
    case warning
    /// 危険警報 (レベル4), 土砂災害警戒情報.
    case danger
    /// 特別警報 (レベル5), 大津波警報, 震度6弱–7.
    case emergency

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
