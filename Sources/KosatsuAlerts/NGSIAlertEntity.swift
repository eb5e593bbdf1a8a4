import Foundation
import KosatsuData

/// Turns FIWARE Smart Data Models `Alert` and `WeatherAlert` entities into `Alert`s, in every form
/// the data platform may send: NGSI-v2 key-values or normalized, NGSI-LD key-values or normalized,
/// an array of entities, a notification (`{"data": [...]}`) and GeoJSON Features.
///
/// Entities arrive as `NGSIEntity` values, decoded once: the platform client hands over the ones it
/// read from the broker, and bytes (a file, `POST /alerts`) are read by the same JSON reader.
enum NGSIAlertEntity {
    static let alertTypes: Set<String> = ["Alert", "WeatherAlert"]

    static func alerts(
        from data: Data, raw: String, file: String, reading: NGSIAlertReading = NGSIAlertReading()
    ) throws(AlertInputError) -> [Alert] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            throw AlertInputError(
                .malformedJSON, "the JSON is not well formed: \(error.message)", file: file, line: error.line,
                column: error.column)
        }
        let objects = Self.objects(in: json)
        let alertObjects = objects.filter { alertTypes.contains(Self.type(of: $0)) }
        guard !alertObjects.isEmpty else {
            let types = Set(objects.map(Self.type(of:))).sorted().filter { !$0.isEmpty }
            let found = types.isEmpty ? "no NGSI entity" : "entities of type \(types.joined(separator: ", "))"
            throw AlertInputError(
                .notAnAlertEntity, "found \(found); expected an NGSI entity of type Alert or WeatherAlert",
                file: file, line: 1)
        }
        var result: [Alert] = []
        for object in alertObjects {
            let type = Self.type(of: object)
            guard let entity = try? NGSIEntity(json: object, format: .normalized) else {
                throw AlertInputError(.invalidField, "an \(type) entity has no \"id\"", file: file)
            }
            result.append(try Entity(entity: entity, reading: reading).alert(raw: raw, file: file))
        }
        return result
    }

    /// The alert of one entity the platform client read (normalized or key-values alike).
    static func alert(
        from entity: NGSIEntity, raw: String, file: String, reading: NGSIAlertReading = NGSIAlertReading()
    ) throws(AlertInputError) -> Alert {
        guard alertTypes.contains(entity.type) else {
            throw AlertInputError(
                .notAnAlertEntity,
                "found entities of type \(entity.type); expected an NGSI entity of type Alert or "
                    + "WeatherAlert", file: file, line: 1)
        }
        return try Entity(entity: entity, reading: reading).alert(raw: raw, file: file)
    }

    /// The entity objects in a document: a list, a notification's `data`, a FeatureCollection's features.
    private static func objects(in json: JSONValue) -> [JSONValue] {
        switch json {
        case .array(let items):
            return items.flatMap(objects(in:))
        case .object(let object):
            if case .array(let data)? = object["data"], object["type"]?.string == "Notification" || object["id"] == nil
            {
                return data.flatMap(objects(in:))
            }
            if object["type"]?.string == "FeatureCollection", case .array(let features)? = object["features"] {
                return features.flatMap(objects(in:))
            }
            return [json]
        default:
            return []
        }
    }

    /// The entity's type; a GeoJSON Feature's is in its properties.
    private static func type(of json: JSONValue) -> String {
        guard case .object(let object) = json else { return "" }
        if object["type"]?.string == "Feature", case .object(let properties)? = object["properties"] {
            return properties["type"]?.string ?? ""
        }
        return object["type"]?.string ?? object["type"]?.array?.first?.string ?? ""
    }

    /// One entity's attributes, read in any of the four encodings, its text decoded as configured.
    struct Entity {
        let entity: NGSIEntity
        let reading: NGSIAlertReading

        var type: String { entity.type }

        /// The plain value of an attribute in any of the four encodings.
        func value(_ name: String) -> JSONValue? {
            entity.value(name)
        }

        /// Text as a person reads it: Orion forbids `<>"'=;()` in stored text, so providers
        /// percent-encode it (`%E6%B4%A5…`); decoded here, on every path that shows NGSI text.
        func text(_ value: JSONValue?) -> String? {
            guard let text = value?.string else { return nil }
            return reading.decodesText ? TextDecoding.percentDecoded(text) : text
        }

        func string(_ name: String) -> String? {
            text(value(name))
        }

        /// Text, or a number written as text (an `evacuationLevel` of 4).
        func words(_ name: String?) -> String? {
            guard let name, let value = value(name) else { return nil }
            switch value {
            case .number(let number):
                return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .array(let list):
                return list.compactMap(text).joined(separator: "、")
            default:
                return text(value)
            }
        }

        /// A list attribute (`["早川", "石橋"]`) or one text of names.
        func names(_ name: String?) -> [String] {
            guard let name, let value = value(name) else { return [] }
            if case .array(let list) = value { return list.compactMap(text).flatMap(EvacuationDetails.districts(in:)) }
            return text(value).map(EvacuationDetails.districts(in:)) ?? []
        }

        func date(_ name: String) -> Date? {
            value(name)?.string.flatMap(ISO8601.feedTime)
        }

        func alert(raw: String, file: String) throws(AlertInputError) -> Alert {
            let id = entity.id
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
            let address = value("address")?.object
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
                    Translation(
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
                    Translation(
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
    private static func shapes(_ geometry: JSONValue?) -> [GeoShape] {
        guard let geometry = geometry?.object, let type = geometry["type"]?.string else { return [] }
        func point(_ pair: JSONValue) -> GeoPoint? {
            guard let numbers = pair.array, numbers.count >= 2, let longitude = numbers[0].number,
                let latitude = numbers[1].number
            else { return nil }
            return GeoPoint(latitude: latitude, longitude: longitude)
        }
        func ring(_ rings: JSONValue?) -> GeoShape? {
            guard let outer = rings?.array?.first?.array else { return nil }
            let points = outer.compactMap(point)
            return points.count >= 3 ? .polygon(points) : nil
        }
        switch type {
        case "Point": return geometry["coordinates"].flatMap(point).map { [.point($0)] } ?? []
        case "Polygon": return ring(geometry["coordinates"]).map { [$0] } ?? []
        case "MultiPolygon": return (geometry["coordinates"]?.array ?? []).compactMap(ring)
        default: return []
        }
    }
}
