import Foundation
import KosatsuData

/// Turns FIWARE Smart Data Models `Alert` and `WeatherAlert` entities into `Alert`s, in every form
/// the data platform may send: NGSI-v2 key-values or normalized, NGSI-LD key-values or normalized,
/// an array of entities, a notification (`{"data": [...]}`) and GeoJSON Features.
enum NGSIAlertEntity {
    static let alertTypes: Set<String> = ["Alert", "WeatherAlert"]

    static func alerts(
        from data: Data, raw: String, file: String, reading: NGSIAlertReading = NGSIAlertReading()
    ) throws(AlertInputError) -> [Alert] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let position = Self.position(of: error, in: data)
            throw AlertInputError(
                .malformedJSON, "the JSON is not well formed: \(Self.reason(of: error))", file: file,
                line: position.line, column: position.column)
        }
        let entities = Self.entities(in: json)
        let alertEntities = entities.filter { alertTypes.contains(Self.type(of: $0)) }
        guard !alertEntities.isEmpty else {
            let types = Set(entities.map(Self.type(of:))).sorted().filter { !$0.isEmpty }
            let found = types.isEmpty ? "no NGSI entity" : "entities of type \(types.joined(separator: ", "))"
            throw AlertInputError(
                .notAnAlertEntity, "found \(found); expected an NGSI entity of type Alert or WeatherAlert",
                file: file, line: 1)
        }
        var result: [Alert] = []
        for entity in alertEntities {
            result.append(try Entity(fields: entity, reading: reading).alert(raw: raw, file: file))
        }
        return result
    }

    private static func entities(in json: Any) -> [[String: Any]] {
        if let array = json as? [Any] { return array.flatMap(entities(in:)) }
        guard let object = json as? [String: Any] else { return [] }
        if let data = object["data"] as? [Any], object["type"] as? String == "Notification" || object["id"] == nil {
            return data.flatMap(entities(in:))
        }
        if object["type"] as? String == "FeatureCollection", let features = object["features"] as? [Any] {
            return features.flatMap(entities(in:))
        }
        if object["type"] as? String == "Feature", var properties = object["properties"] as? [String: Any] {
            properties["id"] = properties["id"] ?? object["id"]
            if properties["location"] == nil { properties["location"] = object["geometry"] }
            return [properties]
        }
        return [object]
    }

    private static func type(of entity: [String: Any]) -> String {
        (entity["type"] as? String) ?? ""
    }

    /// One entity's attributes, read in any of the four encodings, its text decoded as configured.
    struct Entity {
        let fields: [String: Any]
        let reading: NGSIAlertReading

        var type: String { NGSIAlertEntity.type(of: fields) }

        /// The plain value of an attribute in any of the four encodings.
        func value(_ name: String) -> Any? {
            guard var value = fields[name] else { return nil }
            if let wrapped = value as? [String: Any], wrapped["value"] != nil, wrapped["type"] != nil {
                value = wrapped["value"] as Any
            }
            if let typed = value as? [String: Any], let inner = typed["@value"] {
                value = inner
            }
            return value
        }

        /// Text as a person reads it: Orion forbids `<>"'=;()` in stored text, so providers
        /// percent-encode it (`%E6%B4%A5…`); decoded here, on every path that shows NGSI text.
        func text(_ value: Any?) -> String? {
            guard let text = value as? String else { return nil }
            return reading.decodesText ? TextDecoding.percentDecoded(text) : text
        }

        func string(_ name: String) -> String? {
            text(value(name))
        }

        /// Text, or a number written as text (an `evacuationLevel` of 4).
        func words(_ name: String?) -> String? {
            guard let name, let value = value(name) else { return nil }
            if let number = value as? NSNumber, !(value is String) { return number.stringValue }
            if let list = value as? [Any] { return list.compactMap(text).joined(separator: "、") }
            return text(value)
        }

        /// A list attribute (`["早川", "石橋"]`) or one text of names.
        func names(_ name: String?) -> [String] {
            guard let name, let value = value(name) else { return [] }
            if let list = value as? [Any] { return list.compactMap(text).flatMap(EvacuationDetails.districts(in:)) }
            return text(value).map(EvacuationDetails.districts(in:)) ?? []
        }

        func date(_ name: String) -> Date? {
            (value(name) as? String).flatMap(Timestamp.parse)
        }

        func alert(raw: String, file: String) throws(AlertInputError) -> Alert {
            guard let id = fields["id"] as? String, !id.isEmpty else {
                throw AlertInputError(.invalidField, "an \(type) entity has no \"id\"", file: file)
            }
            guard
                let issued = date("dateIssued") ?? date("validFrom") ?? date("dateCreated") ?? date("createdAt")
            else {
                throw AlertInputError(
                    .invalidField, "entity \(id) has no dateIssued (or validFrom); expected an ISO 8601 date-time",
                    file: file)
            }
            let category = string("category") ?? ""
            let subCategory = string("subCategory") ?? ""
            let severity = NGSIAlertEntity.severity(string("severity"))
            let description = string("description") ?? ""
            let event = subCategory.isEmpty ? category : subCategory
            let shapes = NGSIAlertEntity.shapes(value("location"))
            let address = value("address") as? [String: Any]
            let place = [address?["addressLocality"], address?["addressRegion"], address?["addressCountry"]]
                .compactMap(text).joined(separator: ", ")
            let area = AlertArea(code: "", name: place, severity: severity, shapes: shapes)
            let headline = description.isEmpty ? "\(severity.english): \(event)" : description
            let version = date("dateModified") ?? date("modifiedAt") ?? issued
            if let evacuation = evacuation(category: category, subCategory: subCategory, description: description) {
                return evacuationAlert(
                    evacuation, id: id, issued: issued, version: version, description: description, shapes: shapes,
                    place: place, hazard: NGSIAlertEntity.hazard(category: category, subCategory: subCategory),
                    raw: raw)
            }

            return Alert(
                id: id, thread: "ngsi:\(id)", source: .ngsi, status: .actual, kind: .alert,
                hazard: NGSIAlertEntity.hazard(category: category, subCategory: subCategory), event: event,
                severity: severity, areas: shapes.isEmpty && place.isEmpty ? [] : [area], headline: headline,
                text: description, issued: issued, effective: date("validFrom") ?? issued, expires: date("validTo"),
                transmitted: max(version, issued),
                screen: ScreenLines(
                    japanese: "\(severity.japanese)　\(NGSIAlertEntity.japaneseEvent(event))",
                    english: "\(severity.english): \(event)"),
                // The description is the provider's free text: a screen shows it as the alert's own
                // words, never in the headline's place (where the sign's own words say what to do).
                translations: [
                    LocalizedText(
                        language: NGSIAlertEntity.language(of: description), event: event, headline: "",
                        text: description)
                ],
                raw: raw)
        }

        /// The entity's 避難情報, when it carries a level (or is an `evacuation` alert whose words name one).
        func evacuation(category: String, subCategory: String, description: String) -> EvacuationDetails? {
            let names = reading.evacuation
            let isEvacuation = [category, subCategory].contains { $0.lowercased().hasPrefix("evacuation") }
            let stated = [words(names.level), words(names.kind)].compactMap { $0 }
            guard
                let level = stated.lazy.compactMap(EvacuationLevel.init(words:)).first
                    ?? (isEvacuation ? EvacuationLevel(words: description) : nil)
            else { return nil }
            var hazards = EvacuationDetails.hazards(in: words(names.hazard) ?? "")
            if hazards.isEmpty { hazards = EvacuationDetails.hazards(in: subCategory) }
            return EvacuationDetails(
                level: level, districts: self.names(names.districts), hazards: hazards,
                issuer: names.issuer.flatMap(string))
        }

        /// A 避難情報 alert: graded by its level, for the municipality it names and the districts'
        /// shapes; lifted (解除) is a cancel of its thread.
        func evacuationAlert(
            _ evacuation: EvacuationDetails, id: String, issued: Date, version: Date, description: String,
            shapes: [GeoShape], place: String, hazard: Hazard, raw: String
        ) -> Alert {
            let names = reading.evacuation
            let status = words(names.status)?.lowercased() ?? ""
            let lifted = ["解除", "lift", "cancel", "ended", "終了"].contains(where: status.contains)
            let severity = evacuation.level.severity
            var areas: [AlertArea] = []
            if let code = words(names.areaCode).map(AreaCodeFamily.municipalityCode), !code.isEmpty {
                areas.append(
                    AlertArea(
                        code: code, name: evacuation.issuer ?? place, family: .municipality, severity: severity,
                        shapes: shapes))
            } else if !shapes.isEmpty || !place.isEmpty {
                areas.append(AlertArea(code: "", name: place, severity: severity, shapes: shapes))
            }
            let words = "警戒レベル\(evacuation.level.rawValue)　\(evacuation.level.japanese)"
            let districts = evacuation.districts.isEmpty ? "" : "（\(evacuation.districts.joined(separator: "、"))）"
            var details = AlertDetails()
            details.evacuation = evacuation
            return Alert(
                id: id, thread: "ngsi:\(id)", source: .ngsi, status: .actual, kind: lifted ? .cancel : .alert,
                hazard: hazard, event: evacuation.level.japanese, severity: severity, areas: areas,
                headline: words + districts, text: description, issued: issued,
                effective: date("validFrom") ?? issued, expires: date("validTo"), transmitted: max(version, issued),
                screen: ScreenLines(
                    japanese: words, english: "Alert level \(evacuation.level.rawValue): \(evacuation.level.english)"),
                translations: [
                    LocalizedText(
                        language: NGSIAlertEntity.language(of: description), event: evacuation.level.japanese,
                        headline: "", text: description)
                ],
                details: details, raw: raw)
        }
    }

    /// Smart Data Models carry no language tag: a description in kana or kanji is Japanese (it
    /// must not stand in for the English line), anything else is taken as English.
    static func language(of text: String) -> String {
        let japanese = text.unicodeScalars.contains { scalar in
            (0x3040...0x30FF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
        }
        return japanese ? "ja" : "en"
    }

    /// Smart Data Models severity words on the common scale.
    static func severity(_ word: String?) -> AlertSeverity {
        switch word?.lowercased() {
        case "informational": .information
        case "low": .minor
        case "medium": .advisory
        case "high": .warning
        case "critical": .emergency
        default: .unknown
        }
    }

    private static func hazard(category: String, subCategory: String) -> Hazard {
        let words = (category + " " + subCategory).lowercased()
        if words.contains("tsunami") { return .tsunami }
        if words.contains("earthquake") { return .earthquake }
        if words.contains("landslide") { return .landslide }
        if words.contains("volcan") { return .volcano }
        if ["weather", "rain", "flood", "snow", "storm", "wind", "heat", "fog"].contains(where: words.contains) {
            return .weather
        }
        return .other
    }

    private static func japaneseEvent(_ event: String) -> String {
        let names = [
            "earthquake": "地震", "tsunami": "津波", "flood": "洪水", "rainfall": "大雨", "heatWave": "熱中症",
            "snow_ice": "雪・路面凍結", "trafficJam": "渋滞", "landslide": "土砂災害", "fire": "火災",
        ]
        return names[event] ?? event
    }

    /// GeoJSON Point, Polygon and MultiPolygon (outer rings), coordinates as [longitude, latitude].
    private static func shapes(_ geometry: Any?) -> [GeoShape] {
        guard let geometry = geometry as? [String: Any], let type = geometry["type"] as? String else { return [] }
        func point(_ pair: Any) -> GeoPoint? {
            guard let numbers = pair as? [Any], numbers.count >= 2, let longitude = double(numbers[0]),
                let latitude = double(numbers[1])
            else { return nil }
            return GeoPoint(latitude: latitude, longitude: longitude)
        }
        func ring(_ rings: Any?) -> GeoShape? {
            guard let rings = rings as? [Any], let outer = rings.first as? [Any] else { return nil }
            let points = outer.compactMap(point)
            return points.count >= 3 ? .polygon(points) : nil
        }
        switch type {
        case "Point": return point(geometry["coordinates"] as Any).map { [.point($0)] } ?? []
        case "Polygon": return ring(geometry["coordinates"]).map { [$0] } ?? []
        case "MultiPolygon": return ((geometry["coordinates"] as? [Any]) ?? []).compactMap(ring)
        default: return []
        }
    }

    private static func double(_ value: Any) -> Double? {
        (value as? Double) ?? (value as? Int).map(Double.init) ?? (value as? NSNumber)?.doubleValue
    }

    private static func reason(of error: any Error) -> String {
        let info = (error as NSError).userInfo
        return (info["NSDebugDescription"] as? String) ?? error.localizedDescription
    }

    /// JSONSerialization says "around line 42, column 5" on some platforms and "around character
    /// 1103" (a byte offset) on others; turn either into a line and column.
    private static func position(of error: any Error, in data: Data) -> (line: Int?, column: Int?) {
        let text = reason(of: error)
        func number(after word: String) -> Int? {
            guard let range = text.range(of: word + " ") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line") { return (line, number(after: "column")) }
        guard let offset = number(after: "character"), offset <= data.count else { return (nil, nil) }
        let before = data.prefix(offset)
        let line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let lineStart =
            before.lastIndex(of: UInt8(ascii: "\n")).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0
        return (line, offset - lineStart + 1)
    }
}
