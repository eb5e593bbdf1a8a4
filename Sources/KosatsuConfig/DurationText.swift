package import Yams

/// Durations as a designer writes them: `15s`, `1m`, `1m30s`, `2h`, `400ms`, or a number of seconds.
package enum DurationText {
    /// The longest duration taken (a year): longer is a mistake, and would overflow `Duration`.
    static let maximumSeconds = 366.0 * 86_400

    package static func parse(_ node: Node) -> Duration? {
        if let seconds = node.float ?? node.int.map(Double.init), seconds > 0 {
            return seconds <= maximumSeconds ? .milliseconds(Int(seconds * 1000)) : nil
        }
        guard let text = node.string, !text.isEmpty else { return nil }
        var total = 0.0
        var number = ""
        var milliseconds = false
        for character in text {
            if character.isNumber || character == "." {
                if milliseconds {
                    // "1m30s": the "m" was minutes.
                    guard let value = Double(number) else { return nil }
                    total += value * 60
                    number = ""
                    milliseconds = false
                }
                number.append(character)
                continue
            }
            // "400ms": the "s" after an "m" makes it milliseconds.
            if milliseconds {
                guard character == "s", let value = Double(number) else { return nil }
                total += value / 1000
                number = ""
                milliseconds = false
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "h": total += value * 3600
            case "m":
                milliseconds = true
                continue
            case "s": total += value
            default: return nil
            }
            number = ""
        }
        if milliseconds, let value = Double(number) {
            total += value * 60
            number = ""
        }
        guard number.isEmpty, total > 0, total <= maximumSeconds else { return nil }
        return .milliseconds(Int(total * 1000))
    }
}
