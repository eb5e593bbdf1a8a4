import Foundation
import KosatsuData

/// Reads `Body/Earthquake` and `Body/Intensity` of earthquake telegrams: the hypocentre and
/// magnitude, observed 震度 per prefecture, area and city (VXSE51/53), and forecast 震度 per area
/// in 緊急地震速報 (VXSE43/44/45).
enum JMAEarthquakeBody {
    struct Reading {
        var details: EarthquakeDetails
        var areas: [AlertArea]
    }

    /// Nil when the body has neither an earthquake nor intensities (e.g. a 取消 with only Text).
    static func read(_ body: XMLTree.Element, isWarning: Bool) -> Reading? {
        let earthquake = body.child("Earthquake")
        let observation = body.element("Intensity", "Observation")
        let forecast = body.element("Intensity", "Forecast")
        guard earthquake != nil || observation != nil || forecast != nil else { return nil }

        var details = EarthquakeDetails(isEarlyWarning: forecast != nil)
        if let earthquake {
            details.originTime = earthquake.string("OriginTime").flatMap(ISO8601.feedTime)
            if let area = earthquake.element("Hypocenter", "Area") {
                details.hypocentreName = area.string("Name")
                details.hypocentreCode = area.string("Code")
                let coordinates = area.children("Coordinate")
                // Prefer decimal degrees; 震源位置（度分） is degrees and minutes.
                if let coordinate = coordinates.first(where: { !($0.attributes["type"] ?? "").contains("度分") })
                    ?? coordinates.first
                {
                    let inMinutes = (coordinate.attributes["type"] ?? "").contains("度分")
                    let position = Self.coordinate(coordinate.trimmedText, degreesAndMinutes: inMinutes)
                    details.hypocentre = position.point
                    details.depthKilometres = position.depthKilometres
                }
            }
            if let magnitude = earthquake.child("Magnitude") {
                let value = Double(magnitude.trimmedText)
                details.magnitude = value.flatMap { $0.isNaN ? nil : $0 }
                details.magnitudeText = magnitude.attributes["description"]
            }
        }

        details.forecastComment = body.string("Comments", "ForecastComment", "Text")
        var areas: [AlertArea] = []
        if let observation {
            details.maxIntensity = observation.string("MaxInt").flatMap(SeismicIntensity.init(code:))
            let families = Self.families(observation)
            var readings: [IntensityReading] = []
            func reading(_ area: AlertArea, _ level: IntensityReading.Level) {
                readings.append(
                    IntensityReading(level: level, name: area.name, code: area.code, intensity: area.intensity))
            }
            for pref in observation.children("Pref") {
                areas.append(observed(pref, family: families["Pref/Code"] ?? .seismicPrefecture))
                for area in pref.children("Area") {
                    let seismicArea = observed(area, family: families["Pref/Area/Code"] ?? .seismicArea)
                    areas.append(seismicArea)
                    reading(seismicArea, .area)
                    for city in area.children("City") {
                        let municipality = observed(city, family: families["Pref/Area/City/Code"] ?? .municipality)
                        areas.append(municipality)
                        reading(municipality, .city)
                        // Stations are listed, never matched: their codes are no place a sign names.
                        for station in city.children("IntensityStation") {
                            reading(observed(station, family: .jma("震度観測点"), value: "Int"), .station)
                        }
                    }
                }
            }
            details.intensities = readings
        }
        if let forecast {
            details.forecastMaxIntensity = Self.forecastIntensity(forecast.child("ForecastInt"))
            let families = Self.families(forecast)
            var forecasts: [IntensityReading] = []
            for pref in forecast.children("Pref") {
                let prefFamily = families["Pref/Code"] ?? .earlyWarningRegion
                var prefSeverity: AlertSeverity?
                for area in pref.children("Area") {
                    let intensity = Self.forecastIntensity(area.child("ForecastInt"))
                    let kindName = area.string("Category", "Kind", "Name") ?? ""
                    let severity = Self.earlyWarningSeverity(
                        kindName: kindName, intensity: intensity, isWarning: isWarning)
                    prefSeverity = max(prefSeverity ?? severity, severity)
                    let forecastArea = AlertArea(
                        code: area.string("Code") ?? "", name: area.string("Name") ?? "",
                        family: families["Pref/Area/Code"] ?? .seismicArea, severity: severity, intensity: intensity)
                    areas.append(forecastArea)
                    forecasts.append(
                        IntensityReading(
                            level: .area, name: forecastArea.name, code: forecastArea.code, intensity: intensity))
                }
                areas.append(
                    AlertArea(
                        code: pref.string("Code") ?? "", name: pref.string("Name") ?? "", family: prefFamily,
                        severity: prefSeverity))
            }
            details.intensities = (details.intensities ?? []) + forecasts
        }
        return Reading(details: details, areas: areas)
    }

