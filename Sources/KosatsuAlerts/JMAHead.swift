import Foundation
import KosatsuData

/// The Control and Head of a JMA telegram: what every telegram has, whatever its body.
struct JMAHead {
    var controlTitle: String
    var status: AlertStatus
    var transmitted: Date?
    var editorialOffice: String
    var publishingOffice: String
    var title: String
    var reportDateTimeText: String
    var issued: Date
    var target: Date?
    var valid: Date?
    var eventID: String
    var infoType: String
    var serial: Int?
    var infoKind: String
    var headline: String
    /// Areas named in Headline/Information, graded by the kinds of their item.
    var areas: [AlertArea]

    init(report: XMLTree.Element, file: String) throws(AlertInputError) {
        guard let control = report.child("Control") else {
            throw AlertInputError(
                .invalidField, "<Report> has no <Control>; a JMA telegram has Control, Head and Body",
                file: file, line: report.line)
        }
        guard let head = report.child("Head") else {
            throw AlertInputError(
                .invalidField, "<Report> has no <Head>; a JMA telegram has Control, Head and Body",
                file: file, line: report.line)
        }
        controlTitle = control.string("Title") ?? ""
        let statusText = control.string("Status") ?? ""
        switch statusText {
        case "通常": status = .actual
        case "訓練": status = .exercise
        case "試験": status = .test
        default:
            throw AlertInputError(
                .invalidField, "Control/Status is \"\(statusText)\"; expected 通常, 訓練 or 試験",
                file: file, line: control.child("Status")?.line ?? control.line)
        }
        transmitted = control.string("DateTime").flatMap(ISO8601.feedTime)
        editorialOffice = control.string("EditorialOffice") ?? ""
        publishingOffice = control.string("PublishingOffice") ?? ""

        title = head.string("Title") ?? controlTitle
        guard let reportText = head.string("ReportDateTime"), let reported = ISO8601.feedTime(reportText) else {
            throw AlertInputError(
                .invalidField,
                "Head/ReportDateTime is missing or not an ISO 8601 date-time (expected e.g. 2021-02-16T16:10:00+09:00)",
                file: file, line: head.child("ReportDateTime")?.line ?? head.line)
        }
        reportDateTimeText = reportText
        issued = reported
        target = head.string("TargetDateTime").flatMap(ISO8601.feedTime)
        valid = head.string("ValidDateTime").flatMap(ISO8601.feedTime)
        eventID = head.string("EventID") ?? ""
        infoType = head.string("InfoType") ?? ""
        guard ["発表", "訂正", "取消"].contains(infoType) else {
            throw AlertInputError(
                .invalidField, "Head/InfoType is \"\(infoType)\"; expected 発表, 訂正 or 取消",
                file: file, line: head.child("InfoType")?.line ?? head.line)
        }
        serial = head.string("Serial").flatMap { Int($0) }
        infoKind = head.string("InfoKind") ?? ""
        headline = head.string("Headline", "Text") ?? ""
        areas = Self.headlineAreas(head)
    }

    private static func headlineAreas(_ head: XMLTree.Element) -> [AlertArea] {
        var areas: [AlertArea] = []
        for item in head.all("Headline", "Information", "Item") {
            // An item without kinds names areas without grading them: information for those areas.
            let kinds = item.children("Kind")
            let severity =
                kinds.isEmpty
                ? .information : kinds.compactMap { JMAKindName.severity(of: $0.string("Name") ?? "") }.max()
            for group in item.children("Areas") {
                let family = group.attributes["codeType"].map(AreaCodeFamily.init(jmaCodeType:))
                for area in group.children("Area") {
                    areas.append(
                        AlertArea(
                            code: area.string("Code") ?? "", name: area.string("Name") ?? "", family: family,
                            severity: severity))
                }
            }
        }
        return areas
    }

    /// The life-cycle thread: one per product and event (or per office and title for telegrams
    /// without an EventID, such as a prefecture's warnings).
    var thread: String {
        // Drills and tests live on threads of their own, so they can never replace a real telegram.
        let prefix = status == .actual ? "jma:" : "jma-\(status.rawValue):"
        if !eventID.isEmpty { return "\(prefix)\(controlTitle)|\(eventID)" }
        // A prefecture's title may gain 特別警報 while a 特別警報 is in force; it is the same thread.
        let stableTitle = title.replacingOccurrences(of: "特別警報・", with: "")
        return "\(prefix)\(controlTitle)|\(editorialOffice)|\(stableTitle)"
    }

    var kind: AlertKind {
        switch infoType {
        case "取消": .cancel
        case "訂正": .update
        default: (serial ?? 1) > 1 ? .update : .alert
        }
    }

    var hazard: Hazard {
        let kind = infoKind + controlTitle
        if kind.includes("緊急地震速報") { return .earthquakeEarlyWarning }
        if kind.includes("津波") { return .tsunami }
        if kind.includes("土砂災害") { return .landslide }
        if kind.includes("地震") || kind.includes("震度") || kind.includes("震源") || kind.includes("南海トラフ") {
            return .earthquake
        }
        if kind.includes("火山") || kind.includes("噴火") || kind.includes("降灰") || kind.includes("噴煙") {
            return .volcano
        }
        if ["気象", "警報", "大雨", "台風", "竜巻", "洪水", "河川", "天気", "天候", "海上"].contains(where: kind.includes) {
            return .weather
        }
        return .other
    }
}
