import Foundation
import KosatsuScene
import KosatsuText
import Testing

/// JLReq spacing, justification, ruby, vertical text, fit-to-box and the ticker, measured on real glyphs.
@Suite struct JapaneseTypographyTests {
    let typesetter: Typesetter

    init() throws {
        typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: TypesetterTests.fonts))
    }

    func set(
        _ spans: [TextSpan], width: Double = 2000, height: Double = 600, paragraph: ParagraphStyle = ParagraphStyle()
    ) throws -> TypesetText {
        try typesetter.typeset(
            TextItem(frame: Rect(x: 0, y: 0, width: width, height: height), spans: spans, paragraph: paragraph))
    }

    func set(
        _ text: String, font: String = "BIZ UDGothic", size: Double = 100, language: String = "ja",
        width: Double = 2000, height: Double = 600, paragraph: ParagraphStyle = ParagraphStyle()
    ) throws -> TypesetText {
        let style = TextStyle(font: FontRequest(family: font), size: size, language: language)
        return try set([TextSpan(text: text, style: style)], width: width, height: height, paragraph: paragraph)
    }

    /// Pen x of every glyph, in text order.
    func xs(_ text: TypesetText) -> [Double] {
        text.runs.flatMap(\.glyphs).map(\.x)
    }

    @Test func closingThenOpeningBracketCollapsesToHalfAnEm() throws {
        // BIZ UDGothic is monospaced: 」「 at full width leave one em between the marks' inks.
        let trimmed = xs(try set("城」「駅"))
        let full = xs(try set("城」「駅", paragraph: ParagraphStyle(trimsPunctuation: false)))
        #expect(abs(full[2] - full[1] - 100) < 0.5)
        #expect(abs((trimmed[2] - trimmed[1]) - 50) < 0.5, "」「 → ½ em")
        #expect(abs((trimmed[3] - trimmed[2]) - 100) < 0.5, "「 keeps its ink half")
    }

    @Test func commaThenOpeningBracketKeepsHalfAnEm() throws {
        let x = xs(try set("城、「駅"))
        #expect(abs((x[2] - x[1]) - 50) < 0.5)
    }

    @Test func fullStopThenClosingBracketIsSolid() throws {
        let x = xs(try set("城。」駅"))
        #expect(abs((x[2] - x[1]) - 50) < 0.5, "。 loses its empty half before 」")
        #expect(abs((x[3] - x[2]) - 100) < 0.5, "」 keeps its half em before 駅 mid-line")
    }

    @Test func middleDotKeepsItsQuarterEmsNextToBrackets() throws {
        let x = xs(try set("」・「"))
        #expect(abs((x[1] - x[0]) - 50) < 0.5, "」 loses its half before ・")
        #expect(abs((x[2] - x[1]) - 50) < 0.5, "・ keeps its quarter, 「 loses its half")
    }

    @Test func aLineStartingWithAnOpeningBracketIsSetFlush() throws {
        let glyph = try #require(try set("「駅」").runs.first?.glyphs.first)
        #expect(abs(glyph.x + 50) < 0.5, "the empty half of 「 hangs before the line start")
    }

    @Test func proportionalPunctuationIsNeverTrimmedTwice() throws {
        // BIZ UDPGothic's 」「 are already half width: JLReq spacing leaves them as the font sets them.
        let on = xs(try set("城」「駅", font: "BIZ UDPGothic"))
        let off = xs(try set("城」「駅", font: "BIZ UDPGothic", paragraph: ParagraphStyle(trimsPunctuation: false)))
        #expect(on == off)
    }

    @Test func dividingPunctuationMidSentenceIsFollowedByAFullEm() throws {
        let x = xs(try set("城！駅"))
        #expect(abs((x[2] - x[1]) - 200) < 0.5)
        let end = xs(try set("城！」"))
        #expect(abs((end[2] - end[1]) - 100) < 0.5, "no extra em before a closing bracket")
    }

    @Test func japaneseLatinSpacingIsAQuarterEmByDefaultAndConfigurable() throws {
        func gap(_ autospace: Double) throws -> Double {
            let x = xs(try set("駅A", font: "BIZ UDGothic", paragraph: ParagraphStyle(autospace: autospace)))
            return x[1] - x[0]
        }
        #expect(abs(try gap(0) - 100) < 0.5)
        #expect(abs(try gap(0.25) - 125) < 0.5)
        #expect(abs(try gap(0.125) - 112.5) < 0.5)
    }

    @Test func noJapaneseLatinSpaceNextToPunctuationOrSpaces() throws {
        let spaced = xs(try set("駅 A"))
        let plain = xs(try set("駅 A", paragraph: ParagraphStyle(autospace: 0)))
        #expect(spaced == plain)
        let punctuated = xs(try set("駅、A"))
        let punctuatedPlain = xs(try set("駅、A", paragraph: ParagraphStyle(autospace: 0)))
        #expect(punctuated == punctuatedPlain)
    }

    @Test func noJapaneseLatinSpaceAtLineEdges() throws {
        // Three ems per line: 駅駅駅 | A: the space before A would fall at the line start.
        let text = try set("駅駅駅A", width: 300, paragraph: ParagraphStyle(autospace: 0.25))
        let glyphs = text.runs.flatMap(\.glyphs)
        let second = glyphs.filter { $0.y > glyphs[0].y }
        #expect(second.count == 1)
        #expect(abs(second[0].x) < 0.5)
    }

    @Test func justificationShrinksBracketHalvesBeforeMovingAWordToTheNextLine() throws {
        // 城城」城城城城 is 7 em; the half em after 」 may shrink, so it fits a 6.5 em line (追い込み).
        // (First fit: `pretty` would rather not leave 城 alone on the last line.)
        let text = try set(
            "城城」城城城城城", width: 650, paragraph: ParagraphStyle(alignment: .justify, wrap: .greedy))
        let rows = Set(text.runs.flatMap(\.glyphs).map(\.y)).sorted()
        let first = text.runs.flatMap(\.glyphs).filter { $0.y == rows[0] }
        #expect(first.count == 7, "城城」城城城城 on the first line")
        #expect(abs(first[3].x - first[2].x - 50) < 0.5, "」 set solid")
    }

    @Test func aLastLineFittedBySqueezingIsSqueezedToo() throws {
        // 城城」城城城城 is 7 em and fits 6.5 em only with the half em after 」 squeezed. As the last line
        // of a justified paragraph it is set at the start, not spread, but squeezed all the same:
        // its last 城 ends inside the measure.
        for wrap in [ParagraphStyle.Wrap.greedy, .pretty] {
            let text = try set("城城」城城城城", width: 650, paragraph: ParagraphStyle(alignment: .justify, wrap: wrap))
            #expect(text.lineCount == 1)
            let glyphs = text.runs.flatMap(\.glyphs)
            #expect(glyphs.count == 7)
            let end = try #require(glyphs.last).x + 100
            #expect(end <= 650.5, "the line ends at \(end), past the 650 px measure (\(wrap))")
            #expect(abs(glyphs[3].x - glyphs[2].x - 50) < 0.5, "」 set solid")
        }
    }

    @Test func justificationGrowsPunctuationSpaceBeforeSpacingCharacters() throws {
        // 城、城城城城城城城 is 9 em; in 940 px the 40 px go after 、 (up to ½ em), none between the 城.
        let text = try set("城、城城城城城城城城城", width: 940, paragraph: ParagraphStyle(alignment: .justify, wrap: .greedy))
        let glyphs = text.runs.flatMap(\.glyphs)
        let row = glyphs.filter { $0.y == glyphs[0].y }
        #expect(row.count == 9)
        #expect(abs(row[2].x - row[1].x - 140) < 0.5, "、 keeps its em and takes the 40 px")
        for k in 3..<row.count { #expect(abs(row[k].x - row[k - 1].x - 100) < 0.5, "城城 stay solid") }
    }

    @Test func justificationExpandsJapaneseLatinSpaceBeforeSpacingCharacters() throws {
        // 駅A駅 + break: the line is justified to 450 px; the two ¼ em autospaces reach ½ em first.
        let text = try set(
            "駅A駅城城城", width: 450, paragraph: ParagraphStyle(alignment: .justify, autospace: 0.25))
        let glyphs = text.runs.flatMap(\.glyphs)
        let row = glyphs.filter { $0.y == glyphs[0].y }
        // Line 1: 駅 A 駅 城 (3.5 em + 2 × ¼ em = 400 px) → 450 px: autospaces take +¼ em each.
        #expect(row.count == 4)
        #expect(abs(row[1].x - 150) < 0.5)
        #expect(abs(row[2].x - 250) < 0.5, "A is half an em wide")
        #expect(abs(row[3].x - 350) < 0.5, "城 right after 駅: no space between them was needed")
    }

    @Test func theLastLineOfAJustifiedParagraphIsStartAligned() throws {
        let text = try set("城城城城城城城", width: 500, paragraph: ParagraphStyle(alignment: .justify))
        let glyphs = text.runs.flatMap(\.glyphs)
        let last = glyphs.filter { $0.y == glyphs.last?.y }
        #expect(last.map(\.x) == [0, 100])
    }

    @Test func hangingPunctuationLetsAFullStopPassTheLineEnd() throws {
        let plain = try set("城城城。", width: 300)
        #expect(plain.lineCount == 2, "。 cannot start a line, so 城。 moves down")
        let hanging = try set("城城城。", width: 300, paragraph: ParagraphStyle(hangingPunctuation: true))
        #expect(hanging.lineCount == 1)
        #expect((hanging.runs.last?.glyphs.last?.x ?? 0) >= 300)
    }

    @Test func groupRubyIsHalfSizeCentredAndNeverSplitFromItsBase() throws {
        let style = TextStyle(font: FontRequest(family: "BIZ UDGothic"), size: 100)
        let text = try set(
            [
                TextSpan(text: "城城", style: style),
                TextSpan(text: "小田原", style: style, ruby: ["おだわら"]),
            ], width: 400)
        // 城城小 would fit the first line; the base moves down whole.
        #expect(text.lineCount == 2)
        let ruby = try #require(text.runs.first { $0.size == 50 })
        #expect(ruby.glyphs.count == 4)
        let base = text.runs.filter { $0.size == 100 }.flatMap(\.glyphs).suffix(3)
        let baseCentre = ((base.first?.x ?? 0) + (base.last?.x ?? 0) + 100) / 2
        let rubyCentre = ((ruby.glyphs.first?.x ?? 0) + (ruby.glyphs.last?.x ?? 0) + 50) / 2
        #expect(abs(baseCentre - rubyCentre) < 0.5)
        #expect((ruby.glyphs.first?.y ?? 0) < (base.first?.y ?? 0) - 80, "ruby sits above the base")
    }

    @Test func monoRubyCentresEachReadingOverItsCharacter() throws {
        let style = TextStyle(font: FontRequest(family: "BIZ UDGothic"), size: 100)
        let text = try set([TextSpan(text: "東京", style: style, ruby: ["とう", "きょう"])])
        let rubies = text.runs.filter { $0.size == 50 }
        #expect(rubies.count == 2)
        // とう (2 × 50 px) over 東 (0…100); きょう (150 px) over 京, which widens by 25 px each side.
        #expect(abs((rubies[0].glyphs.first?.x ?? -1) - 0) < 0.5)
        #expect(abs((rubies[1].glyphs.first?.x ?? -1) - 100) < 0.5)
    }

    @Test func rubyWiderThanItsBasePadsTheBase() throws {
        let style = TextStyle(font: FontRequest(family: "BIZ UDGothic"), size: 100)
        let text = try set([
            TextSpan(text: "城", style: style), TextSpan(text: "駅", style: style, ruby: ["えきまえ"]),
            TextSpan(text: "城", style: style),
        ])
        let base = text.runs.filter { $0.size == 100 }.flatMap(\.glyphs).map(\.x)
        // えきまえ is 200 px over a 100 px base: 50 px of room each side.
        #expect(abs(base[1] - 150) < 0.5)
        #expect(abs(base[2] - 300) < 0.5)
    }

    @Test func verticalTextRunsDownInColumnsFromTheRight() throws {
        let text = try set(
            "城駅", width: 300, height: 1000, paragraph: ParagraphStyle(writingMode: .vertical))
        let glyphs = text.runs.flatMap(\.glyphs)
        #expect(glyphs.count == 2)
        #expect(abs(glyphs[0].x - glyphs[1].x) < 0.5, "one column")
        #expect(glyphs[1].y - glyphs[0].y > 99, "the second character below the first")
        #expect(glyphs[0].x > 150, "the first column is on the right")
    }

    @Test func verticalPunctuationUsesTheVerticalAlternate() throws {
        let horizontal = try set("、").runs[0].glyphs[0].id
        let vertical = try set("、", height: 1000, paragraph: ParagraphStyle(writingMode: .vertical)).runs[0].glyphs[0]
            .id
        #expect(horizontal != vertical)
    }

    @Test func twoDigitsStandUprightSideBySideAndLatinIsTurned() throws {
        let paragraph = ParagraphStyle(writingMode: .vertical)
        let text = try set("第23回JR", width: 300, height: 2000, paragraph: paragraph)
        let tcy = try #require(
            text.runs.first { $0.glyphs.count == 2 && !$0.isRotated && $0.glyphs[0].y == $0.glyphs[1].y })
        #expect(tcy.horizontalScale <= 1)
        #expect(text.runs.contains { $0.isRotated }, "JR is turned 90°")
        let long = try set("第123回", width: 300, height: 2000, paragraph: paragraph)
        #expect(long.runs.contains { $0.isRotated }, "three digits are turned, not tate-chu-yoko")
    }

    @Test func condensingComesBeforeShrinking() throws {
        let paragraph = ParagraphStyle(maxLines: 1, overflow: .shrink(minimumSize: 40), condense: 0.8)
        // Ten ems in a nine-em box: 長体 90 % fits without shrinking.
        let text = try set("城城城城城城城城城城", width: 900, height: 120, paragraph: paragraph)
        #expect(text.scale == 1)
        #expect(text.condensation < 1 && text.condensation >= 0.8)
        #expect(text.runs[0].horizontalScale == text.condensation)
        // Twenty ems: condensed to 80 %, then shrunk.
        let shrunk = try set(String(repeating: "城", count: 20), width: 900, height: 120, paragraph: paragraph)
        #expect(shrunk.condensation == 0.8)
        #expect(shrunk.scale < 1)
        #expect(shrunk.isComplete)
    }

    @Test func tickerOffsetIsAPureFunctionOfTime() throws {
        func at(_ seconds: Double) throws -> TypesetText {
            try set(
                String(repeating: "お知らせ", count: 10), width: 500, height: 120,
                paragraph: ParagraphStyle(ticker: ParagraphStyle.Ticker(speed: 100, gap: 200, elapsed: seconds)))
        }
        let start = try at(0)
        #expect(start.isTicker)
        #expect(start.isComplete)
        #expect(try at(3) == at(3))
        let moved = try at(2)
        #expect(abs((start.runs[0].glyphs[0].x - moved.runs[0].glyphs[0].x) - 200) < 0.5)
        // After the text and the gap, it is back where it began.
        let period = 40 * 100 + 200.0
        #expect(try at(period / 100).runs[0].glyphs[0].x == start.runs[0].glyphs[0].x)
    }

    @Test func chineseAndKoreanUseTheirOwnFacesThroughFontconfig() throws {
        let japanese = try set("今天", font: "BIZ UDPGothic", language: "ja").runs[0].face
        let simplified = try set("今天", font: "BIZ UDPGothic", language: "zh-Hans").runs[0].face
        let korean = try set("오늘", font: "BIZ UDPGothic", language: "ko").runs[0].face
        #expect(typesetter.fonts.path(of: japanese).hasSuffix("BIZUDPGothic-Regular.ttf"))
        #expect(typesetter.fonts.path(of: simplified).contains("NotoSansCJK"))
        #expect(typesetter.fonts.path(of: korean).contains("NotoSansCJK"))
        // 今 differs between Japanese/Simplified and Traditional forms through `locl`.
        let simplifiedGlyph = try set("今", font: "Noto Sans CJK JP", language: "zh-Hans").runs[0].glyphs[0].id
        let traditionalGlyph = try set("今", font: "Noto Sans CJK JP", language: "zh-Hant").runs[0].glyphs[0].id
        #expect(simplifiedGlyph != traditionalGlyph)
    }

    @Test func koreanKeepsWordsWhole() throws {
        let text = try set("오늘은 혼잡합니다", font: "BIZ UDPGothic", size: 50, language: "ko", width: 300)
        let glyphs = text.runs.flatMap(\.glyphs)
        let rows = Set(glyphs.map(\.y)).sorted()
        #expect(rows.count == 2)
        #expect(glyphs.filter { $0.y == rows[0] }.count == 3, "오늘은 on the first line, the space trimmed")
    }

    @Test func inlineStylesChangeWeightColourAndSizeWithinAParagraph() throws {
        let base = TextStyle(size: 50)
        var bold = base
        bold.font.weight = .bold
        bold.color = Color(red: 0.78, green: 0.14, blue: 0.23)
        bold.size = 80
        let text = try set([TextSpan(text: "混雑度：", style: base), TextSpan(text: "非常に混雑", style: bold)])
        #expect(text.runs.count == 2)
        #expect(text.runs[0].face != text.runs[1].face)
        #expect(text.runs[1].size == 80)
        #expect(text.runs[0].glyphs[0].y == text.runs[1].glyphs[0].y, "one baseline")
    }
}
