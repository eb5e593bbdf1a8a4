import KosatsuLayout
import KosatsuScene

/// States told by colour alone (a warning: colour-blind readers and low sun both lose them).
enum ColourAlone {
    static func findings(_ layout: Layout) -> [RawFinding] {
        layout.colourOnlyStates.map { state in
            RawFinding(
                line: state.source.line, column: state.source.column, severity: .warning, kind: .colourAlone,
                message:
                    "this box changes only its colour with '\(state.condition)': add a word, symbol or shape shown on the same condition",
                key: state.condition)
        }
    }
}
