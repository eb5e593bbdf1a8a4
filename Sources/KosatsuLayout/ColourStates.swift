public import KosatsuScene

/// A box that only changes colour with a state of the data (`when: spot.high` on a panel), with nothing
/// that reads — a word, a picture — changing with it: the state is told by colour alone.
public struct ColourOnlyState: Sendable, Hashable {
    public var source: SourceMark
    /// The condition as written (`when: spot.high`).
    public var condition: String
}

extension Layout {
    /// Every panel or rule shown on a condition that no text, picture or widget beside it shares.
    public var colourOnlyStates: [ColourOnlyState] {
        var found: [ColourOnlyState] = []
        for page in pages { Self.colourOnly(page.items, into: &found) }
        return found
    }

    private static func colourOnly(_ boxes: [Box], into found: inout [ColourOnlyState]) {
        for box in boxes {
            switch box {
            case .panel(let frame, _, _, _), .line(_, _, _, let frame):
                for condition in conditions(frame) {
                    let told = boxes.contains { other in
                        conditions(other.frameSpec).contains(condition) && reads(other)
                    }
                    if !told, let source = frame.source {
                        found.append(ColourOnlyState(source: source, condition: condition))
                    }
                }
            case .group(_, _, let items): colourOnly(items, into: &found)
            case .repeating(_, let spec):
                colourOnly(spec.items, into: &found)
                colourOnly(spec.empty, into: &found)
            default: break
            }
        }
    }

    private static func conditions(_ frame: FrameSpec) -> [String] {
        [frame.when.map { "when: \($0)" }, frame.unless.map { "unless: \($0)" }].compactMap { $0 }
    }

    /// Whether the box shows something read, not only seen as a colour.
    private static func reads(_ box: Box) -> Bool {
        switch box {
        case .text, .clock, .image, .widget: true
        case .group(_, _, let items): items.contains { reads($0) }
        case .repeating(_, let spec): spec.items.contains { reads($0) }
        case .panel, .line: false
        }
    }
}
