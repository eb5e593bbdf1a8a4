public import Foundation

/// What a particular kind of alert says beyond the common fields; each part is present only for
/// the alerts it belongs to.
public struct AlertDetails: Hashable, Sendable, Codable {
    /// Earthquake observations (VXSE51/52/53) and 緊急地震速報 forecasts (VXSE43/44/45).
    public var earthquake: EarthquakeDetails?
    /// Tsunami warnings per coast (VTSE41).
    public var tsunami: [TsunamiForecast]?
    /// Warnings per area (VPWW5x, VXWW50).
    public var warnings: [AreaWarnings]?
    /// CAP fields that the common model does not keep.
    public var cap: CAPDetails?
    /// JMA head fields that the common model does not keep.
    public var jma: JMAHeadDetails?
    /// 避難情報 (a municipality's 高齢者等避難 / 避難指示 / 緊急安全確保), from CAP or NGSI.
    public var evacuation: EvacuationDetails?

    public init(
        earthquake: EarthquakeDetails? = nil, tsunami: [TsunamiForecast]? = nil, warnings: [AreaWarnings]? = nil,
        cap: CAPDetails? = nil, jma: JMAHeadDetails? = nil, evacuation: EvacuationDetails? = nil
    ) {
        self.earthquake = earthquake
        self.tsunami = tsunami
        self.warnings = warnings
        self.cap = cap
        self.jma = jma
        self.evacuation = evacuation
    }
}

/// The JMA Control/Head fields, as written.
public struct JMAHeadDetails: Hashable, Sendable, Codable {
    /// Control/Title, e.g. `震源・震度に関する情報`.
    public var controlTitle: String
    /// Head/InfoKind, e.g. `地震情報`.
    public var infoKind: String
    /// Head/InfoType: 発表, 訂正 or 取消.
    public var infoType: String
    /// Head/EventID; empty for warnings, which have none.
    public var eventID: String
    /// Control/EditorialOffice.
    public var editorialOffice: String
    /// Control/PublishingOffice.
    public var publishingOffice: String
    /// Head/TargetDateTime.
    public var target: Date?

    public init(
        controlTitle: String, infoKind: String, infoType: String, eventID: String, editorialOffice: String,
        publishingOffice: String, target: Date? = nil
    ) {
        self.controlTitle = controlTitle
        self.infoKind = infoKind
        self.infoType = infoType
        self.eventID = eventID
        self.editorialOffice = editorialOffice
        self.publishingOffice = publishingOffice
        self.target = target
    }
}

/// Where and how strong an earthquake was, or is forecast to be.
public struct EarthquakeDetails: Hashable, Sendable, Codable {
    /// Origin time (発生時刻).
    public var originTime: Date?
    /// 震央地名, e.g. `福島県沖`.
    public var hypocentreName: String?
    /// 震央地名 code.
    public var hypocentreCode: String?
    /// Position of the epicentre, when the telegram gives one.
    public var hypocentre: GeoPoint?
    /// Depth in kilometres (0 for ごく浅い).
    public var depthKilometres: Double?
    /// Magnitude; nil when unknown (JMA writes NaN, e.g. "Ｍ８を超える巨大地震").
    public var magnitude: Double?
    /// The magnitude as JMA words it, e.g. `Ｍ７．３`.
    public var magnitudeText: String?
    /// Highest observed 震度 (VXSE51/53).
    public var maxIntensity: SeismicIntensity?
    /// Highest forecast 震度 in an early warning (ForecastInt/To, or From when To is "over").
    public var forecastMaxIntensity: SeismicIntensity?
    /// True for 緊急地震速報 (forecast intensities), false for observations.
    public var isEarlyWarning: Bool
    /// Every 細分区域, city and station the telegram lists with its 震度, in the telegram's order
    /// (for 緊急地震速報 the forecast per 細分区域); nil for telegrams read before it was kept.
    public var intensities: [IntensityReading]?
    /// The telegram's ForecastComment, e.g. 「この地震による津波の心配はありません。」.
    public var forecastComment: String?

    public init(
        originTime: Date? = nil, hypocentreName: String? = nil, hypocentreCode: String? = nil,
        hypocentre: GeoPoint? = nil, depthKilometres: Double? = nil, magnitude: Double? = nil,
        magnitudeText: String? = nil, maxIntensity: SeismicIntensity? = nil,
        forecastMaxIntensity: SeismicIntensity? = nil, isEarlyWarning: Bool = false
    ) {
        self.originTime = originTime
        self.hypocentreName = hypocentreName
        self.hypocentreCode = hypocentreCode
        self.hypocentre = hypocentre
        self.depthKilometres = depthKilometres
        self.magnitude = magnitude
        self.magnitudeText = magnitudeText
        self.maxIntensity = maxIntensity
        self.forecastMaxIntensity = forecastMaxIntensity
        self.isEarlyWarning = isEarlyWarning
    }
}

/// The 震度 one place had (or, in a 緊急地震速報, is forecast to have).
public struct IntensityReading: Hashable, Sendable, Codable {
    /// Which list the place comes from.
    public enum Level: String, Hashable, Sendable, Codable {
        /// 地震情報／細分区域 (e.g. 神奈川県西部 `361`).
        case area
        /// 市町村等 (e.g. 小田原市 `1420600`).
        case city
        /// 震度観測点 (e.g. 小田原市荻窪, a code of 7 digits).
        case station
    }

