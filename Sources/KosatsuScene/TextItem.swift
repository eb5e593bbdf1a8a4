/// A paragraph of styled text set inside a frame by the text engine.
public struct TextItem: Sendable, Hashable {
    public var frame: Rect
    public var spans: [TextSpan]
    public var paragraph: ParagraphStyle
    /// Where the box that made this text is written, so that tools (`kosatsu check`) can point at it.
    public var source: SourceMark?

    public init(
        frame: Rect, spans: [TextSpan], paragraph: ParagraphStyle = ParagraphStyle(), source: SourceMark? = nil
    ) {
        self.frame = frame
        self.spans = spans
        self.paragraph = paragraph
        self.source = source
    }

    /// The whole text of all spans.
    public var text: String { spans.map(\.text).joined() }
}

/// A place in a layout file, and what its author said about the box there.
public struct SourceMark: Sendable, Hashable {
    /// 1-based.
    public var line: Int
    public var column: Int
    /// The distance in metres this text is meant to be read from, when it differs from the layout's
    /// (fine print read up close): `viewing-distance:` on the box.
    public var viewingDistance: Double?

    public init(line: Int, column: Int, viewingDistance: Double? = nil) {
        self.line = line
        self.column = column
        self.viewingDistance = viewingDistance
    }
}

/// A run of text in one style, optionally with ruby (furigana) over it.
public struct TextSpan: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    /// Ruby over `text`, set at half size and never separated from it: one reading is group ruby
    /// (centred over the whole base, which stays on one line); one reading per base character is
    /// mono ruby (each centred over its character). Empty: no ruby.
    public var ruby: [String]

    public init(text: String, style: TextStyle, ruby: [String] = []) {
        self.text = text
        self.style = style
        self.ruby = ruby
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
    /// Line-breaking strictness: `strict` (default for signs), `normal`, `loose`, `uax14`, or `phrase`
    /// (only between phrases, 文節, where `strict` allows).
    public var lineBreak: String
    /// How the breaks are chosen: nil is `pretty` for justified text and `greedy` otherwise.
    public var wrap: Wrap?
    /// Horizontal (横書き) or vertical (縦書き) lines.
    public var writingMode: WritingMode
    /// Space between Japanese and Latin letters or digits, in em: ¼ by default, ⅛ like CSS
    /// `text-autospace`, 0 for none. Never at line edges or next to punctuation.
    public var autospace: Double
    /// Whether punctuation (yakumono) spacing is collapsed per JLReq (」「 → ½ em, 。」 solid,
    /// line-start brackets flush).
    public var trimsPunctuation: Bool
    /// Whether 。、 may hang past the line end instead of being pushed to the next line.
    public var hangingPunctuation: Bool
    /// The narrowest horizontal scale (長体) tried before shrinking when the text does not fit:
    /// 1 never condenses, 0.8 allows 80 %.
    public var condense: Double
    /// When set, text that does not fit scrolls as a one-line ticker (テロップ) instead of ending
    /// in an ellipsis.
    public var ticker: Ticker?

    public init(
        alignment: Alignment = .start,
        verticalAlignment: VerticalAlignment = .top,
        lineHeight: Double = 1.4,
        maxLines: Int? = nil,
        overflow: Overflow = .ellipsis,
        lineBreak: String = "strict",
        wrap: Wrap? = nil,
        writingMode: WritingMode = .horizontal,
        autospace: Double = 0.25,
        trimsPunctuation: Bool = true,
        hangingPunctuation: Bool = false,
        condense: Double = 1,
        ticker: Ticker? = nil
    ) {
        self.alignment = alignment
        self.verticalAlignment = verticalAlignment
        self.lineHeight = lineHeight
        self.maxLines = maxLines
        self.overflow = overflow
        self.lineBreak = lineBreak
        self.wrap = wrap
        self.writingMode = writingMode
        self.autospace = autospace
        self.trimsPunctuation = trimsPunctuation
        self.hangingPunctuation = hangingPunctuation
        self.condense = condense
        self.ticker = ticker
    }

    /// How a paragraph's breaks are chosen.
    public enum Wrap: String, Sendable, Hashable, CaseIterable {
        /// Each line takes all that fits (first fit).
        case greedy
        /// All the breaks together, so that the lines are as even as possible: for headlines.
        case balance
        /// All the breaks together, for body text: lines that need little spreading when justified, no
        /// last line shorter than a third of the measure, no particle torn from its word.
        case pretty
    }

    /// The direction lines run in.
    public enum WritingMode: String, Sendable, Hashable, CaseIterable {
        /// Lines left to right, stacked top to bottom.
        case horizontal
        /// Columns top to bottom, stacked right to left; `alignment` acts along the column and
        /// `verticalAlignment` places the block of columns (top = right, bottom = left).
        case vertical
    }

    /// A scrolling one-line ticker: its offset is a pure function of `elapsed`, so a render at a
    /// given time is reproducible.
    public struct Ticker: Sendable, Hashable {
        /// Scrolling speed in scene pixels per second.
        public var speed: Double
        /// Space between the end of the text and its next repetition, in pixels.
        public var gap: Double
        /// Seconds since a fixed epoch (the layout passes the time being rendered).
        public var elapsed: Double

        public init(speed: Double = 120, gap: Double = 200, elapsed: Double = 0) {
            self.speed = speed
            self.gap = gap
            self.elapsed = elapsed
        }
    }
}
