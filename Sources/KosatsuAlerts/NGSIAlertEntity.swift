import Foundation

/// Turns FIWARE Smart Data Models `Alert` and `WeatherAlert` entities into `Alert`s, in every form
/// the data platform may send: NGSI-v2 key-values or normalized, NGSI-LD key-values or normalized,
/// an array of entities, a notification (`{"data": [...]}`) and GeoJSON Features.
enum NGSIAlertEntity {
    static let alertTypes: Set<String> = ["Alert", "WeatherAlert"]

    static func alerts(from data: Data, raw: String, file: String) throws(AlertInputError) -> [Alert] {
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
            result.append(try alert(from: entity, raw: raw, file: file))
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

    /// The plain value of an attribute in any of the four encodings.
    private static func value(_ entity: [String: Any], _ name: String) -> Any? {
        guard var value = entity[name] else { return nil }
        if let wrapped = value as? [String: Any], wrapped["value"] != nil, wrapped["type"] != nil {
            value = wrapped["value"] as Any
        }
        if let typed = value as? [String: Any], let inner = typed["@value"] {
            value = inner
        }
        return value
    }

    private static func string(_ entity: [String: Any], _ name: String) -> String? {
        value(entity, name) as? String
    }

    private static func date(_ entity: [String: Any], _ name: String) -> Date? {
        string(entity, name).flatMap(Timestamp.parse)
    }

    private static func alert(from entity: [String: Any], raw: String, file: String) throws(AlertInputError) -> Alert {
        guard let id = entity["id"] as? String, !id.isEmpty else {
            throw AlertInputError(.invalidField, "an \(type(of: entity)) entity has no \"id\"", file: file)
        }
        guard
            let issued = date(entity, "dateIssued") ?? date(entity, "validFrom") ?? date(entity, "dateCreated")
                ?? date(entity, "createdAt")
        else {
            throw AlertInputError(
                .invalidField, "entity \(id) has no dateIssued (or validFrom); expected an ISO 8601 date-time",
                file: file)
        }
        let category = string(entity, "category") ?? ""
        let subCategory = string(entity, "subCategory") ?? ""
        let severity = Self.severity(string(entity, "severity"))
        let description = string(entity, "description") ?? ""
        let event = subCategory.isEmpty ? category : subCategory
        let shapes = Self.shapes(value(entity, "location"))
        let address = value(entity, "address") as? [String: Any]
        let place = [address?["addressLocality"], address?["addressRegion"], address?["addressCountry"]]
            .compactMap { $0 as? String }.joined(separator: ", ")
        let area = AlertArea(code: "", name: place, severity: severity, shapes: shapes)
        let headline = description.isEmpty ? "\(severity.english): \(event)" : description
        let version = date(entity, "dateModified") ?? date(entity, "modifiedAt") ?? issued

        return Alert(
            id: id, thread: "ngsi:\(id)", source: .ngsi, status: .actual, kind: .alert,
            hazard: hazard(category: category, subCategory: subCategory), event: event, severity: severity,
            areas: shapes.isEmpty && place.isEmpty ? [] : [area], headline: headline, text: description,
            issued: issued, effective: date(entity, "validFrom") ?? issued, expires: date(entity, "validTo"),
            transmitted: max(version, issued),
            screen: ScreenLines(
                japanese: "\(severity.japanese)　\(japaneseEvent(event))", english: "\(severity.english): \(event)"),
            translations: [LocalizedText(language: "en", event: event, headline: headline, text: description)],
            raw: raw)
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
