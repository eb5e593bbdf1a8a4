public import Foundation
public import KosatsuData

/// Turns broker entities into the snapshot's values, as the config's mapping says. Pure: the
/// same entities give the same values, which is what the tests and the benchmark rely on.
public struct EntityMapper: Sendable {
    public var config: PlatformConfig

    public init(config: PlatformConfig) {
        self.config = config
    }

    // MARK: Values

    /// Text as a person should read it: numbers printed, percent-encoding decoded.
    func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(var text):
            // Trim only when needed: Foundation's trimming is slow on a hot path.
            if Self.hasEdgeSpace(text) {
                text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard !text.isEmpty else { return nil }
            return config.decodeText ? TextDecoding.percentDecoded(text) : text
        case .number(let number): return JSONWriter.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// Whether the text starts or ends with white space (ASCII, no-break, ideographic U+3000):
    /// worth a real trim.
    static func hasEdgeSpace(_ text: String) -> Bool {
        // An ASCII end byte is its own scalar; only a multi-byte end needs decoding.
        let ends =
            text.utf8.withContiguousStorageIfAvailable { ($0.first, $0.last) } ?? (text.utf8.first, text.utf8.last)
        guard let first = ends.0, let last = ends.1 else { return false }
        let startsWithSpace =
            first < 0x80 ? isSpace(Unicode.Scalar(first)) : text.unicodeScalars.first.map(isSpace) ?? false
        if startsWithSpace { return true }
        return last < 0x80 ? isSpace(Unicode.Scalar(last)) : text.unicodeScalars.last.map(isSpace) ?? false
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            true
        default: false
        }
    }

    func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .number(let number): return number.isFinite ? number : nil
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    func int(_ value: JSONValue?) -> Int? {
        guard let number = number(value), abs(number) < 1e12 else { return nil }
        return Int(number.rounded())
    }

    /// ISO 8601 instants; an interval (`2018-08-07T11:10:00/2018-08-07T11:15:00`) gives its end,
    /// and a time without a zone is taken as UTC (as Orion stores it).
    func date(_ value: JSONValue?) -> Date? {
        guard case .string(var text) = value else { return nil }
        if text.containsUTF8(UInt8(ascii: "/")), let slash = text.firstIndex(of: "/") {
            text = String(text[text.index(after: slash)...])
        }
        return ISO8601.parse(text, missingZone: .utc)
    }

