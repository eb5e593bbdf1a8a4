/// The topics a sign uses for itself under a prefix (`kosatsu/signs` unless configured):
/// `PREFIX/ID/status` (retained), `PREFIX/ID/cmd` (commands), `PREFIX/ID/screenshot` (replies).
public struct FleetTopics: Sendable, Hashable {
    public var prefix: String
    public var id: String

    public init(prefix: String = FleetTopics.defaultPrefix, id: String) {
        self.prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        self.id = id
    }

    public static let defaultPrefix = "kosatsu/signs"

    public var status: String { "\(prefix)/\(id)/status" }
    public var command: String { "\(prefix)/\(id)/cmd" }
    public var screenshot: String { "\(prefix)/\(id)/screenshot" }
    /// Every sign's status, for a fleet view: `PREFIX/+/status`.
    public var everyStatus: String { "\(prefix)/+/status" }

    /// A sign's id from its name: letters and digits of any script, `-`, `_` and `.` kept, every
    /// other run of characters (spaces, MQTT's `/ + #`, controls) one `-`. 「小田原駅東口 1号機」 →
    /// `小田原駅東口-1号機`. Used as the MQTT client id and topic segment, so ACLs can say `%c`.
    public static func id(fromName name: String) -> String {
        var id = ""
        var pendingDash = false
        for scalar in name.unicodeScalars {
            let properties = scalar.properties
            let keep =
                (properties.isAlphabetic || properties.numericType != nil || "-_.".unicodeScalars.contains(scalar))
                && !"/+#".unicodeScalars.contains(scalar) && scalar.value >= 0x20
            if keep {
                if pendingDash, !id.isEmpty { id.append("-") }
                pendingDash = false
                id.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return id.isEmpty ? "kosatsu-sign" : id
    }

    /// Whether `topic` is a valid filter: not empty, `#` only last and alone, `+` alone in its level.
    public static func isValidFilter(_ topic: String) -> Bool {
        guard !topic.isEmpty, topic.utf8.count <= 65_535, !topic.unicodeScalars.contains("\u{0}") else { return false }
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false)
        for (index, level) in levels.enumerated() {
            if level.contains("#"), level != "#" || index != levels.count - 1 { return false }
            if level.contains("+"), level != "+" { return false }
        }
        return true
    }

    /// Whether `topic` can be published to (no wildcards).
    public static func isValidName(_ topic: String) -> Bool {
        isValidFilter(topic) && !topic.contains("+") && !topic.contains("#")
    }
}
