import KosatsuPhrase
import Testing

/// The phrase scorer against BudouX: the expected phrases below were computed by running the PyPI
/// package `budoux` 0.10.1 (the version the model files come from) on sentences written for these
/// tests, e.g. `budoux "余震に注意してください"`. Equal output means the scores agree gap by gap.
struct PhraseModelTests {
    static let japanese: [[String]] = [
        ["余震に", "注意してください。", "海岸や", "川の", "近くでは", "津波の", "情報に", "注意してください"],
        ["落ち着いて", "身の", "安全を", "確保してください"],
        ["ただちに", "高台へ", "避難してください"],
        ["大雨", "特別警報が", "発表されました。", "命を", "守る", "行動を", "とってください"],
        ["小田原", "城天守閣は", "本日17時で", "閉館します"],
        ["次の", "電車は", "10時15分発の", "快速小田原", "行きです"],
        ["エレベーターは", "使わずに", "階段を", "ご利用ください"],
        ["本日は", "大変", "混雑しています。", "係員の", "案内に", "従ってください"],
        ["土砂災害警戒情報が", "出ています。", "早めに", "避難してください"],
        ["駅前広場は", "工事の", "ため通行できません"],
        ["お手洗いは", "二階の", "改札口の", "近くに", "あります"],
        ["火山の", "噴火警戒レベルが", "3に", "引き上げられました"],
        ["市役所からの", "お知らせ：ごみの", "収集日が", "変わります"],
        ["ショッピングセンターの", "キャッチコピーは", "人々の", "心に", "残る", "フレーズ"],
        ["小田原城址公園では、", "本日", "「小田原", "城菊花展」を", "開催しています", "（9:00～16:30）。"],
        ["Wi-Fiは", "駅構内で", "ご利用いただけます"],
        ["私は", "その", "人を", "常に", "先生と", "呼んでいた。"],
        ["あなたに", "寄り添う", "最先端の", "テクノロジー。"],
        ["避難所は", "小田原", "市立三の", "丸小学校です"],
        ["津波警報が", "解除されました"],
        ["今日は", "天気です。"],
        ["「注意」と", "書かれた", "看板を", "見てください"],
        ["な", "お、", "運転再開は", "午後", "三時ごろの", "見込みです"],
        ["徒歩で", "およそ十五", "分かかります"],
        ["ｱｲｳｴｵ　全角スペースと", "半角カナ"],
    ]
    static let simplifiedChinese: [[String]] = [
        ["请", "立即", "前往", "高处", "避", "难"],
        ["今天", "非常", "拥挤。", "请", "听", "从", "工作", "人员", "的", "指引。"],
        ["地震", "发生", "时请", "保护", "好", "自己", "的", "头部"],
        ["下", "一班列车", "将", "于", "十点", "十五", "分出", "发"],
    ]
    static let traditionalChinese: [[String]] = [
        ["請", "立即", "前往", "高處", "避難"],
        ["今天", "非常", "擁擠。", "請", "聽從", "工作", "人員", "的", "指引。"],
        ["地震", "發生", "時請", "保護", "好", "自己", "的", "頭部"],
        ["下", "一", "班", "列車", "將", "於", "十點", "十五", "分出", "發"],
    ]

    @Test("Japanese sentences split as BudouX splits them", arguments: japanese)
    func japanesePhrases(_ expected: [String]) throws {
        let model = try #require(PhraseModel.bundled(for: "ja"))
        #expect(model.phrases(in: expected.joined()) == expected)
    }

    @Test("Simplified Chinese sentences split as BudouX splits them", arguments: simplifiedChinese)
    func simplifiedChinesePhrases(_ expected: [String]) throws {
        let model = try #require(PhraseModel.bundled(for: "zh-Hans"))
        #expect(model.phrases(in: expected.joined()) == expected)
    }

    @Test("Traditional Chinese sentences split as BudouX splits them", arguments: traditionalChinese)
    func traditionalChinesePhrases(_ expected: [String]) throws {
        let model = try #require(PhraseModel.bundled(for: "zh-Hant"))
        #expect(model.phrases(in: expected.joined()) == expected)
    }

    @Test("Boundaries are scalar offsets; empty and one-character texts have none")
    func boundaries() throws {
        let model = try #require(PhraseModel.bundled(.japanese))
        #expect(model.boundaries(in: Array("ただちに高台へ避難してください".unicodeScalars)) == [4, 7])
        #expect(model.boundaries(in: [Unicode.Scalar]()) == [])
        #expect(model.boundaries(in: Array("津".unicodeScalars)) == [])
        #expect(model.phrases(in: "") == [])
        #expect(model.phrases(in: "津") == ["津"])
    }