    func bool(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            return ["true", "1", "yes"].contains(text.lowercased())
                ? true : (["false", "0", "no"].contains(text.lowercased()) ? false : nil)
        case .number(let number): return number != 0
        default: return nil
        }
    }

    func attribute(_ entity: NGSIEntity, _ name: String?) -> JSONValue? {
        guard let name else { return nil }
        return entity.value(name)
    }

    /// Fills a `LocalizedText` from per-language attributes; an attribute holding an object of
    /// languages (a StructuredValue or an LD LanguageProperty) fills every language it has.
    func localized(_ entity: NGSIEntity, _ attributes: LanguageAttributes?) -> LocalizedText? {
        guard let attributes else { return nil }
        var result = LocalizedText()
        var found = false
        for (language, name) in attributes.names {
            guard let value = entity.value(name) else { continue }
            if case .object(let map) = value {
                for member in map.members {
                    guard let code = Language(languageTag: member.key), let text = text(member.value) else { continue }
                    if result[code] == nil {
                        result.set(code, text)
                        found = true
                    }
                }
            } else if let text = text(value) {
                result.set(language, text)
                found = true
            }
        }
        return found ? result : nil
    }

    // MARK: Entities → snapshot values

    public func spot(_ entity: NGSIEntity, now: Date) -> Spot? {
        guard let mapping = config.spots else { return nil }
        let name = localized(entity, mapping.name) ?? LocalizedText(ja: entity.id)
        let count = int(attribute(entity, mapping.count))
        let capacity = int(attribute(entity, mapping.capacity)).flatMap { $0 > 0 ? $0 : nil }
        let observedAt = date(attribute(entity, mapping.observedAt))
        var spot = Spot(id: entity.id, name: name, peopleCount: count, capacity: capacity, observedAt: observedAt)
        spot.congestion = level(occupancy: spot.occupancy, entity: entity, mapping: mapping)
        return spot
    }

    /// Count against capacity first; else the provider's occupancy (a ratio, or % above 1.5);
    /// else its `congested` flag.
    func level(occupancy: Double?, entity: NGSIEntity, mapping: SpotMapping) -> CongestionLevel? {
        if let occupancy { return mapping.thresholds.level(occupancy: occupancy) }
        if var occupancy = number(attribute(entity, mapping.occupancy)) {
            if occupancy > 1.5 { occupancy /= 100 }
            return mapping.thresholds.level(occupancy: max(0, occupancy))
        }
        if let congested = bool(attribute(entity, mapping.congested)) { return congested ? .high : .low }
        return nil
    }

    public func alert(_ entity: NGSIEntity, now: Date) -> AlertNotice? {
        guard let mapping = config.alerts else { return nil }
        let category = text(attribute(entity, mapping.category))
        let subCategory = text(attribute(entity, mapping.subCategory))
        let severity = text(attribute(entity, mapping.severity))
        let validTo = date(attribute(entity, mapping.validTo))
        if let validTo, validTo <= now { return nil }
        let issued = date(attribute(entity, mapping.issued)) ?? date(attribute(entity, mapping.validFrom)) ?? now
        let headline =
            localized(entity, mapping.headline)
            ?? LocalizedText(ja: [subCategory, category].compactMap { $0 }.first ?? entity.id)
        var areas: [String] = []
        switch attribute(entity, mapping.areas) {
        case .array(let items): areas = items.compactMap { text($0) }
        case let value?: areas = text(value).map { [$0] } ?? []
        case nil: break
        }
        return AlertNotice(
            id: entity.id, event: subCategory ?? category ?? "alert", level: severity.map(Self.severityWords),
            headline: headline, areas: areas, issued: issued, expires: validTo)
    }

    /// Smart Data Models severities in words a passer-by reads.
    static func severityWords(_ severity: String) -> LocalizedText {
        switch severity.lowercased() {
        case "informational": LocalizedText(ja: "お知らせ", en: "Information")
        case "low": LocalizedText(ja: "注意", en: "Low")
        case "medium": LocalizedText(ja: "注意", en: "Moderate")
        case "high": LocalizedText(ja: "警戒", en: "High")
        case "critical": LocalizedText(ja: "危険", en: "Critical")
        default: LocalizedText(ja: severity, en: severity)
        }
    }

    /// A shelter the city publishes: where it is, what it is for, whether it is open, how crowded.
    /// Nil without a position (a shelter nobody can be pointed to).
    public func shelter(_ entity: NGSIEntity) -> Shelter? {
        guard let mapping = config.shelters, let position = point(attribute(entity, mapping.location)) else {
            return nil
        }
        let name = localized(entity, mapping.name) ?? LocalizedText(ja: entity.id)
        var hazards: [ShelterHazard] = []
        switch attribute(entity, mapping.hazards) {
        case .array(let items): hazards = items.compactMap { text($0) }.flatMap(Self.hazards(in:))
        case let value?: hazards = text(value).map(Self.hazards(in:)) ?? []
        case nil: break
        }
        var open: Bool?
        switch attribute(entity, mapping.open) {
        case .bool(let flag): open = flag
        case let value?:
            let word = text(value)?.lowercased() ?? ""
            if ["未開設", "閉鎖", "closed", "close", "not open", "false"].contains(where: word.contains) {
                open = false
            } else if ["開設", "open", "true", "opened"].contains(where: word.contains) {
                open = true
            }
        case nil: break
        }
        var spot = Spot(
            id: entity.id, name: name, peopleCount: int(attribute(entity, mapping.count)),
            capacity: int(attribute(entity, mapping.capacity)).flatMap { $0 > 0 ? $0 : nil })
        var congestion = spot.occupancy.map(mapping.thresholds.level(occupancy:))
        if congestion == nil, var occupancy = number(attribute(entity, mapping.occupancy)) {
            if occupancy > 1.5 { occupancy /= 100 }
            congestion = mapping.thresholds.level(occupancy: max(0, occupancy))
        }
        spot.congestion = congestion
        return Shelter(
            id: text(attribute(entity, mapping.commonID)) ?? entity.id, name: name,
            address: address(attribute(entity, mapping.address)), position: position, hazards: hazards, isOpen: open,
            congestion: congestion)
    }

    /// A GeoJSON Point (`[longitude, latitude]`), or a `"lat, lon"` text as some v2 providers write `geo:point`.
    func point(_ value: JSONValue?) -> GeoPoint? {
        switch value {
        case .object(let object):
            guard object["type"]?.string == "Point", let pair = object["coordinates"]?.array, pair.count >= 2,
                let longitude = pair[0].number, let latitude = pair[1].number,
                (-90...90).contains(latitude), (-180...180).contains(longitude)
            else { return nil }
            return GeoPoint(latitude: latitude, longitude: longitude)
        case .string(let text):
            let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, (-90...90).contains(parts[0]), (-180...180).contains(parts[1]) else { return nil }
            return GeoPoint(latitude: parts[0], longitude: parts[1])
        default:
            return nil
        }
    }

    /// A PostalAddress object as one line, or a plain text.
    func address(_ value: JSONValue?) -> String? {
        guard case .object(let object) = value else { return text(value) }
        let parts = ["addressRegion", "addressLocality", "streetAddress"].compactMap { object[$0].flatMap { text($0) } }
        return parts.isEmpty ? nil : parts.joined()
    }

    /// The hazards a word names: the GSI words (洪水, 津波 …), `storm-surge`-style names, or close kin.
    static func hazards(in text: String) -> [ShelterHazard] {
        let words = text.split(whereSeparator: { "、,，・/／ ".contains($0) }).map(String.init)
        return ShelterHazard.allCases.filter { hazard in
            words.contains { word in
                let lower = word.lowercased()
                return lower == hazard.rawValue || word == hazard.gsiColumn || word == hazard.words.ja
                    || hazard.words.en.map { $0.lowercased() == lower } == true
            }
        }
    }

    public func notice(_ entity: NGSIEntity) -> Notice? {
        guard let mapping = config.notices else { return nil }
        let title = localized(entity, mapping.title) ?? LocalizedText(ja: entity.id)
        let body = localized(entity, mapping.body) ?? LocalizedText()
        return Notice(
            id: entity.id, title: title, body: body, validFrom: date(attribute(entity, mapping.validFrom)),
            validUntil: date(attribute(entity, mapping.validTo)))
    }

    public func weather(_ entities: [NGSIEntity]) -> Weather? {
        guard let mapping = config.weather else { return nil }
        let entity = mapping.id.flatMap { id in entities.first { $0.id == id } } ?? entities.first
        guard let entity else { return nil }
        var humidity = number(attribute(entity, mapping.humidity))
        if let fraction = humidity, fraction <= 1 { humidity = fraction * 100 }
        return Weather(
            observedAt: date(attribute(entity, mapping.observedAt)),
            temperature: number(attribute(entity, mapping.temperature)),
            precipitation: number(attribute(entity, mapping.precipitation)), humidity: humidity,
            windSpeed: number(attribute(entity, mapping.windSpeed)), condition: localized(entity, mapping.condition))
    }
}