    /// Only 緊急地震速報（警報） areas are at warning level; 予報 is for specialists, not for a
    /// public screen. 震度6弱以上 in a 警報 is legally a 特別警報.
    private static func earlyWarningSeverity(
        kindName: String, intensity: SeismicIntensity?, isWarning: Bool
    ) -> AlertSeverity {
        guard isWarning, kindName.contains("警報") else { return .minor }
        if let intensity, intensity >= .sixLower { return .emergency }
        return .warning
    }

    private static func observed(
        _ element: XMLTree.Element, family: AreaCodeFamily, value: String = "MaxInt"
    ) -> AlertArea {
        var intensity = element.string(value).flatMap(SeismicIntensity.init(code:))
        // 震度５弱以上未入電: the station went silent after strong shaking; treat it as at least 5弱.
        if intensity == nil, element.string("Condition")?.contains("５弱以上") == true {
            intensity = .fiveLower
        }
        return AlertArea(
            code: element.string("Code") ?? "", name: element.string("Name") ?? "", family: family,
            severity: intensity?.severity, intensity: intensity)
    }

    /// `CodeDefine/Type[@xpath]` tells which code list each level's codes come from.
    private static func families(_ element: XMLTree.Element) -> [String: AreaCodeFamily] {
        var result: [String: AreaCodeFamily] = [:]
        for type in element.all("CodeDefine", "Type") {
            if let xpath = type.attributes["xpath"] {
                result[xpath] = AreaCodeFamily(jmaCodeType: type.trimmedText)
            }
        }
        return result
    }

    /// `To` is the upper bound; JMA writes `over` when it is open-ended, then `From` is the floor.
    private static func forecastIntensity(_ element: XMLTree.Element?) -> SeismicIntensity? {
        guard let element else { return nil }
        let upper = element.string("To").flatMap(SeismicIntensity.init(code:))
        let lower = element.string("From").flatMap(SeismicIntensity.init(code:))
        return upper ?? lower
    }

    /// ISO 6709 as JMA writes it: `+37.3+136.6-10000/` (degrees, degrees, metres; negative is depth).
    static func coordinate(
        _ text: String, degreesAndMinutes: Bool = false
    ) -> (point: GeoPoint?, depthKilometres: Double?) {
        var numbers: [Double] = []
        var current = ""
        for character in text {
            if character == "+" || character == "-" || character == "/" {
                if let value = Double(current) { numbers.append(value) }
                current = character == "/" ? "" : String(character)
            } else {
                current.append(character)
            }
        }
        if let value = Double(current) { numbers.append(value) }
        guard numbers.count >= 2 else { return (nil, nil) }
        func degrees(_ value: Double) -> Double {
            guard degreesAndMinutes else { return value }
            let whole = (abs(value) / 100).rounded(.down)
            let minutes = abs(value) - whole * 100
            return (value < 0 ? -1 : 1) * (whole + minutes / 60)
        }
        let point = GeoPoint(latitude: degrees(numbers[0]), longitude: degrees(numbers[1]))
        let depth = numbers.count >= 3 ? abs(numbers[2]) / 1000 : nil
        return (point, depth)
    }
}
