/// What a sign shows at one moment: a display list of plain values, drawn by one renderer.
///
/// Coordinates are design-canvas pixels; the renderer scales the canvas to the output.
public struct Scene: Sendable, Hashable {
    /// The design canvas the items are placed on (e.g. 1920×1080).
    public var canvas: Size
    public var background: Paint
    public var items: [SceneItem]

    public init(canvas: Size, background: Paint = .solid(.black), items: [SceneItem] = []) {
        self.canvas = canvas
        self.background = background
        self.items = items
    }
}

/// One thing drawn on the canvas.
public indirect enum SceneItem: Sendable, Hashable {
    case panel(Panel)
    case line(Line)
    case image(ImageItem)
    case text(TextItem)
    case group(Group)
    /// Lines, arcs and filled shapes (charts, gauges, level pictograms).
    case path(PathItem)
    case qrCode(QRCodeItem)
    case ticker(TickerItem)
}

/// A filled and/or stroked rectangle, optionally with rounded corners.
public struct Panel: Sendable, Hashable {
    public var frame: Rect
    public var cornerRadius: Double
    public var fill: Paint?
    public var stroke: Stroke?

    public init(frame: Rect, cornerRadius: Double = 0, fill: Paint? = nil, stroke: Stroke? = nil) {
        self.frame = frame
        self.cornerRadius = cornerRadius
        self.fill = fill
        self.stroke = stroke
    }
}

/// A straight line.
public struct Line: Sendable, Hashable {
    public var from: Point
    public var to: Point
    public var stroke: Stroke

    public init(from: Point, to: Point, stroke: Stroke) {
        self.from = from
        self.to = to
        self.stroke = stroke
    }
}

/// A PNG image placed in a frame.
public struct ImageItem: Sendable, Hashable {
    /// How the picture is sized into its frame.
    public enum Fit: String, Sendable, Hashable, CaseIterable {
        /// Whole picture visible, aspect kept (may leave bands).
        case contain
        /// Frame filled, aspect kept (may crop).
        case cover
        /// Stretched to the frame.
        case fill
    }

    public var frame: Rect
    /// Absolute path of the PNG file.
    public var path: String
    public var fit: Fit
    public var opacity: Double
    public var cornerRadius: Double

    public init(frame: Rect, path: String, fit: Fit = .contain, opacity: Double = 1, cornerRadius: Double = 0) {
        self.frame = frame
        self.path = path
        self.fit = fit
        self.opacity = opacity
        self.cornerRadius = cornerRadius
    }
}

/// Items placed relative to `frame.origin`, optionally clipped to the frame.
public struct Group: Sendable, Hashable {
    public var frame: Rect
    public var clips: Bool
    public var items: [SceneItem]

    public init(frame: Rect, clips: Bool = false, items: [SceneItem]) {
        self.frame = frame
        self.clips = clips
        self.items = items
    }
}
