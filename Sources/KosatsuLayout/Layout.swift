public import Foundation
public import KosatsuData
public import KosatsuScene

/// A sign layout read from `Layouts/*.yaml`: pages of boxes bound to the city's data.
public struct Layout: Sendable {
    /// The file it was read from.
    public var file: String
    public var name: String
    /// The design canvas for landscape outputs (default 1920×1080).
    public var canvas: Size
    /// The design canvas for portrait outputs, when the layout reflows for them.
    public var portraitCanvas: Size?
    /// The languages the layout is shown in, in rotation order.
    public var languages: [Language]
    /// Sample data and a fixed time for `kosatsu render`, CI and golden images.
    public var preview: Preview?
    public var timeZone: SignTimeZone
    public var pages: [Page]
    var styles: [String: TextStyleSpec]
    var palette: [String: Color] = [:]
    /// The themes the layout can be shown in (`light`, `dark`, `high-contrast`), the default first.
    public var themes: [String] = []
    /// Each theme's pages, read with that theme's palette.
    var themedPages: [String: [Page]] = [:]
    /// Occupancy ratios at which each congestion level starts, when the data gives no level.
    public var thresholds = CongestionThresholds()
    /// Data older than this is marked stale (`{{#stale}}`): the sign says so instead of passing it off as live.
    public var staleAfter: TimeInterval = 600

    /// Where the sign is read from and how big its panel is, for `kosatsu check`'s legibility.
    public var viewing = Viewing()

    /// Index of the first page marked as an emergency screen, if any.
    public var emergencyPages: [Int] { pages.indices.filter { pages[$0].emergency != nil } }
}

/// How far away a sign is read and the size of its panel: `viewing: {distance: 10m, panel: 55in}`.
public struct Viewing: Sendable, Hashable {
    /// Metres.
    public var distance: Double?
    /// Panel diagonal in inches.
    public var panel: Double?

    public init(distance: Double? = nil, panel: Double? = nil) {
        self.distance = distance
        self.panel = panel
    }
}

/// Data and time a layout is previewed with.
public struct Preview: Sendable, Hashable {
    /// Absolute path of the sample snapshot.
    public var data: String?
    public var at: Date?
}

/// One screen of a playlist.
public struct Page: Sendable {
    public var name: String
    /// How long the page stays before the next.
    public var duration: Duration
    /// Non-nil for an emergency screen: the alert events it serves (`earthquake`, `tsunami`,
    /// `rain`, … or `any`).
    public var emergency: [String]?
    var background: PaintSpec
    var items: [Box]
}

/// A length in a layout: pixels, or a percentage of the parent's size.
enum Dimension: Sendable, Hashable {
    case pixels(Double)
    case percent(Double)

    func resolve(in parent: Double) -> Double {
        switch self {
        case .pixels(let value): value
        case .percent(let value): parent * value / 100
        }
    }
}

/// Which outputs a box appears on.
enum Orientation: String, Sendable, Hashable, CaseIterable {
    case landscape, portrait
}

/// Where a box sits in its parent, with an optional different place in portrait.
struct FrameSpec: Sendable, Hashable {
    var x: Dimension = .pixels(0)
    var y: Dimension = .pixels(0)
    var width: Dimension = .percent(100)
    var height: Dimension = .percent(100)
    var portrait: PortraitFrame?
    var only: Orientation?
    /// A data path that must be present and non-empty for the box to show.
    var when: String?
    /// A data path that must be absent or empty for the box to show.
    var unless: String?
    /// Where the box is written.
    var source: SourceMark?

    struct PortraitFrame: Sendable, Hashable {
        var x: Dimension?
        var y: Dimension?
        var width: Dimension?
        var height: Dimension?
    }
}

/// A colour from the palette or `#RRGGBB`, or a gradient.
enum PaintSpec: Sendable, Hashable {
    case color(Color)
    /// CSS-style angle: 180° runs top to bottom, 90° left to right.
    case gradient(colors: [Color], angle: Double)
}

