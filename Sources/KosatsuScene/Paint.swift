/// How an area is filled.
public enum Paint: Sendable, Hashable {
    case solid(Color)
    case linearGradient(LinearGradient)
}

/// A gradient along the line from `start` to `end` (in the item's own coordinates).
public struct LinearGradient: Sendable, Hashable {
    public var start: Point
    public var end: Point
    public var stops: [GradientStop]

    public init(start: Point, end: Point, stops: [GradientStop]) {
        self.start = start
        self.end = end
        self.stops = stops
    }
}

/// One colour at an offset 0…1 along a gradient.
public struct GradientStop: Sendable, Hashable {
    public var offset: Double
    public var color: Color

    public init(offset: Double, color: Color) {
        self.offset = offset
        self.color = color
    }
}

/// An outline: its colour, width and optional dash pattern (lengths in scene pixels).
public struct Stroke: Sendable, Hashable {
    public var color: Color
    public var width: Double
    public var dash: [Double]

    public init(color: Color, width: Double, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}
