import Foundation
import KosatsuAlerts
import KosatsuData

/// Turns a parsed alert into what an emergency screen shows.
enum AlertScreen {
    /// The layout event name a page's `emergency:` matches.
    static func event(of alert: Alert) -> String {
        switch alert.hazard {
        case .earthquake, .earthquakeEarlyWarning: "earthquake"
        case .tsunami: "tsunami"
        case .weather: "rain"
        case .landslide: "landslide"
        default: "other"
        }
    }

    static func notice(for alert: Alert, exercise: Bool = false) -> AlertNotice {
        AlertNotice(
            id: alert.id, event: event(of: alert), level: LocalizedText(ja: alert.event, en: alert.event),
            headline: LocalizedText(ja: alert.screen.japanese, en: alert.screen.english),
            areas: alert.areas.map(\.name).filter { !$0.isEmpty }, issued: alert.issued, expires: alert.expires,
            isExercise: exercise)
    }
}
