/// A paragraph of styled text set inside a frame by the text engine.
public struct TextItem: Sendable, Hashable {
    public var frame: Rect
    public var spans: [TextSpan]
    public var paragraph: ParagraphStyle

    public init(frame: Rect, spans: [TextSpan], paragraph: ParagraphStyle = ParagraphStyle()) {
        self.frame = frame
        self.spans = spans
        self.paragraph = paragraph
    }

    /// The whole text of all spans.
    public var text: String { spans.map(\.text).joined() }
}

/// A run of text in one style.
public struct TextSpan: Sendable, Hashable {
    public var text: String
    public var style: TextStyle

    public init(text: String, style: TextStyle) {
        self.text = text
        self.style = style
    }
}

/// The look of a span of text.
public struct TextStyle: Sendable, Hashable {
    public var font: FontRequest
    /// Font size in scene pixels (em).
    public var size: Double
    public var color: Color
    /// BCP 47 language tag (`ja`, `en`, `zh-Hans`, `zh-Hant`, `ko`): picks glyph forms and fallback fonts.
    public var language: String
    /// OpenType features such as `palt` or `-kern`, in HarfBuzz's feature-string syntax.
    public var features: [String]

    public init(
        font: FontRequest = FontRequest(),
        size: Double = 48,
        color: Color = .black,
        language: String = "ja",
        features: [String] = []
    ) {
        self.font = font
        self.size = size
        self.color = color
        self.language = language
        self.features = features
    }
}

/// A font asked for by family and weight; fontconfig decides the file.
public struct FontRequest: Sendable, Hashable {
    public enum Weight: String, Sendable, Hashable, CaseIterable {
        case regular
        case bold
    }

    public var family: String
    public var weight: Weight

    public init(family: String = "BIZ UDPGothic", weight: Weight = .regular) {
        self.family = family
        self.weight = weight
    }
}

/// How lines are broken, aligned and fitted in the frame.
public struct ParagraphStyle: Sendable, Hashable {
    public enum Alignment: String, Sendable, Hashable, CaseIterable {
        case start, center, end, justify
    }

    public enum VerticalAlignment: String, Sendable, Hashable, CaseIterable {
        case top, middle, bottom
    }

    /// What happens when the text does not fit the frame.
    public enum Overflow: Sendable, Hashable {
        /// Cut at the last line that fits, ending with an ellipsis (…).
        case ellipsis
        /// Drawn as is, clipped by nothing.
        case visible
        /// The font size shrinks, down to `minimumSize`, then ellipsis.
        case shrink(minimumSize: Double)
    }

    public var alignment: Alignment
    public var verticalAlignment: VerticalAlignment
    /// Line pitch as a multiple of the font size.
    public var lineHeight: Double
    public var maxLines: Int?
    public var overflow: Overflow
    /// Line-breaking strictness: `strict` (default for signs), `normal`, `loose`, or `uax14`.
    public var lineBreak: String

    public init(
        alignment: Alignment = .start,
        verticalAlignment: VerticalAlignment = .top,
        lineHeight: Double = 1.4,
        maxLines: Int? = nil,
        overflow: Overflow = .ellipsis,
        lineBreak: String = "strict"
    ) {
        self.alignment = alignment
        self.verticalAlignment = verticalAlignment
        self.lineHeight = lineHeight
        self.maxLines = maxLines
        self.overflow = overflow
        self.lineBreak = lineBreak
    }
}
