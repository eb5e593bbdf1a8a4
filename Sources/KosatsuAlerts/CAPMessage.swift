import Foundation
import KosatsuData

/// Turns a parsed CAP 1.2 `alert` (1.1 has the same shape and is read too) into an `Alert`.
///
/// All `info` blocks are kept (one per language, sometimes more); the alert's severity and areas are
/// the union over them, and its headline is the Japanese block's, else the English one's, else the first.
enum CAPMessage {
    static let namespaces = ["urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1"]

    static func alert(from root: XMLTree.Element, raw: String, file: String) throws(AlertInputError) -> Alert {
        func required(_ name: String) throws(AlertInputError) -> String {
            guard let value = root.string(name) else {
                throw AlertInputError(
                    .invalidField,
                    "CAP <alert> has no <\(name)>; CAP 1.2 requires identifier, sender, sent, "
                        + "status, msgType and scope", file: file, line: root.line)
            }
            return value
        }
        let identifier = try required("identifier")
        let sender = try required("sender")
        let sentText = try required("sent")
        guard let sent = ISO8601.feedTime(sentText) else {
            throw AlertInputError(
                .invalidField, "<sent> is \"\(sentText)\"; expected a date-time like 2003-06-17T14:57:00-07:00",
                file: file, line: root.child("sent")?.line)
        }
        let statusText = try required("status")
        let status: AlertStatus
        switch statusText {
        case "Actual": status = .actual
        case "Exercise": status = .exercise
        case "System": status = .system
        case "Test": status = .test
        case "Draft": status = .draft
        default:
            throw AlertInputError(
                .invalidField, "<status> is \"\(statusText)\"; expected Actual, Exercise, System, Test or Draft",
                file: file, line: root.child("status")?.line)
        }
        let messageType = try required("msgType")
        var kind: AlertKind
        switch messageType {
        case "Alert": kind = .alert
        case "Update", "Ack", "Error": kind = .update
        case "Cancel": kind = .cancel
        default:
            throw AlertInputError(
                .invalidField, "<msgType> is \"\(messageType)\"; expected Alert, Update, Cancel, Ack or Error",
                file: file, line: root.child("msgType")?.line)
        }
        let references = (root.string("references") ?? "")
            .split(whereSeparator: \.isWhitespace)
            .map { reference -> String in
                // sender,identifier,sent: the first two name the message.
                reference.split(separator: ",", omittingEmptySubsequences: false).prefix(2).joined(separator: ",")
            }

        let infoElements = root.children("info")
        let infos = infoElements.map(info)
        var areas: [AlertArea] = []
        for (element, info) in zip(infoElements, infos) {
            let severity = Self.severity(info.severity)
            for area in element.children("area") {
                areas.append(contentsOf: Self.areas(area, severity: severity))
            }
        }

        // 避難情報 from a city's CAP: graded by its level, lifted by 解除 as by Cancel.
        let evacuation = Self.evacuation(infos, areas: areas)
        if let evacuation {
            areas = areas.map { area in
                var graded = area
                graded.severity = evacuation.details.level.severity
                return graded
            }
            if evacuation.isLifted { kind = .cancel }
        }

        let preferred =
            infos.first { $0.language.lowercased().hasPrefix("ja") }
            ?? infos.first { $0.language.lowercased().hasPrefix("en") } ?? infos.first
        let english = infos.first { $0.language.lowercased().hasPrefix("en") }
        let japanese = infos.first { $0.language.lowercased().hasPrefix("ja") }
        let severity = evacuation?.details.level.severity ?? infos.map { Self.severity($0.severity) }.max() ?? .unknown
        let event = evacuation?.details.level.japanese ?? preferred?.event ?? (kind == .cancel ? "Cancel" : "")
        let headline = preferred?.headline ?? preferred?.event ?? "\(messageType) \(identifier)"
        let effective = infos.compactMap { $0.effective ?? $0.onset }.min() ?? sent
        // The message is in force while any of its blocks is; a block without expires never ends by time.
        let expires = infos.isEmpty || infos.contains { $0.expires == nil } ? nil : infos.compactMap(\.expires).max()

        let englishLine = english.map { $0.headline ?? $0.event } ?? "\(severity.english): \(event)"
        let japaneseLine = japanese.map { $0.headline ?? $0.event } ?? "\(severity.japanese)　\(event)"

        return Alert(
            id: "\(sender),\(identifier)", thread: "\(sender),\(identifier)", source: .cap, status: status, kind: kind,
            hazard: hazard(infos), event: event, severity: severity, areas: areas, headline: headline,
            text: [preferred?.description, preferred?.instruction].compactMap { $0 }.joined(separator: "\n"),
            issued: sent, effective: effective, expires: expires, references: references, transmitted: sent,
            screen: ScreenLines(
                japanese: kind == .cancel ? "取り消されました" : japaneseLine,
                english: kind == .cancel ? "Cancelled" : englishLine),
            translations: infos.map {
                Translation(
                    language: $0.language, event: $0.event, headline: $0.headline ?? $0.event,
                    text: $0.description ?? "", instruction: $0.instruction)
            },
            details: AlertDetails(
                cap: details(root, identifier: identifier, sender: sender, messageType: messageType, infos: infos),
                evacuation: evacuation?.details),
            raw: raw)
    }

