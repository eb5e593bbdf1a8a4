internal import Foundation
internal import KosatsuAlerts

/// Which emergency screen an alert calls for; `name` is the word layouts use in `emergency:`.
enum EmergencyEvent: Hashable, Sendable {
    case earthquake, earthquakeEarlyWarning, tsunami, rain, landslide, volcano, evacuation, weather, other

    init(_ alert: Alert, kinds: [WarningKind]) {
        // 避難情報 has a screen of its own, whatever it is issued for.
        if alert.details.evacuation != nil {
            self = .evacuation
            return
        }
        switch alert.hazard {
        case .earthquake: self = .earthquake
        case .earthquakeEarlyWarning: self = .earthquakeEarlyWarning
        case .tsunami: self = .tsunami
        case .landslide: self = .landslide
        case .volcano: self = .volcano
        case .weather:
            let names = kinds.map(\.name) + [alert.event]
            let rainy = ["大雨", "洪水", "氾濫", "Flood", "Rain", "flood", "rain"]
            self = names.contains { name in rainy.contains(where: name.contains) } ? .rain : .weather
        case .other:
            let words = [alert.event, alert.headline] + alert.translations.map(\.event)
            let evacuation = ["避難", "Evacuat", "evacuat"]
            self = words.contains { word in evacuation.contains(where: word.contains) } ? .evacuation : .other
        }
    }

    /// The event name a layout page lists (`emergency: earthquake,tsunami`).
    var name: String {
        switch self {
        case .earthquake, .earthquakeEarlyWarning: "earthquake"
        case .tsunami: "tsunami"
        case .rain: "rain"
        case .landslide: "landslide"
        case .volcano: "volcano"
        case .evacuation: "evacuation"
        case .weather: "weather"
        case .other: "other"
        }
    }
}
