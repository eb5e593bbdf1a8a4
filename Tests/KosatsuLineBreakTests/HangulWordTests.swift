import KosatsuLineBreak
import Testing

struct HangulWordTests {
    @Test("Korean breaks between syllables by default, only between words when asked")
    func keepAll() {
        let text = "서울역 방면 열차"
        #expect(LineBreaker().opportunities(in: text.unicodeScalars) == [1, 2, 4, 5, 7, 8, 9])
        #expect(LineBreaker(keepsHangulWordsWhole: true).opportunities(in: text.unicodeScalars) == [4, 7, 9])
    }
}
