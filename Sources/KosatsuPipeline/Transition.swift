/// How a new page enters the screen. A playlist entry may ask for one (`transition: {kind: fade,
/// duration: 400ms}`); an emergency takeover is always a cut, never a fade into an alert.
public enum Transition: Sendable, Hashable {
    /// At once, in the next frame.
    case cut
    /// The new page fades in over the old one.
    case fade(Duration)
    /// The new page pushes the old one out to the left.
    case slide(Duration)

    /// Between playlist pages when nothing else is said: short enough to read as calm, long
    /// enough not to flash (well under three changes a second).
    public static let standard = Transition.fade(.milliseconds(400))

    public var duration: Duration {
        switch self {
        case .cut: .zero
        case .fade(let duration), .slide(let duration): duration
        }
    }

    /// How far along the transition is `elapsed` after it began, eased (slow in and out), 0...1.
    public func progress(after elapsed: Duration) -> Double {
        let total = duration.inSeconds
        guard total > 0 else { return 1 }
        let linear = min(max(elapsed.inSeconds / total, 0), 1)
        return linear * linear * (3 - 2 * linear)
    }
}

extension Duration {
    /// As a `Double` of seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