/// Text style fields as written; unset fields inherit from the named style, then the default.
struct TextStyleSpec: Sendable, Hashable {
    var font: String?
    var weight: FontRequest.Weight?
    var size: Double?
    var color: Color?
    var align: ParagraphStyle.Alignment?
    var valign: ParagraphStyle.VerticalAlignment?
    var lineHeight: Double?
    var maxLines: Int?
    var overflow: OverflowMode?
    var minSize: Double?
    var lineBreak: LineBreakMode?
    var wrap: ParagraphStyle.Wrap?
    var features: [String]?
    var writingMode: ParagraphStyle.WritingMode?
    var autospace: AutospaceMode?
    var punctuation: PunctuationMode?
    var hanging: Bool?
    var condense: Double?
    var tickerSpeed: Double?
    /// Sets the box in this language whatever the page's language (a notice shown in five languages at once).
    var language: Language?
    /// Metres this text is read from when not the layout's distance (fine print read up close).
    var viewingDistance: Double?

    enum OverflowMode: String, Sendable, Hashable, CaseIterable {
        case ellipsis, shrink, visible, ticker
    }

    /// Japanese–Latin spacing: ¼ em, ⅛ em (CSS `text-autospace`) or none.
    enum AutospaceMode: String, Sendable, Hashable, CaseIterable {
        case quarter, eighth, off

        var em: Double {
            switch self {
            case .quarter: 0.25
            case .eighth: 0.125
            case .off: 0
            }
        }
    }

    /// Punctuation spacing: collapsed per JLReq, or every mark at its full width.
    enum PunctuationMode: String, Sendable, Hashable, CaseIterable {
        case jlreq, off
    }

    enum LineBreakMode: String, Sendable, Hashable, CaseIterable {
        case strict, normal, loose, uax14, phrase
    }

    /// These fields over `base`'s.
    func over(_ base: TextStyleSpec) -> TextStyleSpec {
        TextStyleSpec(
            font: font ?? base.font, weight: weight ?? base.weight, size: size ?? base.size, color: color ?? base.color,
            align: align ?? base.align, valign: valign ?? base.valign, lineHeight: lineHeight ?? base.lineHeight,
            maxLines: maxLines ?? base.maxLines, overflow: overflow ?? base.overflow, minSize: minSize ?? base.minSize,
            lineBreak: lineBreak ?? base.lineBreak, wrap: wrap ?? base.wrap, features: features ?? base.features,
            writingMode: writingMode ?? base.writingMode, autospace: autospace ?? base.autospace,
            punctuation: punctuation ?? base.punctuation, hanging: hanging ?? base.hanging,
            condense: condense ?? base.condense, tickerSpeed: tickerSpeed ?? base.tickerSpeed,
            language: language ?? base.language, viewingDistance: viewingDistance ?? base.viewingDistance)
    }
}

/// Text as written: one template, or one per language.
struct TextSource: Sendable {
    var templates: [Language: Template]

    func template(for language: Language) -> Template? {
        templates[language] ?? templates[.ja] ?? templates[.en] ?? templates.values.first
    }
}

/// A box in a layout.
indirect enum Box: Sendable {
    case panel(frame: FrameSpec, fill: PaintSpec?, radius: Double, stroke: Stroke?)
    case line(from: (Dimension, Dimension), to: (Dimension, Dimension), stroke: Stroke, frame: FrameSpec)
    case image(frame: FrameSpec, path: String, fit: ImageItem.Fit, opacity: Double, radius: Double)
    case text(frame: FrameSpec, text: TextSource, style: TextStyleSpec)
    case clock(frame: FrameSpec, format: ClockFormat, style: TextStyleSpec)
    case group(frame: FrameSpec, clip: Bool, items: [Box])
    case repeating(frame: FrameSpec, repeat: RepeatSpec)
    /// Charts, level indicators, tiles, ticker, QR code, map (see `WidgetSpec`).
    case widget(frame: FrameSpec, spec: WidgetSpec)
}

/// A box repeated for each item of a list in the data (one row per tourist spot).
struct RepeatSpec: Sendable {
    /// Path of the list in the data (`spots`).
    var each: String
    /// Name each item is bound to (`spot`).
    var name: String
    var maximum: Int
    var direction: Direction
    var spacing: Double
    var items: [Box]
    /// Shown instead when the list is empty.
    var empty: [Box]

    enum Direction: String, Sendable, CaseIterable {
        case vertical, horizontal
    }
}