extension Language {
    /// `ja`, `en`, `zh-Hans`/`zh-CN`/`zh`, `zh-Hant`/`zh-TW`/`zh-HK`, `ko` (case-insensitive).
    init?(languageTag: String) {
        // The two-letter tags compare as one word each (small strings), cheaper than the raw-value switch.
        if languageTag.utf8.count == 2 {
            if languageTag == "ja" {
                self = .ja
                return
            }
            if languageTag == "en" {
                self = .en
                return
            }
        }
        if let exact = Language(rawValue: languageTag) {
            self = exact
            return
        }
        var tag = languageTag.lowercased()
        if tag.contains("_") { tag = String(tag.map { $0 == "_" ? "-" : $0 }) }
        switch tag {
        case "ja", "ja-jp": self = .ja
        case "en", "en-us", "en-gb": self = .en
        case "zh", "zh-hans", "zh-cn", "zh-sg": self = .zhHans
        case "zh-hant", "zh-tw", "zh-hk", "zh-mo": self = .zhHant
        case "ko", "ko-kr": self = .ko
        default: return nil
        }
    }
}

extension LocalizedText {
    mutating func set(_ language: Language, _ text: String) {
        switch language {
        case .ja: ja = text
        case .en: en = text
        case .zhHans: zhHans = text
        case .zhHant: zhHant = text
        case .ko: ko = text
        }
    }
}
