public import Foundation

/// The weather where the sign stands.
public struct Weather: Sendable, Hashable, Codable {
    public var observedAt: Date?
    /// Air temperature in °C.
    public var temperature: Double?
    /// Precipitation in mm over the last hour.
    public var precipitation: Double?
    /// Relative humidity in %.
    public var humidity: Double?
    /// Wind speed in m/s.
    public var windSpeed: Double?
    /// 晴れ, くもり, 雨 … in each language.
    public var condition: LocalizedText?

    public init(
        observedAt: Date? = nil, temperature: Double? = nil, precipitation: Double? = nil, humidity: Double? = nil,
        windSpeed: Double? = nil, condition: LocalizedText? = nil
    ) {
        self.observedAt = observedAt
        self.temperature = temperature
        self.precipitation = precipitation
        self.humidity = humidity
        self.windSpeed = windSpeed
        self.condition = condition
    }
}
