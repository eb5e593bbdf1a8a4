public import Foundation

/// An alert in force, as an emergency screen shows it: what happened, where, what to do.
public struct AlertNotice: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// `earthquake`, `tsunami`, `rain`, `landslide`, or anything else for the generic screen.
    public var event: String
    /// Ordered words a person reads: e.g. 特別警報 / 警報 / 注意報, 震度6弱.
    public var level: LocalizedText?
    public var headline: LocalizedText
    /// What to do (高台へ避難してください).
    public var instruction: LocalizedText?
    public var areas: [String]
    public var issued: Date
    public var expires: Date?
    /// True for drills and tests: shown as a banner at most, never a takeover.
    public var isExercise: Bool

    public init(
        id: String, event: String, level: LocalizedText? = nil, headline: LocalizedText,
        instruction: LocalizedText? = nil, areas: [String] = [], issued: Date, expires: Date? = nil,
        isExercise: Bool = false
    ) {
        self.id = id
        self.event = event
        self.level = level
        self.headline = headline
        self.instruction = instruction
        self.areas = areas
        self.issued = issued
        self.expires = expires
        self.isExercise = isExercise
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        event = try c.decode(String.self, forKey: .event)
        level = try c.decodeIfPresent(LocalizedText.self, forKey: .level)
        headline = try c.decode(LocalizedText.self, forKey: .headline)
        instruction = try c.decodeIfPresent(LocalizedText.self, forKey: .instruction)
        areas = try c.decodeIfPresent([String].self, forKey: .areas) ?? []
        issued = try c.decode(Date.self, forKey: .issued)
        expires = try c.decodeIfPresent(Date.self, forKey: .expires)
        isExercise = try c.decodeIfPresent(Bool.self, forKey: .isExercise) ?? false
    }
}
