/// A text in up to five languages. Missing languages fall back to Japanese, then English.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var ja: String?
    public var en: String?
    public var zhHans: String?
    public var zhHant: String?
    public var ko: String?

    enum CodingKeys: String, CodingKey {
        case ja, en, ko
        case zhHans = "zh-Hans"
        case zhHant = "zh-Hant"
    }

    public init(ja: String? = nil, en: String? = nil, zhHans: String? = nil, zhHant: String? = nil, ko: String? = nil) {
        self.ja = ja
        self.en = en
        self.zhHans = zhHans
        self.zhHant = zhHant
        self.ko = ko
    }

    /// Accepts either an object of languages or a plain string (taken as Japanese).
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.init(ja: text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ja: try c.decodeIfPresent(String.self, forKey: .ja),
            en: try c.decodeIfPresent(String.self, forKey: .en),
            zhHans: try c.decodeIfPresent(String.self, forKey: .zhHans),
            zhHant: try c.decodeIfPresent(String.self, forKey: .zhHant),
            ko: try c.decodeIfPresent(String.self, forKey: .ko))
    }

    /// The text in exactly this language, if given.
    public subscript(language: Language) -> String? {
        switch language {
        case .ja: ja
        case .en: en
        case .zhHans: zhHans
        case .zhHant: zhHant
        case .ko: ko
        }
    }

    /// The text for `language`, else Japanese, else English, else empty.
    public func text(for language: Language) -> String {
        self[language] ?? ja ?? en ?? ""
    }
}
