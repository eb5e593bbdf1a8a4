import Foundation

/// Turns a parsed 気象庁防災情報XML telegram into an `Alert`.
///
/// Every telegram is read at the Control/Head level; the bodies a sign acts on are read in full:
/// warnings (VPWW5x, VXWW50), earthquakes (VXSE5x, 緊急地震速報 VXSE4x) and tsunamis (VTSE41).
enum JMATelegram {
    static let namespacePrefix = "http://xml.kishou.go.jp/jmaxml1/"

    static func alert(from report: XMLTree.Element, raw: String, file: String) throws(AlertInputError) -> Alert {
        let head = try JMAHead(report: report, file: file)
        let body = report.child("Body")
        var details = AlertDetails(
            jma: JMAHeadDetails(
                controlTitle: head.controlTitle, infoKind: head.infoKind, infoType: head.infoType,
                eventID: head.eventID, editorialOffice: head.editorialOffice,
                publishingOffice: head.publishingOffice, target: head.target))
        var bodyAreas: [AlertArea] = []
        var headAreas = head.areas
        let isEarlyWarning = head.hazard == .earthquakeEarlyWarning
        let isWarning = isEarlyWarning && head.controlTitle.contains("警報")
        if isEarlyWarning && !isWarning {
            // 予報 and 地震動予報 repeat the 警報 areas for specialists; only VXSE43 itself alerts the public.
            headAreas = headAreas.map { area in
                var capped = area
                capped.severity = area.severity.map { min($0, .minor) }
                return capped
            }
        }

        if let body, head.kind != .cancel {
            if ["気象警報・注意報", "土砂災害警戒情報"].contains(head.infoKind) {
                let warnings = JMAWarningsBody.read(body)
                details.warnings = warnings
                bodyAreas += warnings.map(\.area)
            }
            if let tsunami = JMATsunamiBody.read(body) {
                details.tsunami = tsunami
                bodyAreas += tsunami.map(\.area)
            }
            if let quake = JMAEarthquakeBody.read(body, isWarning: isWarning) {
                details.earthquake = quake.details
                bodyAreas += quake.areas
            }
        }

        let areas = merge(body: bodyAreas, head: headAreas)
        let severity = overallSeverity(head: head, areas: areas, details: details)
        let text = body.map(bodyText) ?? ""
        let serialText = head.serial.map(String.init) ?? ""
        var alert = Alert(
            id: "\(head.thread)@\(head.reportDateTimeText)#\(serialText)/\(head.infoType)",
            thread: head.thread, source: .jma, status: head.status, kind: head.kind, hazard: head.hazard,
            event: head.infoKind.isEmpty ? head.controlTitle : head.infoKind, severity: severity, areas: areas,
            headline: head.headline.isEmpty ? head.title : head.headline, text: text, issued: head.issued,
            effective: head.issued, expires: head.valid,
            serial: head.serial, transmitted: head.transmitted,
            translations: [Translation(language: "ja", event: head.infoKind, headline: head.headline, text: text)],
            details: details, raw: raw)
        alert.screen = JMAScreenLines.lines(for: alert, title: head.title)
        return alert
    }

    /// Body areas are graded by the body, which is authoritative; head areas fill in the rest.
    private static func merge(body: [AlertArea], head: [AlertArea]) -> [AlertArea] {
        var seen = Set<String>()
        var result: [AlertArea] = []
        for area in body + head {
            let key = "\(area.family?.rawValue ?? "")|\(area.code)|\(area.name)"
            if seen.insert(key).inserted { result.append(area) }
        }
        return result
    }

    private static func overallSeverity(head: JMAHead, areas: [AlertArea], details: AlertDetails) -> AlertSeverity {
        if let graded = areas.compactMap(\.severity).max() { return graded }
        if details.warnings != nil || details.tsunami != nil { return .information }  // everything lifted
        if let quake = details.earthquake {
            return quake.maxIntensity?.severity ?? (quake.isEarlyWarning ? .minor : .information)
        }
        // Telegrams without graded areas: the title's own words (噴火警報, 竜巻注意情報, …).
        return JMAKindName.severity(of: head.title).map { min($0, .warning) } ?? .information
    }

    /// Free text a person reads: Body/Text and the comments, without the data tables.
    private static func bodyText(_ body: XMLTree.Element) -> String {
        var parts: [String] = []
        if let text = body.string("Text") { parts.append(text) }
        for comment in body.children("Comments").flatMap(\.children) {
            if let text = comment.string("Text") {
                parts.append(text)
            } else if !comment.trimmedText.isEmpty {
                parts.append(comment.trimmedText)
            }
        }
        return parts.joined(separator: "\n")
    }
}
