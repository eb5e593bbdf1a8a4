internal import Foundation
internal import KosatsuData
internal import Mustache

/// The values a layout's `{{…}}` bindings see: the snapshot, the time and the language,
/// with numbers and times already formatted the way a sign shows them.
struct DataContext {
    private(set) var root: [String: Any]
    let language: Language
    /// The snapshot's spots by id, for widgets that chart their numbers.
    let spotsByID: [String: Spot]

    init(snapshot: Snapshot, now: Date, language: Language, timeZone: SignTimeZone, staleAfter: TimeInterval = 600) {
        self.language = language
        spotsByID = Dictionary(snapshot.spots.map { ($0.id, $0) }) { first, _ in first }
        let clock = ClockText(timeZone: timeZone, language: language)
        var root: [String: Any] = [:]
        root["lang"] = language.rawValue
        root["now"] = [
            "date": clock.format(now, .date), "time": clock.format(now, .time),
            "datetime": clock.format(now, .datetime),
            "wareki": clock.format(now, .wareki),
        ]
        let spots = snapshot.spots.map { Self.spot($0, clock: clock, language: language) }
        root["spots"] = DataList(spots)
        // Spots at 混雑 or above, for playlists and boxes shown "only when somewhere is crowded".
        root["crowded"] = DataList(
            zip(snapshot.spots, spots).filter { ($0.0.level() ?? .low) >= .high }.map { $0.1 as Any })
        root["spotCount"] = spots.count
        let notices = snapshot.notices.filter { $0.isValid(at: now) }.map { notice -> [String: Any] in
            [
                "id": notice.id, "title": LocalizedValue(notice.title, language),
                "body": LocalizedValue(notice.body, language),
                "validUntil": notice.validUntil.map { clock.format($0, .shortDate) } ?? "",
            ]
        }
        root["notices"] = DataList(notices)
        if let weather = snapshot.weather {
            var entry: [String: Any] = [:]
            entry["temperature"] = weather.temperature.map { Self.decimal($0, digits: 1) }
            entry["precipitation"] = weather.precipitation.map { Self.decimal($0, digits: 1) }
            entry["humidity"] = weather.humidity.map { Self.decimal($0, digits: 0) }
            entry["windSpeed"] = weather.windSpeed.map { Self.decimal($0, digits: 1) }
            entry["condition"] = weather.condition.map { LocalizedValue($0, language) }
            entry["observedAt"] = weather.observedAt.map { clock.format($0, .time) }
            root["weather"] = entry
        }
        let alerts = snapshot.alerts.map { Self.alert($0, clock: clock, language: language) }
        root["alerts"] = DataList(alerts)
        // The one an emergency screen shows: the first real alert, else the first at all.
        let shown = snapshot.alerts.firstIndex { !$0.isExercise } ?? snapshot.alerts.indices.first
        if let shown {
            root["alert"] = alerts[shown]
            // `{{#shelters}}`: the nearest shelters for the alert the screen shows.
            root["shelters"] = alerts[shown]["shelters"]
        }
        // A drill or test the sign may mention in a small 「訓練」 banner; never the emergency screen.
        if let drill = snapshot.alerts.firstIndex(where: \.isExercise) { root["drill"] = alerts[drill] }
        root["calm"] = snapshot.calm.map { Self.alert($0, clock: clock, language: language) }
        var sources: [String: Any] = [:]
        for source in snapshot.sources {
            sources[source.name] = [
                "lastSuccess": source.lastSuccess.map { clock.format($0, .time) } ?? "",
                "error": source.lastError ?? "",
            ]
        }
        root["sources"] = sources
        if let latest = snapshot.sources.compactMap(\.lastSuccess).max() {
            root["updated"] = clock.format(latest, .time)
        }
        // Stale: a source that once delivered has not for too long (a sign without sources is not stale).
        let oldest = snapshot.sources.compactMap(\.lastSuccess).min()
        root["stale"] = oldest.map { now.timeIntervalSince($0) > staleAfter } ?? false
        self.root = root
    }

    /// The same context with one more name bound (a repeated item).
    func binding(_ name: String, to value: Any) -> DataContext {
        var copy = self
        copy.root[name] = value
        return copy
    }

    /// The value at a dotted path (`weather.temperature`), if any.
    func value(at path: String) -> Any? {
        var current: Any? = root
        for part in path.split(separator: ".") {
            guard let parent = current as? any MustacheParent else { return nil }
            current = parent.child(named: String(part))
        }
        return current
    }

    /// Whether a path holds something worth showing: not missing, false, empty or blank.
    func isPresent(_ path: String) -> Bool {
        switch value(at: path) {
        case nil: false
        case let flag as Bool: flag
        case let text as String: !text.isEmpty
        case let list as DataList: !list.items.isEmpty
        case let localized as LocalizedValue: !localized.renderText.isEmpty
        default: true
        }
    }

