import Foundation
import Logging

/// Logs problems with untrusted input without letting a flood of them flood the journal: the
/// first problem on a key (a topic) is one line at once; more on that key within `quiet` are
/// counted and told in the next line that goes out.
struct ProblemLog {
    var quiet: TimeInterval = 60
    private var last: [String: (at: Date, suppressed: Int)] = [:]

    mutating func report(_ message: String, key: String, logger: Logger, at now: Date = Date()) {
        if let previous = last[key], now.timeIntervalSince(previous.at) < quiet {
            last[key] = (previous.at, previous.suppressed + 1)
            return
        }
        let suppressed = last[key]?.suppressed ?? 0
        let more = suppressed > 0 ? " (and \(suppressed) more on this topic since the last line)" : ""
        logger.warning("\(message)\(more)")
        last[key] = (now, 0)
        if last.count > 4096 { last = [:] }
    }
}
