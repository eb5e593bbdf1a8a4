import KosatsuData

extension LocalizedText {
    /// All five languages at once, in the order a sign rotates them.
    init(_ ja: String, _ en: String, _ zhHans: String, _ zhHant: String, _ ko: String) {
        self.init(ja: ja, en: en, zhHans: zhHans, zhHant: zhHant, ko: ko)
    }

    /// Each language's text passed through `transform`.
    func map(_ transform: (Language, String) -> String) -> Self {
        Self(
            ja: ja.map { transform(.ja, $0) }, en: en.map { transform(.en, $0) },
            zhHans: zhHans.map { transform(.zhHans, $0) }, zhHant: zhHant.map { transform(.zhHant, $0) },
            ko: ko.map { transform(.ko, $0) })
    }
}
