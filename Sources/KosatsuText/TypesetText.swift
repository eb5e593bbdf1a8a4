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
}

/// A paragraph set into its frame: glyph runs relative to the frame's origin.
public struct TypesetText: Sendable, Hashable {
    public var runs: [GlyphRun]
    public var lineCount: Int
    /// False when text had to be cut (ellipsis) to fit.
    public var isComplete: Bool
    /// The font-size factor applied by shrink-to-fit (1 when none).
    public var scale: Double
}
