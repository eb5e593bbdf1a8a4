import KosatsuConfig
import Testing

/// The did-you-mean of every reader (layouts, the sign's config, the platform config) is the same for
/// the same mistake, however the known words were ordered.
struct SuggestionTests {
    @Test func aTieGoesToTheFirstInSortedOrder() {
        #expect(Suggestion.closest(to: "bat", in: ["bar", "bag"]) == "bag")
        #expect(Suggestion.closest(to: "bat", in: ["bag", "bar"]) == "bag")
        for _ in 0..<20 {
            #expect(Suggestion.closest(to: "bat", in: Set(["bar", "bag", "bay"])) == "bag")
        }
    }

    @Test func farWordsGetNoSuggestion() {
        #expect(Suggestion.closest(to: "colour", in: ["color", "size"]) == "color")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["color", "size"]) == nil)
    }
}
