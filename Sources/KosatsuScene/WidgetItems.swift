/// A QR code: `text` encoded by the renderer (libqrencode), drawn as dark modules on a light square.
public struct QRCodeItem: Sendable, Hashable {
    /// Error-correction level, as the QR standard names them (L 7 %, M 15 %, Q 25 %, H 30 %).
    public enum Correction: String, Sendable, Hashable, CaseIterable {
        case low = "L", medium = "M", quartile = "Q", high = "H"
    }

    public var frame: Rect
    public var text: String
    public var correction: Correction
    /// Modules (dark squares); scanners need them darker than the light ground.
    public var dark: Color
    public var light: Color
    /// Light border around the symbol, in modules (the standard asks for 4).
    public var quietZone: Int

    public init(
        frame: Rect, text: String, correction: Correction = .medium, dark: Color = .black, light: Color = .white,
        quietZone: Int = 4
    ) {
        self.frame = frame
        self.text = text
        self.correction = correction
        self.dark = dark
        self.light = light
        self.quietZone = quietZone
    }
}

/// A scrolling line of text (テロップ) moving right to left through its frame.
///
/// Where the text stands is a pure function of `elapsed`: the same time draws the same pixels, so
/// `kosatsu render --at` is reproducible and a sign's frames are deterministic.
public struct TickerItem: Sendable, Hashable {
    public var frame: Rect
    /// The line, shaped by the text engine as one line (newlines become spaces).
    public var text: TextItem
    /// Seconds since the ticker's epoch (the scene's time modulo nothing: the renderer wraps it).
    public var elapsed: Double
    /// Pixels per second, design-canvas pixels.
    public var speed: Double
    /// Blank space between one pass of the text and the next.
    public var gap: Double

    public init(frame: Rect, text: TextItem, elapsed: Double, speed: Double, gap: Double) {
        self.frame = frame
        self.text = text
        self.elapsed = elapsed
        self.speed = speed
        self.gap = gap
    }

    /// How far the text has moved left for a line `lineWidth` wide: wraps after text + gap.
    public func offset(lineWidth: Double) -> Double {
        let cycle = lineWidth + gap
        guard cycle > 0, speed.isFinite, elapsed.isFinite else { return 0 }
        let distance = (elapsed * speed).truncatingRemainder(dividingBy: cycle)
        return distance < 0 ? distance + cycle : distance
    }
}

extension Scene {
    /// The same scene with every ticker `seconds` further on — ticker widgets and text boxes with
    /// `overflow: ticker` alike: a sign's frames between two evaluations of its layout.
    public func advancingTickers(by seconds: Double) -> Scene {
        var copy = self
        copy.items = Self.advancing(items, by: seconds)
        return copy
    }

    /// Whether anything in the scene scrolls with time (a ticker widget, or text that may scroll).
    public var hasTickers: Bool { Self.hasTickers(items) }

    private static func advancing(_ items: [SceneItem], by seconds: Double) -> [SceneItem] {
        items.map { item in
            switch item {
            case .ticker(var ticker):
                ticker.elapsed += seconds
                return .ticker(ticker)
            case .text(var text) where text.paragraph.ticker != nil:
                text.paragraph.ticker?.elapsed += seconds
                return .text(text)
            case .group(var group):
                group.items = advancing(group.items, by: seconds)
                return .group(group)
            default:
                return item
            }
        }
    }

    private static func hasTickers(_ items: [SceneItem]) -> Bool {
        items.contains { item in
            switch item {
            case .ticker(let ticker): ticker.speed != 0
            case .text(let text): text.paragraph.ticker.map { $0.speed != 0 } ?? false
            case .group(let group): hasTickers(group.items)
            default: false
            }
        }
    }
}
