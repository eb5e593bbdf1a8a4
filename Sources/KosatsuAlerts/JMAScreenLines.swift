import Foundation

/// The Japanese and English lines a sign shows for a JMA telegram.
enum JMAScreenLines {
    static func lines(for alert: Alert, title: String) -> ScreenLines {
        if alert.kind == .cancel {
            return ScreenLines(japanese: "\(title)　取り消されました", english: "Cancelled: \(englishTitle(alert))")
        }
        switch alert.hazard {
        case .earthquakeEarlyWarning: return earlyWarning(alert, title: title)
        case .tsunami where alert.details.tsunami != nil: return tsunami(alert)
        case .earthquake where alert.details.earthquake != nil: return earthquake(alert, title: title)
        default:
            if let warnings = alert.details.warnings { return self.warnings(warnings, alert: alert, title: title) }
            let first = alert.headline.split(separator: "\n").first.map(String.init) ?? ""
            let japanese = first.isEmpty || first == title ? title : "\(title)　\(first)"
            return ScreenLines(japanese: japanese, english: englishTitle(alert))
        }
    }

    private static func earthquake(_ alert: Alert, title: String) -> ScreenLines {
        guard let quake = alert.details.earthquake else { return ScreenLines(japanese: title, english: "Earthquake") }
        var japanese = [title]
        var english = ["Earthquake"]
        if let max = quake.maxIntensity {
            japanese.append("最大\(max.japanese)")
            english.append("max seismic intensity \(max.english) (JMA)")
        }
        if let place = quake.hypocentreName {
            japanese.append("震源　\(place)")
        }
        if let words = quake.magnitudeText {
            japanese.append(words)
        }
        if let magnitude = quake.magnitude {
            english.append(String(format: "M%.1f", magnitude))
        }
        return ScreenLines(japanese: japanese.joined(separator: "　"), english: english.joined(separator: ", "))
    }

    private static func earlyWarning(_ alert: Alert, title: String) -> ScreenLines {
        let isWarning = alert.severity >= .warning
        let japanese = alert.headline.isEmpty || alert.headline == title ? title : "\(title)　\(alert.headline)"
        let english =
            isWarning
            ? "Earthquake early warning: strong shaking is coming. Protect yourself now"
            : "Earthquake early forecast"
        return ScreenLines(japanese: japanese, english: english)
    }

    private static func tsunami(_ alert: Alert) -> ScreenLines {
        switch alert.severity {
        case .emergency:
            return ScreenLines(
                japanese: "大津波警報　ただちに高台へ避難してください", english: "Major tsunami warning: evacuate to high ground now")
        case .warning, .dangerWarning:
            return ScreenLines(
                japanese: "津波警報　ただちに高台へ避難してください", english: "Tsunami warning: evacuate to high ground now")
        case .advisory:
            return ScreenLines(japanese: "津波注意報　海から離れてください", english: "Tsunami advisory: stay away from the sea")
        case .information, .minor:
            let forecasts = alert.details.tsunami ?? []
            if forecasts.contains(where: { $0.area.severity != nil }) {
                return ScreenLines(
                    japanese: "津波予報　若干の海面変動があるかもしれません", english: "Tsunami forecast: slight sea-level change")
            }
            return ScreenLines(japanese: "津波警報・注意報は解除されました", english: "Tsunami warnings and advisories lifted")
        case .unknown:
            return ScreenLines(japanese: "津波に関する情報", english: "Tsunami information")
        }
    }

    private static func warnings(_ warnings: [AreaWarnings], alert: Alert, title: String) -> ScreenLines {
        var names: [(String, AlertSeverity)] = []
        for kind in warnings.flatMap(\.kinds) {
            if let severity = kind.severity, !names.contains(where: { $0.0 == kind.name }) {
                names.append((kind.name, severity))
            }
        }
        let top = names.sorted { $0.1 > $1.1 }.prefix(3)
        if top.isEmpty {
            return ScreenLines(japanese: "\(title)　警報・注意報は解除されました", english: "Warnings and advisories lifted")
        }
        if alert.hazard == .landslide {
            return ScreenLines(
                japanese: "\(title)　命に危険が及ぶ土砂災害のおそれ", english: "Landslide alert (level 4): move to a safe place now")
        }
        return ScreenLines(
            japanese: "\(title)　" + top.map(\.0).joined(separator: "・"),
            english: top.map { JMAKindName.english($0.0) }.joined(separator: ", "))
    }

    private static func englishTitle(_ alert: Alert) -> String {
        switch alert.hazard {
        case .earthquake: "Earthquake information"
        case .earthquakeEarlyWarning: "Earthquake early warning"
        case .tsunami: "Tsunami information"
        case .weather:
            alert.severity >= .advisory ? "Weather \(alert.severity.english.lowercased())" : "Weather information"
        case .landslide: "Landslide alert"
        case .volcano: alert.severity >= .warning ? "Volcanic warning" : "Volcanic information"
        case .other: "JMA information"
        }
    }
}
