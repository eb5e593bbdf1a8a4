import KosatsuLineBreak
import Testing

/// Every character of the JLReq classes in `docs/JAPANESE-TEXT.md`, at every strictness, set between
/// two ideographs the way the web-platform-tests `css-text-line-break-ja-*` set them: 文X字.
/// Offset 1 is a break before X, 2 a break after it, 3 the end of text.
struct JLReqClassTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var characters: String
        var uax14: [Int]
        var strict: [Int]
        var normal: [Int]
        var loose: [Int]

        var testDescription: String { "\(name) \(characters)" }

        func expected(_ strictness: LineBreakStrictness) -> [Int] {
            switch strictness {
            case .uax14: uax14
            // Without a phrase model (as here) phrase mode is strict.
            case .strict, .phrase: strict
            case .normal: normal
            case .loose: loose
            }
        }
    }

    static let both = [1, 2, 3]
    static let notBefore = [2, 3]
    static let notAfter = [1, 3]
    static let neither = [3]

    static let cases: [Case] = [
        Case(
            name: "cl-01 opening brackets", characters: "「『（〔［｛〈《【〘〖",
            uax14: notAfter, strict: notAfter, normal: notAfter, loose: notAfter),
        // UAX #14 cannot tell which way QU faces; JLReq can, next to Japanese.
        Case(
            name: "cl-01 opening quotes", characters: "“‘",
            uax14: neither, strict: notAfter, normal: notAfter, loose: notAfter),
        Case(
            name: "cl-02 closing brackets", characters: "」』）〕］｝〉》】〙〗",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        Case(
            name: "cl-02 closing quotes", characters: "”’",
            uax14: neither, strict: notBefore, normal: notBefore, loose: notBefore),
        // The doc relaxes only 〜 ゠; ‐ – stay UAX #14 BA at every level.
        Case(
            name: "cl-03 hyphens", characters: "‐–",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        Case(
            name: "cl-03 wave dash and double hyphen", characters: "〜゠",
            uax14: notBefore, strict: notBefore, normal: both, loose: both),
        Case(
            name: "cl-04 dividing punctuation", characters: "！？‼⁇⁈⁉",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: both),
        Case(
            name: "cl-05 middle dots", characters: "・：；",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: both),
        Case(
            name: "cl-06 full stops", characters: "。．",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        Case(
            name: "cl-07 commas", characters: "、，",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        Case(
            name: "cl-08 em dash", characters: "—",
            uax14: both, strict: both, normal: both, loose: both),
        Case(
            name: "cl-08 leaders", characters: "…‥",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: both),
        Case(
            name: "cl-08 kana repeat mark upper halves", characters: "〳〴",
            uax14: both, strict: both, normal: both, loose: both),
        Case(
            name: "cl-08 kana repeat mark lower half", characters: "〵",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        Case(
            name: "cl-09 iteration marks", characters: "ヽヾゝゞ々〻",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: both),
        Case(
            name: "cl-10 prolonged sound mark", characters: "ー",
            uax14: notBefore, strict: notBefore, normal: both, loose: both),
        Case(
            name: "cl-11 small kana",
            characters: "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
            uax14: notBefore, strict: notBefore, normal: both, loose: both),
        Case(
            name: "cl-12 narrow prefixes", characters: "¥£",
            uax14: notAfter, strict: notAfter, normal: notAfter, loose: notAfter),
        // loose lets a line end with a wide (A, F, W) prefix, as CSS does.
        Case(
            name: "cl-12 wide prefixes", characters: "＄€№￥￡",
            uax14: notAfter, strict: notAfter, normal: notAfter, loose: both),
        Case(
            name: "cl-12 number sign (ID in UAX #14)", characters: "＃",
            uax14: both, strict: both, normal: both, loose: both),
        Case(
            name: "cl-13 narrow postfix", characters: "¢",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: notBefore),
        // loose lets a line start with a wide (A, F, W) postfix, as the web-platform-tests do.
        Case(
            name: "cl-13 wide postfixes", characters: "°′″℃％‰",
            uax14: notBefore, strict: notBefore, normal: notBefore, loose: both),
    ]

    @Test("A JLReq class between ideographs", arguments: cases, LineBreakStrictness.allCases)
    func betweenIdeographs(_ jlreqClass: Case, _ strictness: LineBreakStrictness) {
        let breaker = LineBreaker()
        for character in jlreqClass.characters.unicodeScalars {
            let text = "文\(character)字"
            #expect(
                breaker.opportunities(in: text.unicodeScalars, strictness: strictness)
                    == jlreqClass.expected(strictness),
                "\(text) U+\(String(character.value, radix: 16, uppercase: true)) at \(strictness)")
        }
    }

    @Test("漢字ー: ー keeps to 字 in strict, may start a line in normal")
    func prolongedSoundMark() {
        let breaker = LineBreaker()
        #expect(breaker.opportunities(in: "漢字ー".unicodeScalars, strictness: .strict) == [1, 3])
        #expect(breaker.opportunities(in: "漢字ー".unicodeScalars, strictness: .normal) == [1, 2, 3])
        #expect(breaker.opportunities(in: "漢字ー".unicodeScalars) == [1, 3], "strict is the default")
    }

    @Test("Pairs of inseparable marks", arguments: LineBreakStrictness.allCases)
    func inseparablePairs(_ strictness: LineBreakStrictness) {
        let breaker = LineBreaker()
        func breaks(_ text: String) -> [Int] { breaker.opportunities(in: text.unicodeScalars, strictness: strictness) }
        #expect(breaks("文——字") == [1, 3, 4])
        #expect(breaks("文〳〵字") == [1, 3, 4])
        #expect(breaks("文〴〵字") == [1, 3, 4])
        // Only loose splits leaders, as the doc and CSS allow.
        #expect(breaks("文……字") == (strictness == .loose ? [1, 2, 3, 4] : [3, 4]))
        #expect(breaks("文‥‥字") == (strictness == .loose ? [1, 2, 3, 4] : [3, 4]))
    }
}
