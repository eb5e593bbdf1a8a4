import KosatsuLineBreak
import KosatsuPhrase
import KosatsuScene
import KosatsuText
import Testing

/// `line-break: phrase` and `wrap: balance / pretty` in the typesetter, on real glyphs.
@Suite struct PhraseBreakingTests {
    let typesetter: Typesetter
    static let breaker = LineBreaker(phrases: PhraseModel.bundled(for: "ja"))

    init() throws {
        typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: TypesetterTests.fonts))
    }

    /// Sign headlines of the kind the emergency and city screens show.
    static let headlines = [
        "余震に注意してください。海岸や川の近くでは津波の情報に注意してください",
        "落ち着いて身の安全を確保してください",
        "ただちに高台へ避難してください。津波は繰り返し襲ってきます",
        "大雨特別警報が発表されました。命を守る行動をとってください",
        "土砂災害警戒情報が出ています。早めに避難してください",
        "避難指示が出ました。近くの避難所へ避難してください",
        "エレベーターは使わずに階段をご利用ください",
        "火山の噴火警戒レベルが3に引き上げられました",
        "停電のため信号機が消えています。通行にご注意ください",
        "小田原城天守閣は本日17時で閉館します",
        "強風のため東海道線は運転を見合わせています",
        "市役所からのお知らせ：ごみの収集日が変わります",
        "熱中症に注意して、こまめに水分を補給してください",
        "避難所の開設状況は市のホームページでご確認ください",
        "ガスの元栓を閉めてから外へ避難してください",
    ]
    static let widths: [Double] = [600, 900, 1200, 1500]

    func lines(
        _ text: String, size: Double = 72, width: Double, font: String = "BIZ UDPGothic",
        weight: FontRequest.Weight = .regular, lineBreak: String = "phrase",
        wrap: ParagraphStyle.Wrap? = .balance, alignment: ParagraphStyle.Alignment = .start
    ) throws -> [TypesetLine] {
        let item = TextItem(
            frame: Rect(x: 0, y: 0, width: width, height: size),
            spans: [
                TextSpan(text: text, style: TextStyle(font: FontRequest(family: font, weight: weight), size: size))
            ],
            paragraph: ParagraphStyle(alignment: alignment, overflow: .visible, lineBreak: lineBreak, wrap: wrap))
        return try typesetter.lines(of: item)
    }

    /// The natural width of `text` on one line.
    func width(_ text: String, size: Double = 72) throws -> Double {
        try #require(try lines(text, size: size, width: 100_000, wrap: .greedy).first).width
    }

    static func phraseBreaks(_ text: String) -> [Int] {
        breaker.opportunities(in: text.unicodeScalars, strictness: .phrase)
    }

    @Test("No break inside a phrase but in one wider than the line", arguments: headlines, widths)
    func noMidPhraseBreak(_ headline: String, _ width: Double) throws {
        let scalars = Array(headline.unicodeScalars)
        let allowed = Self.phraseBreaks(headline)
        for line in try lines(headline, width: width).dropFirst() {
            let offset = line.range.lowerBound
            guard !allowed.contains(offset) else { continue }
            // Inside a phrase: only when the whole phrase does not fit the line.
            let start = allowed.last { $0 < offset } ?? 0
            let end = try #require(allowed.first { $0 > offset })
            let phrase = String(String.UnicodeScalarView(scalars[start..<end]))
            #expect(try self.width(phrase) > width, "\(headline) at \(width): breaks inside \(phrase)")
        }
    }

    @Test("No orphan unless every setting in whole phrases has one", arguments: headlines, widths)
    func noAvoidableOrphan(_ headline: String, _ width: Double) throws {
        let set = try lines(headline, width: width)
        let widest = try #require(set.map(\.width).max())
        guard set.contains(where: { $0.width < widest / 2 }) else { return }
        let scalars = Array(headline.unicodeScalars)
        let allowed = Self.phraseBreaks(headline)
        let inner = allowed.filter { $0 < scalars.count }
        // A break inside a phrase means the phrases do not fit at all: nothing to compare with.
        guard set.dropFirst().allSatisfy({ allowed.contains($0.range.lowerBound) }) else { return }
        var measured: [Range<Int>: Double] = [:]
        func measure(_ range: Range<Int>) throws -> Double {
            if let known = measured[range] { return known }
            let value = try self.width(String(String.UnicodeScalarView(scalars[range])))
            measured[range] = value
            return value
        }
        for cuts in combinations(of: inner, choosing: set.count - 1) {
            let bounds = [0] + cuts + [scalars.count]
            let widths = try zip(bounds, bounds.dropFirst()).map { try measure($0..<$1) }
            let most = try #require(widths.max())
            #expect(
                most > width || widths.contains { $0 < most / 2 },
                "\(headline) at \(width): \(set.map(\.text)) has an orphan, but cuts \(cuts) would not")
        }
    }

    @Test("Balancing never adds a line", arguments: headlines)
    func balanceKeepsTheLineCount(_ headline: String) throws {
        for width in Self.widths {
            #expect(try lines(headline, width: width).count == lines(headline, width: width, wrap: .greedy).count)
        }
    }

    @Test func balancedLinesBreakWhereTheSenseDoes() throws {
        let text = "大雨特別警報が発表されました。命を守る行動をとってください"
        #expect(
            try lines(text, size: 52, width: 526, font: "BIZ UDPGothic", wrap: .greedy).map(\.text)
                == ["大雨特別警報が", "発表されました。命を", "守る行動を", "とってください"])
        #expect(
            try lines(text, size: 52, width: 526).map(\.text)
                == ["大雨特別警報が", "発表されました。", "命を守る行動を", "とってください"])
        #expect(
            try lines(text, size: 52, width: 526, lineBreak: "strict", wrap: .greedy).map(\.text)
                == ["大雨特別警報が発表さ", "れました。命を守る行", "動をとってください"])
    }

    @Test func theEarthquakeInstructionKeepsItsPhrases() throws {
        let text = "余震に注意してください。海岸や川の近くでは津波の情報に注意してください"
        // As the earthquake screen sets it: bold, 60 px, 1800 px.
        let strict = try lines(text, size: 60, width: 1800, weight: .bold, lineBreak: "strict", wrap: .greedy).map(
            \.text)
        #expect(strict == ["余震に注意してください。海岸や川の近くでは津波の情報に注意し", "てください"])
        #expect(
            try lines(text, size: 60, width: 1800, weight: .bold).map(\.text)
                == ["余震に注意してください。", "海岸や川の近くでは津波の情報に注意してください"])
    }

    @Test func aPhraseLongerThanTheLineBreaksInsideWhereAWordStarts() throws {
        // 繰り返し襲ってきます is one phrase, wider than 526 px at 56 px: it breaks once, before 襲.
        let text = "ただちに高台へ避難してください。津波は繰り返し襲ってきます"
        #expect(
            try lines(text, size: 56, width: 526).map(\.text)
                == ["ただちに高台へ", "避難してください。", "津波は繰り返し", "襲ってきます"])
    }

    @Test("JLReq strict still holds in phrase mode", arguments: [300.0, 420, 560, 700])
    func jlreqStillHolds(_ width: Double) throws {
        let text = "「注意」と書かれた看板をよく見てください。ちょっと待って、人々はコーヒー・紅茶（無料）をどうぞ。"
        let set = try lines(text, size: 48, width: width)
        for line in set {
            let first = try #require(line.text.unicodeScalars.first)
            let last = try #require(line.text.unicodeScalars.last)
            #expect(!"」）、。ー々ゝっゃゅょァィッャュョ・：！？".unicodeScalars.contains(first), "\(set.map(\.text))")
            #expect(!"「（".unicodeScalars.contains(last), "\(set.map(\.text))")
        }
    }

    @Test func chineseBreaksBetweenItsPhrases() throws {
        let item = TextItem(
            frame: Rect(x: 0, y: 0, width: 1800, height: 400),
            spans: [TextSpan(text: "请警惕火山喷发，并遵从当地政府的避难指示", style: TextStyle(size: 120, language: "zh-Hans"))],
            paragraph: ParagraphStyle(overflow: .visible, lineBreak: "phrase", wrap: .balance))
        #expect(try typesetter.lines(of: item).map(\.text) == ["请警惕火山喷发，", "并遵从当地政府的避难指示"])
    }

    /// Fit to box on the balanced, phrase-whole lines: the largest size at which they fit.
    @Test func shrinkChoosesTheSizeForWholePhrases() throws {
        let text = "余震に注意してください。海岸や川の近くでは津波の情報に注意してください"
        let paragraph = ParagraphStyle(
            lineHeight: 1.25, maxLines: 2, overflow: .shrink(minimumSize: 60), lineBreak: "phrase", wrap: .balance)
        let item = TextItem(
            frame: Rect(x: 0, y: 0, width: 1800, height: 400),
            spans: [TextSpan(text: text, style: TextStyle(size: 120))], paragraph: paragraph)
        let set = try typesetter.typeset(item)
        #expect(set.isComplete)
        #expect(set.scale < 1)
        let chosen = try typesetter.lines(of: item).map(\.text)
        // At that size the second sentence alone is wider than the box: the even break between phrases.
        #expect(chosen == ["余震に注意してください。海岸や川の", "近くでは津波の情報に注意してください"], "\(chosen) at \(set.scale)")
        // A size a little larger needs a third line (or a break inside a phrase).
        var larger = item
        larger.spans[0].style.size = 120 * set.scale * 1.03
        larger.paragraph.overflow = .visible
        #expect(try typesetter.lines(of: larger).count == 3)
        // Already fitting at full size: not shrunk.
        var fitting = item
        fitting.spans[0].style.size = 60
        #expect(try typesetter.typeset(fitting).scale == 1)
    }

    @Test func wholePhrasesGiveWayRatherThanCutTheText() throws {
        // In BIZ UDGothic (1 em a character) at 100 px in 1000 px, whole phrases need three lines
        // (余震に / 注意してください。 / 海岸や川の); with no room to shrink, the text breaks inside a phrase.
        let text = "余震に注意してください。海岸や川の"
        let item = TextItem(
            frame: Rect(x: 0, y: 0, width: 1000, height: 400),
            spans: [TextSpan(text: text, style: TextStyle(font: FontRequest(family: "BIZ UDGothic"), size: 100))],
            paragraph: ParagraphStyle(maxLines: 2, overflow: .shrink(minimumSize: 100), lineBreak: "phrase"))
        let set = try typesetter.typeset(item)
        #expect(set.isComplete)
        #expect(set.lineCount == 2)
    }

    @Test func prettyLeavesNoShortLastLine() throws {
        // First fit leaves 城 alone on the last line; pretty brings it company.
        let text = "城城」城城城城城"
        let greedy = try lines(
            text, size: 100, width: 650, font: "BIZ UDGothic", lineBreak: "strict", wrap: .greedy, alignment: .justify)
        #expect(greedy.map(\.text) == ["城城」城城城城", "城"])
        let pretty = try lines(
            text, size: 100, width: 650, font: "BIZ UDGothic", lineBreak: "strict", wrap: nil, alignment: .justify)
        #expect(pretty.count == 2)
        #expect(try #require(pretty.last).width >= 650 / 3)
    }

    @Test func prettyTearsNoParticleFromItsWord() throws {
        // Four ems a line: first fit sets 駅前広場 / は工事中 / です, the particle alone at a line start.
        let text = "駅前広場は工事中です"
        let greedy = try lines(text, size: 100, width: 400, font: "BIZ UDGothic", lineBreak: "strict", wrap: .greedy)
        #expect(greedy.map(\.text) == ["駅前広場", "は工事中", "です"])
        let pretty = try lines(text, size: 100, width: 400, font: "BIZ UDGothic", lineBreak: "strict", wrap: .pretty)
        #expect(pretty.count == 3)
        #expect(!pretty.contains { $0.text.hasPrefix("は") }, "\(pretty.map(\.text))")
    }

    @Test func theNoticeIsNotSpreadLetterByLetter() throws {
        // The 小田原城菊花展 notice at 38 px in 669 px, justified: first fit leaves 花展」を開催しています（9:00～
        // 126 px short; over the whole paragraph no line is short by more than 100 px.
        let notice = "小田原城址公園では、本日「小田原城菊花展」を開催しています（9:00～16:30）。本丸広場には市内の愛好家が育てた大菊や懸崖など約八百鉢が並びます。入場は無料です。"
        let greedy = try lines(notice, size: 38, width: 669, lineBreak: "strict", wrap: .greedy, alignment: .justify)
        #expect(greedy[1].text == "花展」を開催しています（9:00～")
        #expect(669 - greedy[1].width > 120)
        let pretty = try lines(notice, size: 38, width: 669, lineBreak: "strict", wrap: nil, alignment: .justify)
        #expect(pretty.count == greedy.count)
        #expect(pretty.dropLast().allSatisfy { 669 - $0.width < 100 }, "\(pretty.map(\.text))")
    }
}

/// Every way to choose `count` elements of `items`, in order.
func combinations(of items: [Int], choosing count: Int) -> [[Int]] {
    guard count > 0 else { return [[]] }
    guard items.count >= count else { return [] }
    var result: [[Int]] = []
    for (index, first) in items.enumerated() {
        for rest in combinations(of: Array(items[(index + 1)...]), choosing: count - 1) {
            result.append([first] + rest)
        }
    }
    return result
}
