import KosatsuLineBreak
import Testing

/// The units `docs/JAPANESE-TEXT.md` never splits, at every JLReq strictness.
struct NeverSplitTests {
    static let japanese: [LineBreakStrictness] = [.strict, .normal, .loose]

    func breaks(_ text: String, _ strictness: LineBreakStrictness, unbreakable: [Range<Int>] = []) -> [Int] {
        LineBreaker().opportunities(in: text.unicodeScalars, strictness: strictness, unbreakable: unbreakable)
    }

    @Test("A number keeps its prefix", arguments: japanese)
    func prefixes(_ strictness: LineBreakStrictness) {
        for prefix in "¥＄£＃€№￥￡" {
            #expect(breaks("\(prefix)100", strictness) == [4], "\(prefix)100")
            #expect(breaks("\(prefix)１００", strictness) == [4], "\(prefix)１００")
            #expect(breaks("文\(prefix)１", strictness) == [1, 3], "文\(prefix)１")
        }
        #expect(breaks("€-5", strictness) == [3])
    }

    @Test("A number keeps its postfix", arguments: japanese)
    func postfixes(_ strictness: LineBreakStrictness) {
        for postfix in "°′″℃¢％‰" {
            #expect(breaks("100\(postfix)", strictness) == [4], "100\(postfix)")
            #expect(breaks("１０\(postfix)", strictness) == [3], "１０\(postfix)")
        }
        #expect(breaks("25°C", strictness) == [4])
        #expect(breaks("(1)%", strictness) == [4])
    }

    @Test("Digit groups and full-width digit runs stay whole", arguments: japanese)
    func digitGroups(_ strictness: LineBreakStrictness) {
        #expect(breaks("1,000", strictness) == [5])
        #expect(breaks("3.14", strictness) == [4])
        #expect(breaks("14:05発", strictness) == [5, 6])
        #expect(breaks("１０", strictness) == [2])
        #expect(breaks("２０２６年", strictness) == [4, 5])
        #expect(breaks("１，０００円", strictness) == [5, 6])
        #expect(breaks("３．１４", strictness) == [4])
        #expect(breaks("１４：０５発", strictness) == [5, 6])
        // A separator not between digits behaves as punctuation again.
        #expect(breaks("１，文", strictness) == [2, 3])
    }

    @Test("Latin words stay whole", arguments: japanese)
    func latinWords(_ strictness: LineBreakStrictness) {
        #expect(breaks("Kosatsu", strictness) == [7])
        #expect(breaks("JR東海道線", strictness) == [2, 3, 4, 5, 6])
        #expect(breaks("ＪＲ線", strictness) == [2, 3])
        #expect(breaks("can’t", strictness) == [5])
        #expect(breaks("a “quote” b", strictness) == [2, 10, 11])
    }

    @Test("Runs of dividing punctuation read as one mark", arguments: japanese)
    func dividingPunctuationRuns(_ strictness: LineBreakStrictness) {
        #expect(breaks("文？！字", strictness) == (strictness == .loose ? [1, 3, 4] : [3, 4]))
        #expect(breaks("文・・・字", strictness) == (strictness == .loose ? [1, 4, 5] : [4, 5]))
    }

    @Test("Caller-marked units (ruby bases, tate-chu-yoko) stay whole", arguments: LineBreakStrictness.allCases)
    func unbreakableRanges(_ strictness: LineBreakStrictness) {
        #expect(breaks("小田原行", strictness) == [1, 2, 3, 4])
        #expect(breaks("小田原行", strictness, unbreakable: [0..<3]) == [3, 4])
        #expect(breaks("小田原行", strictness, unbreakable: [2..<4, 0..<2]) == [2, 4])
        #expect(breaks("小田原行", strictness, unbreakable: [0..<4, 1..<2]) == [4])
        // A hard line break inside a unit still breaks.
        #expect(breaks("小\n原", strictness, unbreakable: [0..<3]) == [2, 3])
    }

    @Test("No line starts with a nonstarter, even after a space", arguments: japanese)
    func nonstarterAfterSpace(_ strictness: LineBreakStrictness) {
        #expect(breaks("文 ・字", strictness) == (strictness == .loose ? [2, 3, 4] : [3, 4]))
        #expect(breaks("文 々字", strictness) == (strictness == .loose ? [2, 3, 4] : [3, 4]))
        #expect(breaks("文 ・字", .uax14) == [2, 3, 4])
    }

    @Test("Curly quotes break like brackets next to Japanese", arguments: japanese)
    func curlyQuotes(_ strictness: LineBreakStrictness) {
        #expect(breaks("彼は“はい”と", strictness) == [1, 2, 4, 6, 7])
        #expect(breaks("彼は“はい”と", .uax14) == [1, 4, 7])
    }
}
