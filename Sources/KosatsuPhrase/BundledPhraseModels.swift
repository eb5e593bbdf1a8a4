extension PhraseModel {
    /// The languages with a model built into Kosatsu (`Models/`, BudouX 0.10.1, Apache-2.0).
    public enum BundledLanguage: String, Sendable, CaseIterable {
        case japanese = "ja"
        case simplifiedChinese = "zh-Hans"
        case traditionalChinese = "zh-Hant"

        /// The model for a BCP 47 tag: `ja…` Japanese; `zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO` Traditional
        /// Chinese; any other `zh…` Simplified Chinese; nil for every other language (no phrases: Korean
        /// keeps its words whole by spaces, Latin text breaks at spaces anyway).
        public init?(tag: String) {
            let lower = tag.lowercased()
            if lower == "ja" || lower.hasPrefix("ja-") {
                self = .japanese
            } else if lower == "zh" || lower.hasPrefix("zh-") {
                let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"].contains { lower.hasPrefix($0) }
                self = traditional ? .traditionalChinese : .simplifiedChinese
            } else {
                return nil
            }
        }

        var json: [UInt8] {
            switch self {
            case .japanese: PackageResources.ja_json
            case .simplifiedChinese: PackageResources.zh_hans_json
            case .traditionalChinese: PackageResources.zh_hant_json
            }
        }
    }

    /// Reads the built-in model for the language tag (`ja`, `zh-Hans`, `zh-TW`…); nil when the
    /// language has none. Each call parses the model again (about a millisecond): keep the value.
    public static func bundled(for tag: String) -> PhraseModel? {
        guard let language = BundledLanguage(tag: tag) else { return nil }
        return bundled(language)
    }

    /// Reads a built-in model. The files are checked by the tests, so this does not fail.
    public static func bundled(_ language: BundledLanguage) -> PhraseModel? {
        try? PhraseModel(json: language.json)
    }
}