    /// Parameter names a Japanese CAP gives its 避難情報 under (city systems differ; matched without case).
    static let levelParameters = ["警戒レベル", "避難情報", "evacuationlevel", "evacuationtype"]
    static let districtParameters = ["対象地区", "districts", "地区"]
    static let hazardParameters = ["災害種別", "hazard", "原因"]
    static let statusParameters = ["発令状況", "status", "evacuationstatus"]

    /// The message's 避難情報: a level named by a parameter or by the event's own words (避難指示 …).
    private static func evacuation(_ infos: [CAPInfo], areas: [AlertArea]) -> (
        details: EvacuationDetails, isLifted: Bool
    )? {
        func parameter(_ names: [String]) -> [String] {
            infos.flatMap { ($0.parameters ?? []) + ($0.eventCodes ?? []) }
                .filter { names.contains($0.name.lowercased()) }.map(\.value)
        }
        guard
            let level = parameter(levelParameters).lazy.compactMap(EvacuationLevel.init(words:)).first
                ?? infos.lazy.compactMap({ EvacuationLevel(kind: $0.event) }).first
        else { return nil }
        var districts = parameter(districtParameters).flatMap(EvacuationDetails.districts(in:))
        if districts.isEmpty {
            var seen: Set<String> = []
            districts = areas.map(\.name).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        var hazards = EvacuationDetails.hazards(in: parameter(hazardParameters).joined(separator: " "))
        if hazards.isEmpty { hazards = EvacuationDetails.hazards(in: infos.map(\.event).joined(separator: " ")) }
        let words = (parameter(statusParameters) + infos.map(\.event)).joined(separator: " ")
        let lifted = words.contains("解除") || words.lowercased().contains("lifted")
        let issuer = infos.lazy.compactMap(\.senderName).first
        return (EvacuationDetails(level: level, districts: districts, hazards: hazards, issuer: issuer), lifted)
    }

    private static func details(
        _ root: XMLTree.Element, identifier: String, sender: String, messageType: String, infos: [CAPInfo]
    ) -> CAPDetails {
        var details = CAPDetails(
            identifier: identifier, sender: sender, messageType: messageType, scope: root.string("scope"), infos: infos)
        details.source = root.string("source")
        details.restriction = root.string("restriction")
        details.addresses = root.string("addresses")
        details.note = root.string("note")
        details.incidents = root.string("incidents")
        let codes = root.children("code").map(\.trimmedText)
        details.codes = codes.isEmpty ? nil : codes
        details.references = root.string("references").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        return details
    }

    private static func info(_ element: XMLTree.Element) -> CAPInfo {
        var info = CAPInfo(
            language: element.string("language") ?? "en-US",  // CAP's stated default
            categories: element.children("category").map(\.trimmedText), event: element.string("event") ?? "",
            urgency: element.string("urgency") ?? "Unknown", severity: element.string("severity") ?? "Unknown",
            certainty: element.string("certainty") ?? "Unknown",
            effective: element.string("effective").flatMap(ISO8601.feedTime),
            onset: element.string("onset").flatMap(ISO8601.feedTime),
            expires: element.string("expires").flatMap(ISO8601.feedTime), senderName: element.string("senderName"),
            headline: element.string("headline"), description: element.string("description"),
            instruction: element.string("instruction"))
        func pairs(_ name: String) -> [CAPValue]? {
            let list = element.children(name).map {
                CAPValue(name: $0.string("valueName") ?? "", value: $0.string("value") ?? "")
            }
            return list.isEmpty ? nil : list
        }
        let responses = element.children("responseType").map(\.trimmedText)
        info.responseTypes = responses.isEmpty ? nil : responses
        info.audience = element.string("audience")
        info.eventCodes = pairs("eventCode")
        info.parameters = pairs("parameter")
        info.web = element.string("web")
        info.contact = element.string("contact")
        return info
    }

    /// One `AlertArea` per geocode (so configured codes can match), or one for the description
    /// alone; every one carries the area's polygons and circles.
    private static func areas(_ area: XMLTree.Element, severity: AlertSeverity) -> [AlertArea] {
        let name = (area.string("areaDesc") ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var shapes: [GeoShape] = []
        for polygon in area.children("polygon") {
            let points = polygon.trimmedText.split(whereSeparator: \.isWhitespace).compactMap(point)
            if points.count >= 3 { shapes.append(.polygon(points)) }
        }
        for circle in area.children("circle") {
            let parts = circle.trimmedText.split(whereSeparator: \.isWhitespace)
            if parts.count == 2, let center = point(parts[0]), let kilometres = Double(parts[1]) {
                shapes.append(.circle(center: center, radius: kilometres * 1000))
            }
        }
        let geocodes = area.children("geocode").compactMap { geocode -> (String, String)? in
            guard let value = geocode.string("value") else { return nil }
            return (geocode.string("valueName") ?? "", value)
        }
        if geocodes.isEmpty {
            return [AlertArea(code: "", name: name, severity: severity, shapes: shapes)]
        }
        return geocodes.map { valueName, value in
            // A Japanese municipality code matches the sign's `municipality:` code like a JMA one.
            if municipalityGeocodes.contains(geocodeKey(valueName)) {
                return AlertArea(
                    code: AreaCodeFamily.municipalityCode(value), name: name, family: .municipality,
                    severity: severity, shapes: shapes)
            }
            return AlertArea(code: value, name: name, family: .cap(valueName), severity: severity, shapes: shapes)
        }
    }

    /// Geocode names for the 全国地方公共団体コード (JIS X 0402 with or without its check digit), as
    /// `geocodeKey` spells them: senders write "JIS X0402", "JIS X 0402", "jisx0402", "LG-Code".
    static let municipalityGeocodes: Set<String> = ["全国地方公共団体コード", "jisx0402", "lgcode", "municipality", "市町村コード"]

    /// A geocode name without case, spaces, hyphens or underscores (full-width ones too).
    static func geocodeKey(_ valueName: String) -> String {
        String(
            valueName.lowercased().unicodeScalars.filter { !" \u{3000}-_\u{FF0D}\u{FF3F}".unicodeScalars.contains($0) })
    }

    /// `lat,lon` as CAP writes it (WGS 84).
    private static func point(_ text: Substring) -> GeoPoint? {
        let parts = text.split(separator: ",")
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]),
            (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }

    static func severity(_ text: String) -> AlertSeverity {
        switch text {
        case "Extreme": .emergency
        case "Severe": .warning
        case "Moderate": .advisory
        case "Minor": .minor
        default: .unknown
        }
    }

    private static func hazard(_ infos: [CAPInfo]) -> Hazard {
        let words = infos.map { ($0.categories + [$0.event]).joined(separator: " ").lowercased() }.joined(
            separator: " ")
        // Japanese senders (a city's drill system, L-Alert relays) name the event in Japanese.
        if words.contains("tsunami") || words.contains("津波") { return .tsunami }
        if words.contains("earthquake") || words.contains("地震") { return .earthquake }
        if words.contains("landslide") || words.contains("mudslide") || words.contains("土砂") { return .landslide }
        if words.contains("volcan") || words.contains("噴火") || words.contains("火山") { return .volcano }
        if words.contains("大雨") || words.contains("洪水") || words.contains("氾濫") { return .weather }
        if infos.contains(where: { $0.categories.contains("Met") }) { return .weather }
        return .other
    }
}
