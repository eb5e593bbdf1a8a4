/// One area an alert names, with what the alert says about that area in particular.
///
/// JMA telegrams grade each area on its own (小田原市 may have 大雨警報 while 箱根町 has only
/// 注意報), so severity and intensity live here as well as on the whole alert.
public struct AlertArea: Hashable, Sendable, Codable {
    /// The area code as the source wrote it (JMA code, CAP geocode value); empty when there is none.
    public var code: String
    /// The area's name (JMA `Name`, CAP `areaDesc`).
    public var name: String
    /// The code list `code` comes from; nil when unknown.
    public var family: AreaCodeFamily?
    /// How severe the alert is in this area; nil when the source grades only the whole alert.
    public var severity: AlertSeverity?
    /// Observed or forecast 震度 in this area.
    public var intensity: SeismicIntensity?
    /// CAP polygons and circles, NGSI geometry.
    public var shapes: [GeoShape]

    public init(
        code: String, name: String, family: AreaCodeFamily? = nil, severity: AlertSeverity? = nil,
        intensity: SeismicIntensity? = nil, shapes: [GeoShape] = []
    ) {
        self.code = code
        self.name = name
        self.family = family
        self.severity = severity
        self.intensity = intensity
        self.shapes = shapes
    }

    /// Whether a configured code names this area.
    public func matches(_ configured: AreaCode) -> Bool {
        guard !code.isEmpty, configured.code == code else { return false }
        guard let wanted = configured.family else { return true }
        return wanted == family
    }
}
