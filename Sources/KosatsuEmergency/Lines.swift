public import KosatsuData

/// A text in the five languages of a sign. KosatsuAlerts has a `LocalizedText` of its own (one
/// language of a CAP message), so this module names the snapshot's one `Lines`.
public typealias Lines = KosatsuData.LocalizedText

extension KosatsuData.LocalizedText {
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
