public import Foundation

/// The order of messages on one thread: issue time, then serial, then transmission time (a 訂正
/// shares the issue time and serial of the telegram it corrects but is sent later).
public struct AlertVersion: Hashable, Sendable, Codable, Comparable {
    public var issued: Date
    public var serial: Int
    public var transmitted: Date

    public init(_ alert: Alert) {
        issued = alert.issued
        serial = alert.serial ?? 0
        transmitted = alert.transmitted ?? alert.issued
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.issued, lhs.serial, lhs.transmitted) < (rhs.issued, rhs.serial, rhs.transmitted)
    }
}
