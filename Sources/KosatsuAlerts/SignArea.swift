/// Where a sign stands, as the alert sources describe places: configured area codes (a sign
/// usually needs several: its 市町村等 code for warnings, its 地震情報細分区域 for 震度, its 津波予報区
/// on the coast) and/or a position with a radius for CAP polygons and circles and NGSI geometry.
///
/// Only alerts that reach the sign count; an area graded as lifted (解除) does not reach it.
public struct SignArea: Hashable, Sendable, Codable {
    /// Codes that name this sign's areas.
    public var codes: [AreaCode]
    /// The sign's position, for geometry.
    public var position: GeoPoint?
    /// How far from `position`, in metres, an alert's shape may be and still concern the sign.
    public var radius: Double
    /// Matches every alert; only for inspecting files, never for a sign on a street.
    public var isAnywhere: Bool

    public init(codes: [AreaCode] = [], position: GeoPoint? = nil, radius: Double = 0) {
        self.codes = codes
        self.position = position
        self.radius = radius
        self.isAnywhere = false
    }

    /// Every alert reaches it, with its overall severity (for `alert inspect` without `--area`).
    public static var anywhere: SignArea {
        var area = SignArea()
        area.isAnywhere = true
        return area
    }

    /// The alert's areas that name or touch this sign, whether in force there or lifted.
    public func matchingAreas(of alert: Alert) -> [AlertArea] {
        if isAnywhere { return alert.areas }
        return alert.areas.filter { area in
            if codes.contains(where: area.matches) { return true }
            guard let position else { return false }
            return area.shapes.contains { $0.reaches(position, within: radius) }
        }
    }

    /// How severe the alert is at this sign; nil when it does not reach the sign or is lifted here.
    public func severity(of alert: Alert) -> AlertSeverity? {
        if isAnywhere { return alert.severity }
        return matchingAreas(of: alert).compactMap(\.severity).max()
    }

    /// The highest 震度 the alert gives for this sign's areas.
    public func intensity(of alert: Alert) -> SeismicIntensity? {
        if isAnywhere { return alert.details.earthquake?.maxIntensity ?? alert.areas.compactMap(\.intensity).max() }
        return matchingAreas(of: alert).filter { $0.severity != nil }.compactMap(\.intensity).max()
    }

    /// Whether the alert is in force somewhere this sign cares about.
    public func covers(_ alert: Alert) -> Bool {
        severity(of: alert) != nil
    }
}
