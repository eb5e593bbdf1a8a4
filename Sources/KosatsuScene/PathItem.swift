/// A shape made of straight segments and arcs: chart lines, markers, gauges and pictograms.
public struct PathItem: Sendable, Hashable {
    public var elements: [PathElement]
    public var fill: Paint?
    public var stroke: Stroke?
    /// Round caps and joins (chart lines), else butt caps and mitre joins (sharp shapes).
    public var rounded: Bool

    public init(elements: [PathElement], fill: Paint? = nil, stroke: Stroke? = nil, rounded: Bool = false) {
        self.elements = elements
        self.fill = fill
        self.stroke = stroke
        self.rounded = rounded
    }

    /// The smallest rectangle holding every point the path passes through (stroke width included).
    public var bounds: Rect {
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        func add(_ x: Double, _ y: Double) {
            minX = min(minX, x)
            minY = min(minY, y)
            maxX = max(maxX, x)
            maxY = max(maxY, y)
        }
        for element in elements {
            switch element {
            case .move(let point), .line(let point): add(point.x, point.y)
            case .arc(let center, let radius, _, _):
                add(center.x - radius, center.y - radius)
                add(center.x + radius, center.y + radius)
            case .close: break
            }
        }
        guard minX <= maxX, minY <= maxY else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        let pad = (stroke?.width ?? 0) / 2 + 1
        return Rect(x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad)
    }

    /// A polyline through `points` (nothing when fewer than two).
    public static func polyline(_ points: [Point], stroke: Stroke) -> PathItem {
        guard let first = points.first else { return PathItem(elements: [], stroke: stroke, rounded: true) }
        return PathItem(
            elements: [.move(first)] + points.dropFirst().map(PathElement.line), stroke: stroke, rounded: true)
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [Point], fill: Paint?, stroke: Stroke? = nil) -> PathItem {
        guard let first = points.first else { return PathItem(elements: [], fill: fill, stroke: stroke) }
        return PathItem(
            elements: [.move(first)] + points.dropFirst().map(PathElement.line) + [.close], fill: fill, stroke: stroke)
    }

    /// A full circle.
    public static func circle(center: Point, radius: Double, fill: Paint?, stroke: Stroke? = nil) -> PathItem {
        PathItem(
            elements: [.arc(center: center, radius: radius, from: 0, to: 2 * .pi), .close], fill: fill, stroke: stroke)
    }
}

/// One step of a path. Angles are radians, clockwise from the positive x axis (y points down).
public enum PathElement: Sendable, Hashable {
    case move(Point)
    case line(Point)
    /// An arc around `center`, clockwise from `from` to `to`, joined to the current point by a line.
    case arc(center: Point, radius: Double, from: Double, to: Double)
    case close
}
