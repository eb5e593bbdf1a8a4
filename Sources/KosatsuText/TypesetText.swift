public import KosatsuScene

/// A glyph placed on the page: its id in the run's face and its pen position (baseline).
public struct PositionedGlyph: Sendable, Hashable {
    public var id: UInt32
    public var x: Double
    public var y: Double

    public init(id: UInt32, x: Double, y: Double) {
        self.id = id
        self.x = x
        self.y = y
    }
}

/// Glyphs from one face at one size and colour, ready to draw.
public struct GlyphRun: Sendable, Hashable {
    public var face: FaceID
    /// Em size in scene pixels.
    public var size: Double
    public var color: Color
    public var glyphs: [PositionedGlyph]
    /// Horizontal scale of each glyph's outline (長体 condensing, tate-chu-yoko): 1 is as designed.
    public var horizontalScale: Double
    /// Whether the glyphs are turned 90° clockwise (Latin in vertical text): their baseline runs down.
    public var isRotated: Bool

    public init(
        face: FaceID, size: Double, color: Color, glyphs: [PositionedGlyph], horizontalScale: Double = 1,
        isRotated: Bool = false
    ) {
        self.face = face
        self.size = size
        self.color = color
        self.glyphs = glyphs
        self.horizontalScale = horizontalScale
        self.isRotated = isRotated
    }
}

/// A paragraph set into its frame: glyph runs relative to the frame's origin.
public struct TypesetText: Sendable, Hashable {
    public var runs: [GlyphRun]
    public var lineCount: Int
    /// False when text had to be cut (ellipsis) to fit.
    public var isComplete: Bool
    /// The font-size factor applied by shrink-to-fit (1 when none).
    public var scale: Double
    /// The horizontal scale applied by condensing (長体; 1 when none).
    public var condensation: Double = 1
    /// Whether the text scrolls as a ticker; its glyphs must then be clipped to the frame.
    public var isTicker: Bool = false
    /// A ticker's text length in frame px (it repeats after this plus the gap).
    var tickerLength: Double = 0
}

/// One line as set: its text (without trailing spaces and line feeds), where it lies in the item's
/// text, and its natural width in frame px (before any justification).
public struct TypesetLine: Sendable, Hashable {
    public var text: String
    /// Offsets in Unicode scalars of the item's whole text (all spans).
    public var range: Range<Int>
    public var width: Double

    public init(text: String, range: Range<Int>, width: Double) {
        self.text = text
        self.range = range
        self.width = width
    }
}
