public import Foundation
import Synchronization

/// What the screen shows, in the sign's words.
public enum Showing: String, Sendable, Hashable, Codable {
    /// Starting: the splash (or the cached last frame) until the layouts are read.
    case splash
    /// The playlist: the normal board.
    case board
    /// An alert for the sign's area has taken over.
    case emergency
    /// The calm 「解除されました」 screen after a cancel.
    case calm
}

/// What the sign loop last decided the screen shows, as plain values anyone may read at any moment
/// (health, metrics, a fleet status) without waiting for the loop or for a frame.
public final class ScreenStatus: Sendable {
    public struct Value: Sendable {
        public var showing: Showing = .splash
        /// The choice behind it (layout, page, language, reason); nil before the first.
        public var choice: ScreenChoice?
        /// When the loop last looked at the world (it does at least every 10 s).
        public var lastStep: Date?
    }

    private let value = Mutex(Value())

    public init() {}

    public var current: Value { value.withLock { $0 } }
    public var showing: Showing { value.withLock { $0.showing } }

    func update(_ choice: ScreenChoice, at time: Date) {
        value.withLock {
            $0.choice = choice
            $0.lastStep = time
            $0.showing =
                switch choice.reason {
                case .emergency: .emergency
                case .calm: .calm
                case .playlist, .nothing: .board
                }
        }
    }

    func stepped(at time: Date) {
        value.withLock { $0.lastStep = time }
    }
}
