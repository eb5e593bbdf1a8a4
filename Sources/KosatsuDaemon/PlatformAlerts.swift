import Foundation
import KosatsuAlerts
import KosatsuData

/// The data platform's `Alert` / `WeatherAlert` entities as messages for the alert board: each
/// entity read by the NGSI alert parser (`AlertReader`), passed on when it is new or changed;
/// an entity that left the broker is passed on as a cancel of its thread, so the board drops it
/// (and shows the calm screen if it was on screen). An entity that ended (`validTo` passed) is
/// dropped by the board's own expiry.
struct PlatformAlerts: Sendable {
    /// The alerts last passed on, by thread.
    private(set) var known: [String: Alert] = [:]
    /// Problems already reported, so a bad entity is logged once, not at every poll.
    private var reported: Set<String> = []
    /// How entities are read (the platform's `decodeText`).
    var reading = NGSIAlertReading()

    /// What changed since the last call: messages for `AlertBoard.receive`, and entities that
    /// could not be read (named by entity id), which keep their previous message.
    mutating func changes(_ entities: [NGSIEntity], at now: Date) -> (alerts: [Alert], problems: [String]) {
        var alerts: [Alert] = []
        var problems: [String] = []
        var current: [String: Alert] = [:]
        for entity in entities.sorted(by: { $0.id < $1.id }) {
            let id = entity.id
            let read: [Alert]
            do throws(AlertInputError) {
                read = [try AlertReader.read(entity: entity, file: "platform entity \(id)", ngsi: reading)]
            } catch {
                problems.append(error.description)
                if let previous = known["ngsi:\(id)"] { current[previous.thread] = previous }
                continue
            }
            for alert in read {
                current[alert.thread] = alert
                if let previous = known[alert.thread], AlertVersion(previous) == AlertVersion(alert) { continue }
                alerts.append(alert)
            }
        }
        for (thread, gone) in known where current[thread] == nil {
            alerts.append(Self.cancel(of: gone, at: now))
        }
        known = current
        let fresh = problems.filter { !reported.contains($0) }
        reported = Set(problems)
        return (alerts, fresh)
    }

    /// A cancel on `alert`'s thread, newer than it.
    static func cancel(of alert: Alert, at now: Date) -> Alert {
        var cancel = alert
        cancel.kind = .cancel
        cancel.transmitted = max(now, (alert.transmitted ?? alert.issued).addingTimeInterval(1))
        return cancel
    }
}
