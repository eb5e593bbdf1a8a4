import Foundation
import KosatsuData

/// The `details` object of `kosatsu alert inspect --json`: what an alert says beyond the common
/// fields, under keys that stay put whatever the model inside calls them (docs/disaster-information.md).
///
/// Every key is always present: a part that does not apply, or a value the source does not give,
/// is `null`, never absent.
public struct AlertDetailsReport: Encodable, Hashable, Sendable {
    public var details: AlertDetails

    public init(_ details: AlertDetails) {
        self.details = details
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(details.earthquake.map(Earthquake.init), forKey: "earthquake")
        try container.encode(details.tsunami.map { $0.map(Coast.init) }, forKey: "tsunami")
        try container.encode(details.warnings.map { $0.map(Warnings.init) }, forKey: "warnings")
        try container.encode(details.cap.map(CAP.init), forKey: "cap")
        try container.encode(details.jma.map(JMA.init), forKey: "jma")
        try container.encode(details.evacuation.map(Evacuation.init), forKey: "evacuation")
    }

    /// Keys written as string literals, so the JSON reads exactly as the code says.
    struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }

    /// `maxIntensity`, `hypocentre`, `depthKilometres`, `magnitude`, `originTime`, `intensities` …
    struct Earthquake: Encodable {
        let quake: EarthquakeDetails

        init(_ quake: EarthquakeDetails) { self.quake = quake }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(quake.isEarlyWarning, forKey: "earlyWarning")
            // An early warning's is the forecast maximum (the upper bound JMA gives).
            let maximum = quake.isEarlyWarning ? quake.forecastMaxIntensity : quake.maxIntensity
            try container.encode(maximum?.rawValue, forKey: "maxIntensity")
            try container.encode(quake.originTime, forKey: "originTime")
            let hasHypocentre = quake.hypocentreName != nil || quake.hypocentre != nil
            try container.encode(hasHypocentre ? Hypocentre(quake: quake) : nil, forKey: "hypocentre")
            try container.encode(quake.depthKilometres, forKey: "depthKilometres")
            try container.encode(quake.magnitude, forKey: "magnitude")
            try container.encode(quake.magnitudeText, forKey: "magnitudeText")
            try container.encode((quake.intensities ?? []).map(Intensity.init), forKey: "intensities")
            try container.encode(quake.forecastComment, forKey: "comment")
        }
    }

    struct Hypocentre: Encodable {
        let quake: EarthquakeDetails

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(quake.hypocentreName, forKey: "name")
            try container.encode(quake.hypocentreCode, forKey: "code")
            try container.encode(quake.hypocentre?.latitude, forKey: "latitude")
            try container.encode(quake.hypocentre?.longitude, forKey: "longitude")
        }
    }

    struct Intensity: Encodable {
        let reading: IntensityReading

        init(_ reading: IntensityReading) { self.reading = reading }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(reading.level.rawValue, forKey: "level")
            try container.encode(reading.name, forKey: "name")
            try container.encode(reading.code, forKey: "code")
            try container.encode(reading.intensity?.rawValue, forKey: "intensity")
        }
    }

    /// One 津波予報区.
    struct Coast: Encodable {
        let forecast: TsunamiForecast

        init(_ forecast: TsunamiForecast) { self.forecast = forecast }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(forecast.area.name, forKey: "area")
            try container.encode(forecast.area.code, forKey: "code")
            try container.encode(forecast.category, forKey: "category")
            try container.encode(forecast.categoryCode, forKey: "categoryCode")
            try container.encode(forecast.previousCategory, forKey: "previousCategory")
            try container.encode(forecast.maxHeight, forKey: "maxHeight")
            try container.encode(forecast.maxHeightText, forKey: "maxHeightText")
            try container.encode(forecast.firstArrival, forKey: "firstArrival")
            try container.encode(forecast.arrivalCondition, forKey: "condition")
        }
    }

    /// One area's warnings: those in force, and those the telegram lifts.
    struct Warnings: Encodable {
        let warnings: AreaWarnings

        init(_ warnings: AreaWarnings) { self.warnings = warnings }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(warnings.area.name, forKey: "area")
            try container.encode(warnings.area.code, forKey: "code")
            let named = warnings.kinds.filter { !$0.name.isEmpty }
            try container.encode(named.filter(\.isInForce).map(Kind.init), forKey: "kinds")
            try container.encode(named.filter { !$0.isInForce }.map(Kind.init), forKey: "lifted")
        }
    }

    struct Kind: Encodable {
        let kind: WarningKind

        init(_ kind: WarningKind) { self.kind = kind }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(kind.name, forKey: "name")
            try container.encode(kind.code, forKey: "code")
            try container.encode(kind.status, forKey: "status")
        }
    }

    /// The CAP fields the common alert does not keep.
    struct CAP: Encodable {
        let cap: CAPDetails

        init(_ cap: CAPDetails) { self.cap = cap }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(cap.identifier, forKey: "identifier")
            try container.encode(cap.sender, forKey: "sender")
            try container.encode(cap.messageType, forKey: "msgType")
            try container.encode(cap.scope, forKey: "scope")
            try container.encode(cap.source, forKey: "source")
            try container.encode(cap.restriction, forKey: "restriction")
            try container.encode(cap.addresses, forKey: "addresses")
            try container.encode(cap.codes ?? [], forKey: "codes")
            try container.encode(cap.note, forKey: "note")
            try container.encode(cap.references ?? [], forKey: "references")
            try container.encode(cap.incidents, forKey: "incidents")
            try container.encode(cap.infos.map(Info.init), forKey: "infos")
        }
    }

    struct Info: Encodable {
        let info: CAPInfo

        init(_ info: CAPInfo) { self.info = info }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(info.language, forKey: "language")
            try container.encode(info.categories, forKey: "categories")
            try container.encode(info.event, forKey: "event")
            try container.encode(info.responseTypes ?? [], forKey: "responseTypes")
            try container.encode(info.urgency, forKey: "urgency")
            try container.encode(info.severity, forKey: "severity")
            try container.encode(info.certainty, forKey: "certainty")
            try container.encode(info.audience, forKey: "audience")
            try container.encode((info.eventCodes ?? []).map(Pair.init), forKey: "eventCodes")
            try container.encode(info.effective, forKey: "effective")
            try container.encode(info.onset, forKey: "onset")
            try container.encode(info.expires, forKey: "expires")
            try container.encode(info.senderName, forKey: "senderName")
            try container.encode(info.headline, forKey: "headline")
            try container.encode(info.description, forKey: "description")
            try container.encode(info.instruction, forKey: "instruction")
            try container.encode(info.web, forKey: "web")
            try container.encode(info.contact, forKey: "contact")
            try container.encode((info.parameters ?? []).map(Pair.init), forKey: "parameters")
        }
    }

    struct Pair: Encodable {
        let pair: CAPValue

        init(_ pair: CAPValue) { self.pair = pair }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(pair.name, forKey: "valueName")
            try container.encode(pair.value, forKey: "value")
        }
    }

    /// 避難情報: `level` (3, 4, 5), `kind` (高齢者等避難 …), `districts`, `hazards`, `issuer`.
    struct Evacuation: Encodable {
        let evacuation: EvacuationDetails

        init(_ evacuation: EvacuationDetails) { self.evacuation = evacuation }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(evacuation.level.rawValue, forKey: "level")
            try container.encode(evacuation.level.japanese, forKey: "kind")
            try container.encode(evacuation.districts, forKey: "districts")
            try container.encode(evacuation.hazards.map(\.rawValue), forKey: "hazards")
            try container.encode(evacuation.issuer, forKey: "issuer")
        }
    }

    /// The JMA Control/Head fields the common alert does not keep.
    struct JMA: Encodable {
        let head: JMAHeadDetails

        init(_ head: JMAHeadDetails) { self.head = head }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(head.controlTitle, forKey: "controlTitle")
            try container.encode(head.infoKind, forKey: "infoKind")
            try container.encode(head.infoType, forKey: "infoType")
            try container.encode(head.eventID, forKey: "eventID")
            try container.encode(head.editorialOffice, forKey: "editorialOffice")
            try container.encode(head.publishingOffice, forKey: "publishingOffice")
            try container.encode(head.target, forKey: "targetTime")
        }
    }
}
