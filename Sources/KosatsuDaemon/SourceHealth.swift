import Foundation
import KosatsuData
import KosatsuPlatform

/// One source of the sign's data as `/healthz` reports it: when it last worked, its last error,
/// and whether it is stale by its own `staleAfter`.
struct SourceHealth: Encodable, Sendable, Equatable {
    var name: String
    var lastSuccess: Date?
    var ageSeconds: Double?
    var lastError: String?
    var staleAfterSeconds: Double
    /// Never worked, or not for longer than `staleAfterSeconds`.
    var stale: Bool

    /// How old a file source's data may be when nothing says otherwise.
    static let defaultStaleAfter: TimeInterval = 600

    init(name: String, lastSuccess: Date?, lastError: String?, staleAfter: TimeInterval, at now: Date) {
        self.name = name
        self.lastSuccess = lastSuccess
        self.ageSeconds = lastSuccess.map { now.timeIntervalSince($0).rounded() }
        self.lastError = lastError
        self.staleAfterSeconds = staleAfter
        self.stale = lastSuccess.map { now.timeIntervalSince($0) > staleAfter } ?? true
    }

    /// The data's own sources (a platform's `lastSuccess`, or what a data file says of its origin)
    /// judged by the configured platform's `staleAfter`, then the daemon's own readers.
    static func all(
        snapshot: [SourceStatus], readers: [String: SourceStatus], data: DataSourceConfiguration, at now: Date
    ) -> [SourceHealth] {
        var staleAfter = defaultStaleAfter
        if case .platform(let platform) = data { staleAfter = platform.staleAfter.seconds }
        var sources = snapshot.filter { readers[$0.name] == nil }.map {
            SourceHealth(
                name: $0.name, lastSuccess: $0.lastSuccess, lastError: $0.lastError, staleAfter: staleAfter, at: now)
        }
        for name in readers.keys.sorted() {
            let reader = readers[name]!
            sources.append(
                SourceHealth(
                    name: name, lastSuccess: reader.lastSuccess, lastError: reader.lastError,
                    staleAfter: defaultStaleAfter, at: now))
        }
        return sources
    }
}

extension Duration {
    /// In seconds, as `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
