/// The languages a sign speaks to visitors.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case ja
    case en
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"
    case ko
}
