import KosatsuLineBreak
import Testing

struct LineBreakOpportunityTests {
    @Test("Hard line breaks are mandatory; the end of text is too")
    func mandatoryBreaks() {
        let breaker = LineBreaker()
        #expect(
            breaker.breakOpportunities(in: "ab\ncd e".unicodeScalars)
                == [
                    .init(offset: 3, isMandatory: true), .init(offset: 6, isMandatory: false),
                    .init(offset: 7, isMandatory: true),
                ])
        #expect(breaker.opportunities(in: "a\r\nb".unicodeScalars) == [3, 4], "CR LF is one break")
        #expect(breaker.breakOpportunities(in: "\u{2028}".unicodeScalars) == [.init(offset: 1, isMandatory: true)])
    }

    @Test("Empty text has only its end")
    func emptyText() {
        #expect(LineBreaker().opportunities(in: [Unicode.Scalar](), strictness: .strict) == [0])
    }

    @Test("The array, view and buffer forms agree", arguments: LineBreakStrictness.allCases)
    func formsAgree(_ strictness: LineBreakStrictness) {
        let text = "「JR東海道線」14:05発 小田原行は、約１０分遅れ！\n次は…"
        let breaker = LineBreaker()
        let scalars = Array(text.unicodeScalars)
        let fromArray = breaker.opportunities(in: scalars, strictness: strictness)
        #expect(fromArray == breaker.opportunities(in: text.unicodeScalars, strictness: strictness))
        #expect(fromArray == breaker.breakOpportunities(in: scalars, strictness: strictness).map(\.offset))
        var fromBuffer = [Int]()
        scalars.withUnsafeBufferPointer { buffer in
            breaker.forEachOpportunity(in: buffer, strictness: strictness) { fromBuffer.append($0.offset) }
        }
        #expect(fromArray == fromBuffer)
    }
}
