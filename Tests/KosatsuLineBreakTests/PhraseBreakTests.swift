import KosatsuLineBreak
import KosatsuPhrase
import Testing

/// `line-break: phrase`: lines end only between phrases (文節), and only where JLReq `strict` allows.
struct PhraseBreakTests {
    static let breaker = LineBreaker(phrases: PhraseModel.bundled(for: "ja"))

    func breaks(_ text: String, _ strictness: LineBreakStrictness = .phrase) -> [Int] {
        Self.breaker.opportunities(in: text.unicodeScalars, strictness: strictness)
    }

    @Test("The earthquake screen's instruction breaks only between its phrases")
    func instruction() throws {
        let text = "余震に注意してください。海岸や川の近くでは津波の情報に注意してください"
        // 余震に|注意してください。|海岸や|川の|近くでは|津波の|情報に|注意してください
        #expect(breaks(text) == [3, 12, 15, 17, 21, 24, 27, 35])
        #expect(!breaks(text).contains(26), "never inside 注意し|てください")
        #expect(Set(breaks(text)).isSubset(of: breaks(text, .strict)))
    }

    /// The model proposes a phrase start after 【 and （ and before ゞ here; JLReq forbids all three.
    @Test(
        "JLReq strict still holds: brackets, iteration marks, small kana, ー",
        arguments: [
            "【特別警報（大雨）】北部では４日未明にかけて", "いすゞ自動車の工場前", "最大風速３５ノット（１８メートル）に",
            "ショッピングセンターのキャッチコピーは", "人々の暮らしを守る", "「注意」と書かれた看板を見てください",
            "コーヒー・紅茶・ジュースをどうぞ", "ちょっと待ってください。",
        ])
    func jlreqStillHolds(_ text: String) throws {
        let model = try #require(PhraseModel.bundled(for: "ja"))
        let scalars = Array(text.unicodeScalars)
        let strict = breaks(text, .strict)
        let phrase = breaks(text)
        #expect(Set(phrase).isSubset(of: strict))
        for offset in phrase where offset < scalars.count {
            let next = scalars[offset]
            #expect(!"」』）〕］｝〉》】。、ー々ゝゞヽヾぁぃぅぇぉっゃゅょァィゥェォッャュョ・：；！？".unicodeScalars.contains(next))
            #expect(!"「『（〔［｛〈《【".unicodeScalars.contains(scalars[offset - 1]))
        }
        // Every phrase start the model gives that strict allows is kept.
        for start in model.boundaries(in: scalars) where strict.contains(start) {
            #expect(phrase.contains(start), "\(text) at \(start)")
        }
    }

    @Test("The model's phrase start before ゞ is dropped: いすゞ stays whole")
    func iterationMark() throws {
        let model = try #require(PhraseModel.bundled(for: "ja"))
        #expect(model.boundaries(in: Array("いすゞ自動車".unicodeScalars)).contains(2))
        #expect(!breaks("いすゞ自動車").contains(2))
    }

    @Test("A space separates phrases; a line feed still breaks")
    func spacesAndLineFeeds() {
        #expect(breaks("ｱｲｳｴｵ　全角スペースと半角カナ").contains(6))
        #expect(breaks("津波警報\n解除されました").contains(5))
        let opportunities = Self.breaker.breakOpportunities(in: "津波警報\n解除".unicodeScalars, strictness: .phrase)
        #expect(opportunities.first { $0.offset == 5 }?.isMandatory == true)
    }

    @Test("phraseOpportunities gives every strict opportunity, those inside a phrase marked")
    func markedOpportunities() {
        let text = "落ち着いて身の安全を確保してください"
        let marked = Self.breaker.phraseOpportunities(in: Array(text.unicodeScalars))
        #expect(marked.map(\.offset) == breaks(text, .strict))
        #expect(marked.filter { !$0.isInsidePhrase }.map(\.offset) == breaks(text))
        #expect(breaks(text) == [5, 7, 10, 18])
    }

    @Test("Without a model, phrase is strict")
    func noModel() {
        let text = "落ち着いて身の安全を確保してください"
        #expect(
            LineBreaker().opportunities(in: text.unicodeScalars, strictness: .phrase)
                == LineBreaker().opportunities(in: text.unicodeScalars, strictness: .strict))
        #expect(LineBreaker().phraseOpportunities(in: Array(text.unicodeScalars)).allSatisfy { !$0.isInsidePhrase })
    }

    @Test("Chinese with its own model")
    func chinese() {
        let breaker = LineBreaker(phrases: PhraseModel.bundled(for: "zh-Hant"))
        // 今天|非常|擁擠。|請|聽從|工作|人員|的|指引。
        #expect(
            breaker.opportunities(in: "今天非常擁擠。請聽從工作人員的指引。".unicodeScalars, strictness: .phrase)
                == [2, 4, 7, 8, 10, 12, 14, 15, 18])
    }
}
