public import Foundation

/// One alert, whatever its source: a JMA telegram, a CAP message or an NGSI alert entity.
///
/// A plain value: everything a layout or the `AlertBoard` needs is here, including the source
/// text, so that an alert can be stored, compared and shown again after a restart.
public struct Alert: Hashable, Sendable, Codable {
    /// Unique per message: JMA `<thread>@<ReportDateTime>#<Serial>/<InfoType>`, CAP
    /// `sender,identifier`, NGSI entity id.
    public var id: String
    /// The life-cycle thread this message belongs to: later messages on the same thread replace it.
    /// JMA: `jma:` + Control/Title + EventID (or office + Head/Title when EventID is empty), with
    /// drills and tests on threads of their own; CAP: `sender,identifier`; NGSI: `ngsi:` + entity id.
    public var thread: String
    public var source: AlertSource
    public var status: AlertStatus
    public var kind: AlertKind
    public var hazard: Hazard
    /// What happened, as the source names it (`地震情報`, `SEVERE THUNDERSTORM`, `snow_ice`).
    public var event: String
    /// The highest severity anywhere in the alert; a sign uses the severity of its own areas.
    public var severity: AlertSeverity
    /// The areas the alert names, each with its own severity when the source grades areas.
    public var areas: [AlertArea]
    public var headline: String
    public var text: String
    /// When the source issued it (JMA ReportDateTime, CAP sent, NGSI dateIssued).
    public var issued: Date
    /// When it starts to apply (CAP effective/onset, NGSI validFrom; otherwise `issued`).
    public var effective: Date
    /// When it stops applying; nil when the source gives no end (JMA warnings stay until replaced).
    public var expires: Date?
    /// Threads this message replaces or cancels (CAP `references`); same-thread messages need none.
    public var references: [String]
    /// JMA Serial; orders messages on one thread that share a ReportDateTime.
    public var serial: Int?
    /// When it was sent on the wire (JMA Control/DateTime); breaks the last ties (訂正).
    public var transmitted: Date?
    /// What the sign shows: a Japanese headline and an English line.
    public var screen: ScreenLines
    /// Headlines and texts in every language the source gave (CAP `info` blocks).
    public var translations: [Translation]
    public var details: AlertDetails
    /// The source text exactly as received (UTF-8), for audit and for `alert inspect`.
    public var raw: String

    public init(
        id: String, thread: String, source: AlertSource, status: AlertStatus, kind: AlertKind, hazard: Hazard,
        event: String, severity: AlertSeverity, areas: [AlertArea], headline: String, text: String, issued: Date,
        effective: Date? = nil, expires: Date? = nil, references: [String] = [], serial: Int? = nil,
        transmitted: Date? = nil, screen: ScreenLines = ScreenLines(japanese: "", english: ""),
        translations: [Translation] = [], details: AlertDetails = AlertDetails(), raw: String = ""
    ) {
        self.id = id
        self.thread = thread
        self.source = source
        self.status = status
        self.kind = kind
        self.hazard = hazard
        self.event = event
        self.severity = severity
        self.areas = areas
        self.headline = headline
        self.text = text
        self.issued = issued
        self.effective = effective ?? issued
        self.expires = expires
        self.references = references
        self.serial = serial
        self.transmitted = transmitted
        self.screen = screen
        self.translations = translations
        self.details = details
        self.raw = raw
    }

    /// False for CAP Ack and Error messages: they answer other messages and say nothing about danger,
    /// so they must neither show nor remove anything.
    public var isAlerting: Bool {
        guard let type = details.cap?.messageType else { return true }
        return type != "Ack" && type != "Error"
    }

    /// Every CAP polygon, circle and NGSI shape the alert carries, across its areas.
    public var geometry: [GeoShape] {
        areas.flatMap(\.shapes)
    }
}

/// The two lines a sign puts on screen for an alert.
public struct ScreenLines: Hashable, Sendable, Codable {
    /// e.g. `大津波警報　ただちに高台へ避難してください`.
    public var japanese: String
    /// e.g. `Major tsunami warning: evacuate to high ground now`.
    public var english: String

    public init(japanese: String, english: String) {
        self.japanese = japanese
        self.english = english
    }
}

/// A headline and text in one language (a CAP `info` block, or a JMA telegram's Japanese).
public struct Translation: Hashable, Sendable, Codable {
    /// BCP 47 tag (`ja`, `en-US`, `es-US`).
    public var language: String
    public var event: String
    public var headline: String
    public var text: String
    public var instruction: String?

    public init(language: String, event: String, headline: String, text: String, instruction: String? = nil) {
        self.language = language
        self.event = event
        self.headline = headline
        self.text = text
        self.instruction = instruction
    }
}
