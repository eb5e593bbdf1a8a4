import Foundation
import KosatsuScene
import KosatsuText
import Testing

/// The text engine: real glyphs, font fallback, wrapping, alignment, ellipsis and shrink-to-fit.
@Suite struct TypesetterTests {
    static let fonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fonts").path

    let typesetter: Typesetter

    init() throws {
        typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: Self.fonts))
    }

    func item(
        _ text: String, width: Double = 1000, height: Double = 500, size: Double = 50, language: String = "ja",
        paragraph: ParagraphStyle = ParagraphStyle()
    ) -> TextItem {
        TextItem(
            frame: Rect(x: 0, y: 0, width: width, height: height),
            spans: [TextSpan(text: text, style: TextStyle(size: size, language: language))], paragraph: paragraph)
    }

    func lines(_ text: TypesetText) -> [Double] {
        Array(Set(text.runs.flatMap { $0.glyphs.map(\.y) })).sorted()
    }

    @Test func japaneseShapesToRealGlyphsFromKosatsusOwnFont() throws {
        let text = try typesetter.typeset(item("小田原城 混雑"))
        let glyphs = text.runs.flatMap(\.glyphs)
        #expect(glyphs.count == 7)
        #expect(!glyphs.contains { $0.id == 0 }, "no .notdef (tofu) glyphs")
        let face = try #require(text.runs.first?.face)
        #expect(try typesetter.fonts.face(for: FontRequest(), language: "ja") == face)
    }

    @Test func ownFontsComeFromTheFontsDirectory() throws {
        let library = try FontLibrary(fontDirectory: Self.fonts)
        let regular = try library.face(for: FontRequest(family: "BIZ UDPGothic"), language: "ja")
        let bold = try library.face(for: FontRequest(family: "BIZ UDPGothic", weight: .bold), language: "ja")
        #expect(regular != bold)
        #expect(library.path(of: regular).hasPrefix(Self.fonts))
        #expect(library.path(of: bold).hasSuffix("BIZUDPGothic-Bold.ttf"))
    }

    @Test func aCharacterTheFontLacksFallsBackToAnotherInstalledFont() throws {
        // BIZ UDPGothic has no Hangul; fontconfig finds one (Noto Sans CJK, installed by make deps).
        let text = try typesetter.typeset(item("城 한", language: "ja"))
        #expect(!text.runs.flatMap(\.glyphs).contains { $0.id == 0 })
        #expect(Set(text.runs.map(\.face)).count == 2)
    }

    @Test func longTextWrapsWithinTheFrame() throws {
        let text = try typesetter.typeset(item(String(repeating: "混雑状況をお知らせします。", count: 3), width: 400))
        #expect(text.lineCount > 1)
        #expect(text.isComplete)
        for glyph in text.runs.flatMap(\.glyphs) { #expect(glyph.x < 400) }
    }

    @Test func closingPunctuationNeverStartsALine() throws {
        // Width for exactly five characters: the 。 would start line 2 without kinsoku.
        let text = try typesetter.typeset(item("あいうえお。かきくけこ", width: 250.5, size: 50))
        let rows = lines(text)
        #expect(rows.count >= 2)
        let secondLine = text.runs.flatMap(\.glyphs).filter { $0.y == rows[1] }.min { $0.x < $1.x }
        let period = try shapedGlyphID("。")
        #expect(secondLine?.id != period)
    }

    @Test func maxLinesEndsWithAnEllipsis() throws {
        let text = try typesetter.typeset(
            item(String(repeating: "あ", count: 100), width: 300, paragraph: ParagraphStyle(maxLines: 2)))
        #expect(text.lineCount == 2)
        #expect(!text.isComplete)
        let ellipsis = try shapedGlyphID("…")
        #expect(text.runs.last?.glyphs.last?.id == ellipsis)
    }

    @Test func shrinkToFitReducesTheSizeDownToTheFloor() throws {
        let fits = try typesetter.typeset(
            item(
                "石垣山一夜城歴史公園", width: 300, height: 60, size: 60,
                paragraph: ParagraphStyle(maxLines: 1, overflow: .shrink(minimumSize: 20))))
        #expect(fits.isComplete)
        #expect(fits.scale < 1 && fits.scale * 60 >= 20)
        let floor = try typesetter.typeset(
            item(
                String(repeating: "城", count: 60), width: 300, height: 60, size: 60,
                paragraph: ParagraphStyle(maxLines: 1, overflow: .shrink(minimumSize: 30))))
        #expect(!floor.isComplete)
        #expect(abs(floor.scale * 60 - 30) < 0.01)
    }

    @Test func alignmentPlacesTheLine() throws {
        func firstX(_ alignment: ParagraphStyle.Alignment) throws -> Double {
            try typesetter.typeset(item("城", width: 1000, paragraph: ParagraphStyle(alignment: alignment))).runs[0]
                .glyphs[0].x
        }
        #expect(try firstX(.start) == 0)
        #expect(abs(try firstX(.center) - 475) < 1)
        #expect(abs(try firstX(.end) - 950) < 1)
    }

    @Test func justifiedLinesFillTheWidthExceptTheLast() throws {
        let text = try typesetter.typeset(
            item(String(repeating: "あいうえおか", count: 4), width: 520, paragraph: ParagraphStyle(alignment: .justify)))
        let rows = lines(text)
        #expect(rows.count >= 2)
        let glyphs = text.runs.flatMap(\.glyphs)
        let firstRowEnd = glyphs.filter { $0.y == rows[0] }.map(\.x).max() ?? 0
        #expect(firstRowEnd + 50 > 519, "the first line ends at the right edge")
    }

    @Test func explicitNewlinesBreakLines() throws {
        #expect(try typesetter.typeset(item("一\n二\n三")).lineCount == 3)
    }

    @Test func emptyTextSetsNothing() throws {
        let text = try typesetter.typeset(item(""))
        #expect(text.runs.isEmpty)
        #expect(text.isComplete)
    }

    @Test func reshapingUnchangedTextUsesTheCache() throws {
        _ = try typesetter.typeset(item("小田原駅東口"))
        let cached = typesetter.cachedRunCount
        _ = try typesetter.typeset(item("小田原駅東口", size: 80))
        #expect(typesetter.cachedRunCount == cached, "a new size reuses the shaping")
    }

    @Test func textNoLongerShownLeavesTheCachesAfterTwoGenerations() throws {
        let start = ContinuousClock.now
        let generation = Typesetter.cacheGeneration
        _ = try typesetter.typeset(item("14:05 小田原駅"))
        typesetter.forgetUnused(now: start)
        #expect(typesetter.cachedLayoutCount == 1)
        // The clock turns: the new minute is set, the old one is not drawn again.
        _ = try typesetter.typeset(item("14:06 小田原城"))
        typesetter.forgetUnused(now: start + generation / 2)
        #expect(typesetter.cachedLayoutCount == 2, "nothing ages within a generation")
        let runsForBoth = typesetter.cachedRunCount
        typesetter.forgetUnused(now: start + generation)
        _ = try typesetter.typeset(item("14:06 小田原城"))
        typesetter.forgetUnused(now: start + generation * 2)
        #expect(typesetter.cachedLayoutCount == 1, "only what was drawn in the last generation is kept")
        // The kept layout was a hit, so its runs were not shaped again and aged out with the rest.
        #expect(typesetter.cachedRunCount < runsForBoth, "the old minute's runs are let go")
        // What is kept is still a hit: setting it again shapes nothing new.
        let kept = typesetter.cachedRunCount
        _ = try typesetter.typeset(item("14:06 小田原城"))
        #expect(typesetter.cachedRunCount == kept)
        #expect(typesetter.cachedLayoutCount == 1)
    }

    @Test func locatesFontsFromASourceFile() {
        #expect(FontDirectory.locate(fromSourceFile: #filePath) == Self.fonts)
        #expect(
            FontDirectory.locate(environment: ["KOSATSU_FONTS": "/x"], executable: nil, workingDirectory: "/") == "/x")
    }

    private func shapedGlyphID(_ character: String) throws -> UInt32 {
        try #require(typesetter.typeset(item(character)).runs.first?.glyphs.first?.id)
    }
}
