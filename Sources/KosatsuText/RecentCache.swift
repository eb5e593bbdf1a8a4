/// A cache that forgets what is no longer drawn. Entries live in two generations: a hit in the
/// older one carries the entry forward, and each `age()` drops what was not used since the last,
/// so the text of a minute gone (a clock's 14:05, yesterday's notice) leaves after two ages
/// instead of piling up until a count runs out. A full generation ages at once, so it also never
/// holds more than twice `limit` entries.
struct RecentCache<Key: Hashable, Value> {
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]
    /// Entries per generation.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { current.count + previous.count }

    mutating func value(for key: Key) -> Value? {
        if let value = current[key] { return value }
        guard let value = previous.removeValue(forKey: key) else { return nil }
        store(value, for: key)
        return value
    }

    mutating func store(_ value: Value, for key: Key) {
        if current.count >= limit { age() }
        current[key] = value
    }

    /// Drops every entry not used since the last age.
    mutating func age() {
        previous = current
        current = [:]
    }

    mutating func removeAll() {
        current = [:]
        previous = [:]
    }
}
