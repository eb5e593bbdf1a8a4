import Foundation
import KosatsuFleet

/// What the screen shows now, as the sign's loop last decided and put on it: the one place the
/// fleet status learns it from. The loop records each step; watchers hear of each change.
actor OnScreen {
    struct Record: Sendable, Hashable {
        var showing: SignStatus.Showing = .splash
        var layout: String?
        /// 0-based.
        var page: Int?
    }

    private(set) var record = Record()
    private var watchers: [UUID: AsyncStream<Record>.Continuation] = [:]

    /// The loop's choice, once it is on screen (drawn now or already there).
    func record(_ choice: ScreenChoice) {
        let showing: SignStatus.Showing =
            switch choice.reason {
            case .playlist: .board
            case .emergency: .emergency
            case .calm: .calm
            case .nothing: .splash
            }
        let new = Record(showing: showing, layout: choice.layout, page: choice.page)
        guard new != record else { return }
        record = new
        for watcher in watchers.values { watcher.yield(new) }
    }

    /// Every change from now on.
    func changes() -> AsyncStream<Record> {
        let (stream, continuation) = AsyncStream.makeStream(of: Record.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.forget(id) } }
        return stream
    }

    private func forget(_ id: UUID) { watchers[id] = nil }
}
