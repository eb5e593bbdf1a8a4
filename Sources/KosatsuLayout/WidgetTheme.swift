import KosatsuData
import KosatsuScene

/// The built-in themes: the widget colours each seeds the palette with, before the layout's own
/// `colors:` and the theme's overrides.
///
/// Level colours come from the colour-universal-design recommended set (CUD v4: blue, yellow,
/// red-orange, purple), each with the text colour that reads on it at 4.5:1 or better; every level
/// also has its own shape and word, so none is told by colour alone.
enum WidgetTheme: String, Sendable, CaseIterable {
    case light
    case dark
    case highContrast = "high-contrast"

    /// The palette names widgets read, with this theme's values.
    var palette: [String: Color] {
        var colors: [String: String]
        switch self {
        case .light:
            colors = [
                "widget-ink": "#111827", "widget-muted": "#4B5563", "widget-grid": "#C4CAD4", "widget-track": "#E3E7EE",
                "widget-bar": "#005AFF", "widget-forecast": "#4B5563", "widget-now": "#C80000",
                "widget-surface": "#FFFFFF", "widget-outline": "#11182700",
                "level-low": "#005AFF", "level-low-ink": "#FFFFFF", "level-moderate": "#FFF100",
                "level-moderate-ink": "#000000", "level-high": "#FF4B00", "level-high-ink": "#000000",
                "level-very-high": "#990099", "level-very-high-ink": "#FFFFFF", "level-none": "#8A8F98",
                "level-none-ink": "#000000",
            ]
        case .dark:
            colors = [
                "widget-ink": "#FFFFFF", "widget-muted": "#C9D3E6", "widget-grid": "#3B5A8F", "widget-track": "#22406F",
                "widget-bar": "#4DC4FF", "widget-forecast": "#C9D3E6", "widget-now": "#FFF100",
                "widget-surface": "#14305F", "widget-outline": "#FFFFFF00",
                "level-low": "#005AFF", "level-low-ink": "#FFFFFF", "level-moderate": "#FFF100",
                "level-moderate-ink": "#000000", "level-high": "#FF4B00", "level-high-ink": "#000000",
                "level-very-high": "#990099", "level-very-high-ink": "#FFFFFF", "level-none": "#8A8F98",
                "level-none-ink": "#000000",
            ]
        case .highContrast:
            colors = [
                "widget-ink": "#FFFFFF", "widget-muted": "#FFFFFF", "widget-grid": "#FFFFFF", "widget-track": "#333333",
                "widget-bar": "#FFFF00", "widget-forecast": "#FFFFFF", "widget-now": "#FFFF00",
                "widget-surface": "#000000", "widget-outline": "#FFFFFF",
                "level-low": "#4DC4FF", "level-low-ink": "#000000", "level-moderate": "#FFF100",
                "level-moderate-ink": "#000000", "level-high": "#F6AA00", "level-high-ink": "#000000",
                "level-very-high": "#C9ACE6", "level-very-high-ink": "#000000", "level-none": "#C8C8CB",
                "level-none-ink": "#000000",
            ]
        }
        return colors.compactMapValues { Color(hex: $0) }
    }

    /// The palette name of a level's fill (`level-very-high`), and of its text with `-ink`.
    static func paletteName(_ level: CongestionLevel?) -> String {
        switch level {
        case .low: "level-low"
        case .moderate: "level-moderate"
        case .high: "level-high"
        case .veryHigh: "level-very-high"
        case nil: "level-none"
        }
    }

    /// The widget colours in `palette` (a theme's seeded palette, so every name is there).
    static func colors(in palette: [String: Color]) -> WidgetColors {
        func color(_ name: String, _ fallback: Color) -> Color { palette[name] ?? fallback }
        func level(_ level: CongestionLevel?) -> LevelColors {
            let name = paletteName(level)
            return LevelColors(fill: color(name, .white), ink: color(name + "-ink", .black))
        }
        return WidgetColors(
            ink: color("widget-ink", .black), muted: color("widget-muted", .black), grid: color("widget-grid", .black),
            track: color("widget-track", .white), bar: color("widget-bar", .black),
            forecast: color("widget-forecast", .black), now: color("widget-now", .black),
            surface: color("widget-surface", .white), outline: color("widget-outline", .clear),
            levels: Dictionary(uniqueKeysWithValues: CongestionLevel.allCases.map { ($0, level($0)) }),
            unknown: level(nil))
    }
}