    public var level: Level
    public var name: String
    public var code: String
    /// Nil when the telegram gives none; 「震度５弱以上未入電」 counts as 5弱.
    public var intensity: SeismicIntensity?

    public init(level: Level, name: String, code: String, intensity: SeismicIntensity?) {
        self.level = level
        self.name = name
        self.code = code
        self.intensity = intensity
    }
}

/// One coast's tsunami category and expected height (VTSE41 Forecast/Item).
public struct TsunamiForecast: Hashable, Sendable, Codable {
    /// 津波予報区 code and name.
    public var area: AlertArea
    /// Category as written, e.g. `大津波警報`, `津波注意報`, `警報解除`.
    public var category: String
    /// Category code (52/53 大津波警報, 51 津波警報, 62 津波注意報, 71–73 津波予報, 50/60 解除).
    public var categoryCode: String
    /// Previous category, when given.
    public var previousCategory: String?
    /// Expected maximum height in metres; nil when unknown or given only in words (巨大, 高い).
    public var maxHeight: Double?
    /// The height as JMA words it, e.g. `３ｍ`, `巨大`, `０．２ｍ未満`.
    public var maxHeightText: String?
    /// Expected first arrival.
    public var firstArrival: Date?
    /// Arrival words such as `既に津波到達と推測`, `第１波の到達を確認`.
    public var arrivalCondition: String?

    public init(
        area: AlertArea, category: String, categoryCode: String, previousCategory: String? = nil,
        maxHeight: Double? = nil, maxHeightText: String? = nil, firstArrival: Date? = nil,
        arrivalCondition: String? = nil
    ) {
        self.area = area
        self.category = category
        self.categoryCode = categoryCode
        self.previousCategory = previousCategory
        self.maxHeight = maxHeight
        self.maxHeightText = maxHeightText
        self.firstArrival = firstArrival
        self.arrivalCondition = arrivalCondition
    }
}

/// The warnings in force for one area (VPWW5x, VXWW50 Warning/Item).
public struct AreaWarnings: Hashable, Sendable, Codable {
    public var area: AlertArea
    public var kinds: [WarningKind]

    public init(
        area: AlertArea, kinds: [WarningKind]
    ) {
        self.area = area
        self.kinds = kinds
    }
}

/// One warning kind for an area.
public struct WarningKind: Hashable, Sendable, Codable {
    /// e.g. `大雨特別警報`, `波浪注意報`, `警戒` (土砂災害); empty when the area has none.
    public var name: String
    public var code: String
    /// 発表, 継続, 解除, 警報から注意報, 発表警報・注意報はなし …
    public var status: String
    /// Where this kind sits on the common scale; nil when it is lifted or not a warning.
    public var severity: AlertSeverity?

    /// True while the kind is in force (not 解除, not なし).
    public var isInForce: Bool { severity != nil }

    public init(
        name: String, code: String, status: String, severity: AlertSeverity? = nil
    ) {
        self.name = name
        self.code = code
        self.status = status
        self.severity = severity
    }
}

/// CAP fields kept as written.
public struct CAPDetails: Hashable, Sendable, Codable {
    public var identifier: String
    public var sender: String
    /// msgType as written: Alert, Update, Cancel, Ack or Error.
    public var messageType: String
    public var scope: String?
    /// Per `info` block, in order.
    public var infos: [CAPInfo]
    /// `source`, `restriction`, `addresses`, `note`, `incidents` as written; nil when absent.
    public var source: String?
    public var restriction: String?
    public var addresses: String?
    public var note: String?
    public var incidents: String?
    /// `code` elements (e.g. `IPAWSv1.0`).
    public var codes: [String]?
    /// `references` as written: `sender,identifier,sent` triples.
    public var references: [String]?

    public init(
        identifier: String, sender: String, messageType: String, scope: String? = nil, infos: [CAPInfo]
    ) {
        self.identifier = identifier
        self.sender = sender
        self.messageType = messageType
        self.scope = scope
        self.infos = infos
    }
}

/// One CAP `info` block.
public struct CAPInfo: Hashable, Sendable, Codable {
    public var language: String
    public var categories: [String]
    public var event: String
    public var urgency: String
    public var severity: String
    public var certainty: String
    public var effective: Date?
    public var onset: Date?
    public var expires: Date?
    public var senderName: String?
    public var headline: String?
    public var description: String?
    public var instruction: String?
    /// `responseType` elements (Shelter, Evacuate, …).
    public var responseTypes: [String]?
    public var audience: String?
    /// `eventCode` and `parameter` pairs in order (a name may repeat).
    public var eventCodes: [CAPValue]?
    public var parameters: [CAPValue]?
    public var web: String?
    public var contact: String?

    public init(
        language: String, categories: [String], event: String, urgency: String, severity: String, certainty: String,
        effective: Date? = nil, onset: Date? = nil, expires: Date? = nil, senderName: String? = nil,
        headline: String? = nil, description: String? = nil, instruction: String? = nil
    ) {
        self.language = language
        self.categories = categories
        self.event = event
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.effective = effective
        self.onset = onset
        self.expires = expires
        self.senderName = senderName
        self.headline = headline
        self.description = description
        self.instruction = instruction
    }
}

/// A CAP `valueName` / `value` pair (`eventCode`, `parameter`, `geocode`).
public struct CAPValue: Hashable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