    private static func spot(_ spot: Spot, clock: ClockText, language: Language) -> [String: Any] {
        var entry: [String: Any] = ["id": spot.id, "name": LocalizedValue(spot.name, language)]
        entry["peopleCount"] = spot.peopleCount.map { grouped($0) }
        entry["capacity"] = spot.capacity.map { grouped($0) }
        entry["occupancy"] = spot.occupancy.map { String(Int(($0 * 100).rounded())) }
        if let level = spot.level() {
            entry["level"] = LocalizedValue(level.label, language, extra: ["code": level.rawValue, "rank": level.rank])
            entry[level.rawValue] = true
        }
        entry["observedAt"] = spot.observedAt.map { clock.format($0, .time) }
        return entry
    }

    private static func alert(_ alert: AlertNotice, clock: ClockText, language: Language) -> [String: Any] {
        var entry: [String: Any] = [
            "id": alert.id, "event": alert.event, "headline": LocalizedValue(alert.headline, language),
            "areas": alert.areas.joined(separator: [.ja, .zhHans, .zhHant].contains(language) ? "、" : ", "),
            "issued": clock.format(alert.issued, .time), "issuedDateTime": clock.format(alert.issued, .datetime),
            "exercise": alert.isExercise,
        ]
        entry["level"] = alert.level.map { LocalizedValue($0, language) }
        entry["instruction"] = alert.instruction.map { LocalizedValue($0, language) }
        entry["expires"] = alert.expires.map { clock.format($0, .time) }
        entry["detail"] = alert.detail.map { LocalizedValue($0, language) }
        entry["issuer"] = alert.issuer.map { LocalizedValue($0, language) }
        if let shelters = alert.shelters {
            entry["shelters"] = DataList(shelters.map { shelter($0, language: language) })
        }
        if let severity = alert.severity {
            // `when: alert.emergency` gives each level its own shape, never only its own colour.
            entry["severity"] = severity.rawValue
            entry[severity.rawValue] = true
        }
        return entry
    }

    /// One nearby shelter: `name`, `distance` (metres), `walk` (minutes), `compass` (北東), `arrow`
    /// (↗, relative to the way the screen faces), `where` (「北東へ 450 m・徒歩 6 分」 in the page's
    /// language), `state` (開設中 / 未開設), `crowding`, `hazards`, and the flags `open`, `closed`, `here`.
    private static func shelter(_ guide: ShelterGuide, language: Language) -> [String: Any] {
        var entry: [String: Any] = [
            "id": guide.id, "name": LocalizedValue(guide.name, language), "address": guide.address ?? "",
            "distance": grouped(guide.distance), "walk": String(guide.walkingMinutes),
            "bearing": String(guide.bearing), "compass": LocalizedValue(guide.compass, language),
            "where": LocalizedValue(ShelterWords.where(guide), language),
            "hazards": LocalizedValue(ShelterWords.hazards(guide.hazards), language),
            "here": guide.distance < ShelterWords.here,
        ]
        if let relative = guide.relativeBearing {
            entry["arrow"] = ShelterWords.arrow(relative)
            entry["relativeBearing"] = String(relative)
        }
        if let open = guide.isOpen {
            entry["state"] = LocalizedValue(ShelterWords.state(open), language)
            entry[open ? "open" : "closed"] = true
        }
        if let level = guide.congestion {
            entry["crowding"] = LocalizedValue(level.label, language, extra: ["code": level.rawValue])
        }
        return entry
    }

    /// 12345 → "12,345".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// A decimal with a fixed number of digits after the point, never "-0.0".
    static func decimal(_ value: Double, digits: Int) -> String {
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return String(format: "%.\(digits)f", rounded == 0 ? 0 : rounded)
    }
}

/// A text in several languages that renders in the page's language (`{{spot.name}}`) and still
/// gives each language by name (`{{spot.name.en}}`).
struct LocalizedValue: MustacheParent, MustacheCustomRenderable, CustomStringConvertible {
    let text: LocalizedText
    let language: Language
    var extra: [String: Any] = [:]

    init(_ text: LocalizedText, _ language: Language, extra: [String: Any] = [:]) {
        self.text = text
        self.language = language
        self.extra = extra
    }

    func child(named name: String) -> Any? {
        if let language = Language(rawValue: name) { return text[language] }
        if name == "text" { return renderText }
        return extra[name]
    }

    var renderText: String { text.text(for: language) }
    var isNull: Bool { false }
    var description: String { renderText }
}

/// A list in the data: iterable by `{{#spots}}…{{/spots}}` and `repeat`, and indexable in bindings
/// as `{{spots.0.name}}`, `{{spots.count}}`, `{{spots.first}}` and `{{spots.last}}`.
struct DataList: MustacheParent, MustacheSequence {
    let items: [Any]

    init(_ items: [Any]) {
        self.items = items
    }

    func makeIterator() -> IndexingIterator<[Any]> { items.makeIterator() }

    func child(named name: String) -> Any? {
        if let index = Int(name) { return items.indices.contains(index) ? items[index] : nil }
        switch name {
        case "count": return items.count
        case "first": return items.first
        case "last": return items.last
        default: return nil
        }
    }
}
