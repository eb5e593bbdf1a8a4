import KosatsuData
import KosatsuScene

/// A sign widget bound to the data: the boxes that make congestion readable at a glance.
///
/// Each is evaluated into plain scene items (panels, paths, text, QR codes, tickers), so the one
/// renderer draws them and tests can read what a widget shows without drawing it.
enum WidgetSpec: Sendable {
    case level(LevelSpec)
    case barChart(BarChartSpec)
    case timeSeries(TimeSeriesSpec)
    case gauge(GaugeSpec)
    case tile(TileSpec)
    case ticker(TickerSpec)
    case qrCode(QRCodeSpec)
    case map(MapSpec)
    case legend(LegendSpec)
    case shelters(SheltersSpec)
}

/// The colours every widget draws with, resolved from the theme's palette when the layout is read.
struct WidgetColors: Sendable {
    var ink: Color
    var muted: Color
    var grid: Color
    var track: Color
    var bar: Color
    var forecast: Color
    var now: Color
    var surface: Color
    /// Drawn around level marks (high contrast: a white edge on every coloured shape).
    var outline: Color
    /// Fill and text colour per congestion level.
    var levels: [CongestionLevel: LevelColors]
    /// For a spot without data.
    var unknown: LevelColors

    func colors(_ level: CongestionLevel?) -> LevelColors { level.flatMap { levels[$0] } ?? unknown }
}

/// A level's fill and the text colour that reads on it.
struct LevelColors: Sendable, Hashable {
    var fill: Color
    var ink: Color
}

/// A spot's congestion level: a pill in the level's colour with its shape and its word.
struct LevelSpec: Sendable {
    /// Path of the spot in the data (`spot` inside a repeat).
    var spot: String
    var style: TextStyleSpec
    var showsIcon: Bool
    var colors: WidgetColors
}

/// Spots as horizontal bars, most crowded first.
struct BarChartSpec: Sendable {
    enum Value: String, Sendable, CaseIterable {
        /// Occupancy (count ÷ capacity) in %.
        case occupancy
        /// People counted.
        case count
    }

    enum Sort: String, Sendable, CaseIterable {
        case descending, ascending, none
    }

    /// What happens to the spots that do not fit in `rows`.
    enum More: String, Sendable, CaseIterable {
        /// The first `rows` are shown, and a line says how many more there are.
        case top
        /// All are shown, `rows` at a time, each page for `pageDuration`.
        case pages
    }

    var each: String
    var value: Value
    var sort: Sort
    var rows: Int
    var more: More
    var pageDuration: Double
    var capacityLine: Bool
    /// Share of the width given to the names (0…1).
    var labelWidth: Double
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// A spot's people count over the day: past solid, forecast dashed, gaps left open.
struct TimeSeriesSpec: Sendable {
    var spot: String
    /// First and last hour on the axis; nil takes them from the data.
    var fromHour: Int?
    var toHour: Int?
    var tickEvery: Int
    var capacityLine: Bool
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// An arc filled to a value: a spot's occupancy or any number from the data.
struct GaugeSpec: Sendable {
    /// Path of a spot whose occupancy is shown, or…
    var spot: String?
    /// …a number from the data, through a template.
    var value: Template?
    var maximum: Double
    var unit: String
    var label: TextSource?
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// A labelled big number: 気温 18.5℃.
struct TileSpec: Sendable {
    var label: TextSource
    var value: Template
    var unit: TextSource?
    /// When set, the value must be a number and is shown with this many decimals.
    var digits: Int?
    var fill: Color?
    var radius: Double
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// A scrolling テロップ.
struct TickerSpec: Sendable {
    var text: TextSource
    var speed: Double
    var gap: Double?
    var fill: Color?
    var style: TextStyleSpec
}

/// A QR code to a URL, with a caption such as 「詳しくはこちら」.
struct QRCodeSpec: Sendable {
    var url: Template
    var caption: TextSource?
    var correction: QRCodeItem.Correction
    var dark: Color
    var light: Color
    var style: TextStyleSpec
}

/// Spots placed on a background picture, each marked by its level.
struct MapSpec: Sendable {
    var image: String
    var fit: ImageItem.Fit
    /// Where each spot (by id) stands, as fractions 0…1 of the box.
    var places: [(id: String, x: Double, y: Double)]
    var markerSize: Double
    var labels: Bool
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// The four levels with their shapes and words, so a reader learns the code once.
struct LegendSpec: Sendable {
    var direction: RepeatSpec.Direction
    var style: TextStyleSpec
    var colors: WidgetColors
}

/// The nearest shelters for the alert on screen: an arrow the way to go, the name, how far and how
/// long on foot, and the site's state when the city publishes it.
struct SheltersSpec: Sendable {
    /// Path of the list in the data (`shelters`: the shown alert's).
    var each: String
    var rows: Int
    /// A heading line 「近くの指定緊急避難場所（直線距離）」 above the rows.
    var heading: Bool
    var style: TextStyleSpec
    var colors: WidgetColors
}
