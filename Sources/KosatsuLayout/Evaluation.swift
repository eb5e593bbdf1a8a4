public import KosatsuScene

/// A scene and the notes taken while evaluating it: data the widgets skipped or clamped
/// (a negative count, a value that is not a number, a spot the map has no place for).
public struct Evaluation: Sendable {
    public var scene: Scene
    /// One line each, for the log; the scene never fails because of bad data.
    public var notes: [String]
}

/// Collects notes during one evaluation (one evaluation, one thread).
final class EvaluationNotes {
    private(set) var lines: [String] = []

    func add(_ line: String) {
        if !lines.contains(line) { lines.append(line) }
    }
}
