import Testing

@testable import KosatsuText

/// The two-generation cache behind the typesetter's layouts and shaped runs.
@Suite struct RecentCacheTests {
    @Test func aHitInTheOlderGenerationOutlivesTheNextAge() {
        var cache = RecentCache<String, Int>(limit: 10)
        cache.store(1, for: "14:05")
        cache.store(2, for: "14:06")
        cache.age()
        #expect(cache.value(for: "14:06") == 2, "drawn again after the age: carried forward")
        cache.age()
        #expect(cache.value(for: "14:06") == 2)
        #expect(cache.value(for: "14:05") == nil, "not drawn for two ages: gone")
        #expect(cache.count == 1)
    }

    @Test func aFullGenerationAgesAtOnceSoTheCacheNeverHoldsMoreThanTwice() {
        var cache = RecentCache<Int, Int>(limit: 4)
        for key in 0..<100 {
            cache.store(key, for: key)
            #expect(cache.count <= 8)
        }
        #expect(cache.value(for: 99) == 99)
        #expect(cache.value(for: 0) == nil)
    }
}
