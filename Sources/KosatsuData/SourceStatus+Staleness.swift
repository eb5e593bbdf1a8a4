public import Foundation

extension SourceStatus {
    /// Whether the source's data is older than `maximumAge` at `date` (or never arrived), so a
    /// layout can show a stale marker.
    public func isStale(at date: Date, maximumAge: TimeInterval) -> Bool {
        guard let lastSuccess else { return true }
        return date.timeIntervalSince(lastSuccess) > maximumAge
    }
}
