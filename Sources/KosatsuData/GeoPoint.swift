import Foundation

/// A WGS 84 position.
public struct GeoPoint: Hashable, Sendable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The mean earth radius (IUGG), in metres.
    public static let earthRadius = 6_371_008.8

    /// Great-circle distance in metres (haversine on the mean sphere: within 0.5 % of the
    /// ellipsoid anywhere, far better at city scale; fine across the antimeridian too).
    public func distance(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a =
            sin(dLat / 2) * sin(dLat / 2) + cos(latitude * radians) * cos(other.latitude * radians)
            * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadius * asin(min(1, sqrt(a)))
    }

    /// The initial great-circle bearing to `other`, in degrees clockwise from true north (0..<360);
    /// 0 when the two are the same place.
    public func bearing(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let from = latitude * radians
        let to = other.latitude * radians
        let dLon = (other.longitude - longitude) * radians
        let y = sin(dLon) * cos(to)
        let x = cos(from) * sin(to) - sin(from) * cos(to) * cos(dLon)
        guard x != 0 || y != 0 else { return 0 }
        let degrees = atan2(y, x) / radians
        return (degrees + 360).truncatingRemainder(dividingBy: 360)
    }
}
