public import Foundation
public import KosatsuData

/// Asks the same questions of a snapshot that a layout's `when:` asks, for the playlist's conditions.
public struct SnapshotQuery {
    private let context: DataContext

    public init(
        _ snapshot: Snapshot, at time: Date = Date(),
        timeZone: SignTimeZone = .tokyo
    ) {
        context = DataContext(snapshot: snapshot, now: time, language: .ja, timeZone: timeZone)
    }

    /// Whether the data path holds something: not missing, false, empty or blank (`crowded`, `alert`, `notices`).
    public func isPresent(_ path: String) -> Bool { context.isPresent(path) }
}
