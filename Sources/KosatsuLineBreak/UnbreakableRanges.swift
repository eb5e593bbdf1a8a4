/// Caller-marked units kept on one line (ruby bases, tate-chu-yoko numbers), asked about offsets in
/// increasing order, as a scan produces them.
struct UnbreakableRanges {
    private let ranges: [Range<Int>]
    private var next = 0

    init(_ ranges: [Range<Int>]) {
        self.ranges = ranges.filter { $0.count > 1 }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Whether `offset` lies strictly inside a range; offsets must not decrease between calls.
    mutating func covers(_ offset: Int) -> Bool {
        // Ranges ending at or before the offset can no longer cover anything; overlapping ranges are fine
        // because a later range may still reach further than an earlier one.
        while next < ranges.count && ranges[next].upperBound <= offset { next += 1 }
        var index = next
        while index < ranges.count && ranges[index].lowerBound < offset {
            if offset < ranges[index].upperBound { return true }
            index += 1
        }
        return false
    }
}