    @Test(
        "Language tags pick their model",
        arguments: [
            ("ja", PhraseModel.BundledLanguage.japanese), ("ja-JP", .japanese), ("zh-Hans", .simplifiedChinese),
            ("zh-CN", .simplifiedChinese), ("zh", .simplifiedChinese), ("zh-Hant", .traditionalChinese),
            ("zh-TW", .traditionalChinese), ("zh-HK", .traditionalChinese),
        ])
    func languageTags(_ tag: String, _ language: PhraseModel.BundledLanguage) {
        #expect(PhraseModel.BundledLanguage(tag: tag) == language)
    }

    @Test("Languages without a model have none", arguments: ["en", "ko", "", "jav"])
    func noModel(_ tag: String) {
        #expect(PhraseModel.bundled(for: tag) == nil)
    }

    @Test("Every built-in model parses", arguments: PhraseModel.BundledLanguage.allCases)
    func bundledModelsParse(_ language: PhraseModel.BundledLanguage) {
        #expect(PhraseModel.bundled(language) != nil)
    }

    /// Small hand-made models pin down which characters each feature reads around the gap.
    @Test(
        "Each feature reads its own characters",
        arguments: [
            (#"{"UW4": {"b": 10}, "BW2": {"ab": 5}, "UW1": {"x": 1}}"#, "ab", ["a", "b"]),
            (#"{"UW4": {"b": 10}, "BW2": {"ab": 5}, "UW1": {"x": 1}}"#, "ba", ["ba"]),
            (#"{"UW4": {"b": 4}, "UW1": {"x": 4}, "UW2": {"q": 2}}"#, "xyzb", ["xyz", "b"]),
            (#"{"UW4": {"b": 4}, "UW1": {"x": 4}, "UW2": {"q": 2}}"#, "xyzzb", ["xyzzb"]),
            (#"{"UW1": {"x": 5}, "UW6": {"y": 5}, "UW2": {"q": -6}}"#, "x12y", ["x", "12", "y"]),
            (#"{"TW1": {"abc": 100}}"#, "abcd", ["abc", "d"]),
            (#"{"TW4": {"abc": 100}}"#, "dabc", ["d", "abc"]),
            (#"{"TW2": {"abc": 100}}"#, "abc", ["ab", "c"]),
            (#"{"TW3": {"abc": 100}}"#, "abc", ["a", "bc"]),
            (#"{"BW1": {"ab": 100}}"#, "abc", ["ab", "c"]),
            (#"{"BW3": {"bc": 100}}"#, "abc", ["a", "bc"]),
            (#"{"UW5": {"c": 100}}"#, "abc", ["a", "bc"]),
            // Exactly half of all weights is not enough: BudouX needs a positive score.
            (#"{"UW4": {"b": 5}, "UW3": {"z": 5}}"#, "ab", ["ab"]),
        ])
    func features(_ json: String, _ text: String, _ expected: [String]) throws {
        let model = try PhraseModel(json: Array(json.utf8))
        #expect(model.phrases(in: text) == expected)
    }

    /// The model file is read by its own small reader: JSON's escapes and white space mean what they
    /// mean in JSON.
    @Test(
        "Escapes and white space in a model file",
        arguments: [
            #"{"UW4": {"\u0062": 10}, "BW2": {"ab": 5}, "UW1": {"x": 1}}"#,
            "{\n  \"UW4\" : { \"b\" :10 } ,\t\"BW2\":{\"a\\u0062\":5},\"UW1\":{\"x\":1}\r\n}\n",
        ])
    func escapesAndSpace(_ json: String) throws {
        let model = try PhraseModel(json: Array(json.utf8))
        #expect(model.phrases(in: "ab") == ["a", "b"])
    }

    @Test("A character outside the BMP written as a surrogate pair")
    func surrogatePair() throws {
        let model = try PhraseModel(json: Array(#"{"UW4": {"\ud842\udfb7": 10}}"#.utf8))
        #expect(model.phrases(in: "a𠮷") == ["a", "𠮷"])
    }

    @Test(
        "A bad model file is a clear error",
        arguments: [
            ("[1, 2]", PhraseModelError.Code.notJSON),
            (#"{"UW1": {"a": "x"}}"#, .notJSON),
            (#"{"QW1": {"a": 1}}"#, .unknownFeature),
            (#"{"BW1": {"a": 1}}"#, .wrongLength),
            (#"{"TW1": {"abcd": 1}}"#, .wrongLength),
            (#"{"UW1": {"a": 99999999999}}"#, .weightOutOfRange),
            (#"{"UW1": {"a": 1}"#, .notJSON),
            (#"{"UW1": {"a": 1}} x"#, .notJSON),
            (#"{"UW1": {"\ud842": 1}}"#, .notJSON),
            (#"{"UW1": {"a": 1.5}}"#, .notJSON),
        ])
    func badModels(_ json: String, _ code: PhraseModelError.Code) {
        #expect {
            try PhraseModel(json: Array(json.utf8))
        } throws: { error in
            (error as? PhraseModelError)?.code == code
        }
    }
}
