import Foundation
public import KosatsuData

/// A WGS 84 position (kept in KosatsuData, which shelters and layouts share).
public typealias GeoPoint = KosatsuData.GeoPoint

/// The area geometry a CAP `area` or an NGSI `location` carries.
public enum GeoShape: Hashable, Sendable, Codable {
    /// A closed ring (CAP `polygon`, GeoJSON Polygon outer ring).
    case polygon([GeoPoint])
    /// CAP `circle`: centre and radius in metres.
    case circle(center: GeoPoint, radius: Double)
    /// A single position (GeoJSON Point).
    case point(GeoPoint)

    static let earthRadius = GeoPoint.earthRadius

    /// Whether a sign standing at `point`, caring about everything within `radius` metres, is
    /// touched by this shape.
    public func reaches(_ point: GeoPoint, within radius: Double) -> Bool {
        switch self {
        case .point(let position):
            return position.distance(to: point) <= radius
        case .circle(let center, let circleRadius):
            return center.distance(to: point) <= circleRadius + radius
        case .polygon(let ring):
            guard ring.count >= 3 else {
                return ring.contains { $0.distance(to: point) <= radius }
            }
            if Self.ring(ring, contains: point) { return true }
            return Self.distance(from: point, toRing: ring) <= radius
        }
    }

    /// Even-odd ray casting in longitude/latitude; fine for areas that do not cross the antimeridian.
    static func ring(_ ring: [GeoPoint], contains point: GeoPoint) -> Bool {
        var inside = false
        var previous = ring[ring.count - 1]
        for current in ring {
            if (current.latitude > point.latitude) != (previous.latitude > point.latitude) {
                let crossing =
                    (previous.longitude - current.longitude) * (point.latitude - current.latitude)
                    / (previous.latitude - current.latitude) + current.longitude
                if point.longitude < crossing { inside.toggle() }
            }
            previous = current
        }
        return inside
    }

    /// Shortest distance in metres from `point` to the ring's edges, on a local flat projection.
    static func distance(from point: GeoPoint, toRing ring: [GeoPoint]) -> Double {
        let radians = Double.pi / 180
        let scaleX = cos(point.latitude * radians) * radians * earthRadius
        let scaleY = radians * earthRadius
        func project(_ p: GeoPoint) -> (x: Double, y: Double) {
            ((p.longitude - point.longitude) * scaleX, (p.latitude - point.latitude) * scaleY)
        }
        var best = Double.infinity
        var previous = project(ring[ring.count - 1])
        for vertex in ring {
            let current = project(vertex)
            let dx = current.x - previous.x
            let dy = current.y - previous.y
            let lengthSquared = dx * dx + dy * dy
            var t = 0.0
            if lengthSquared > 0 {
                t = max(0, min(1, -(previous.x * dx + previous.y * dy) / lengthSquared))
            }
            let nearestX = previous.x + t * dx
            let nearestY = previous.y + t * dy
            best = min(best, (nearestX * nearestX + nearestY * nearestY).squareRoot())
            previous = current
        }
        return best
    }
}
