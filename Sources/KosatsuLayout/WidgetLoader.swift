import Foundation
import KosatsuConfig
internal import KosatsuData
internal import KosatsuScene
internal import Yams

/// Reading widget boxes, themes and congestion thresholds from a layout file.
extension LayoutBuilder {
    static let widgetKeys: [String: Set<String>] = [
        "level": styleKeys.union(["style", "spot", "icon"]),
        "bar-chart": styleKeys.union([
            "style", "each", "value", "sort", "rows", "more", "page-duration", "capacity-line", "label-width",
        ]),
        "time-series": styleKeys.union(["style", "spot", "from", "to", "tick-every", "capacity-line"]),
        "gauge": styleKeys.union(["style", "spot", "value", "max", "unit", "label"]),
        "tile": styleKeys.union(["style", "label", "value", "unit", "digits", "fill", "radius"]),
        "ticker": styleKeys.union(["style", "text", "speed", "gap", "fill"]),
        "qr-code": styleKeys.union(["style", "url", "caption", "correction", "dark", "light"]),
        "map": styleKeys.union(["style", "src", "fit", "spots", "marker-size", "labels"]),
        "legend": styleKeys.union(["style", "direction"]),
        "shelters": styleKeys.union(["style", "each", "rows", "heading"]),
    ]

    static let widgetRequiredKeys: [String: [String]] = [
        "tile": ["label", "value"], "ticker": ["text"], "qr-code": ["url"], "map": ["src", "spots"],
    ]

    /// Reads `themes:`, seeds the palette with the selected theme's widget colours under the
    /// layout's own `colors:`, then lays the theme's overrides on top. Returns the theme names.
    mutating func themes(_ node: Node?) -> [String] {
        var names: [String] = []
        var overrides: [String: Node] = [:]
        if let node {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let name = key.string else { continue }
                    guard WidgetTheme(rawValue: name) != nil else {
                        let options = WidgetTheme.allCases.map(\.rawValue)
                        let hint = Suggestion.closest(to: name, in: options).map { " (did you mean '\($0)'?)" } ?? ""
                        reader.report(
                            "unknown theme '\(name)'\(hint); expected one of \(options.joined(separator: ", "))",
                            at: key)
                        continue
                    }
                    names.append(name)
                    overrides[name] = value
                }
                if mapping.count == 0 { reader.report("'themes' must name at least one theme", at: node) }
            } else {
                reader.report(
                    "'themes' must map theme names (light, dark, high-contrast) to colour overrides, found \(reader.describe(node))",
                    at: node)
            }
        }
        let selected = theme ?? names.first ?? WidgetTheme.light.rawValue
        let preset = WidgetTheme(rawValue: selected) ?? .light
        palette = preset.palette.merging(palette) { _, own in own }
        if let node = overrides[selected] {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let name = key.string, let color = colorValue(value) else { continue }
                    palette[name] = color
                }
            } else if case .scalar(let scalar) = node, scalar.string.isEmpty {
                // `dark:` with nothing after it: the preset as it is.
            } else {
                reader.report(
                    "theme '\(selected)' must map colour names to colours, found \(reader.describe(node))", at: node)
            }
        }
        return names
    }

    /// Every theme's pages: the ones just read for the first, a silent second reading for the others
    /// (the first reading has reported every problem already).
    func otherThemes(_ names: [String], root: Node, pages: [Page]) -> [String: [Page]] {
        guard theme == nil, let first = names.first else { return [:] }
        var result = [first: pages]
        for name in names.dropFirst() {
            var builder = LayoutBuilder(reader: YAMLReader(file: reader.file), directory: directory)
            builder.theme = name
            result[name] = builder.layout(root)?.pages
        }
        return result
    }

    /// `thresholds: {moderate: 50%, high: 75%, very-high: 90%}` (or ratios 0.5, 0.75, 0.9).
    func thresholds(_ node: Node) -> CongestionThresholds? {
        guard
            let fields = reader.mapping(
                node, what: "'thresholds'", allowed: ["moderate", "high", "very-high"],
                required: ["moderate", "high", "very-high"])
        else { return nil }
        func ratio(_ key: String) -> Double? {
            guard let value = fields[key] else { return nil }
            if let text = value.string, text.hasSuffix("%"), let percent = Double(text.dropLast()) {
                return percent / 100
            }
            if case .scalar = value, let number = value.float ?? value.int.map(Double.init) { return number }
            reader.report(
                "'\(key)' must be a percentage ('75%') or a ratio (0.75), found \(reader.describe(value))", at: value)
            return nil
        }
        guard let moderate = ratio("moderate"), let high = ratio("high"), let veryHigh = ratio("very-high") else {
            return nil
        }
        guard 0 < moderate, moderate < high, high < veryHigh else {
            reader.report("thresholds must rise: 0 < moderate < high < very-high", at: node)
            return nil
        }
        return CongestionThresholds(moderate: moderate, high: high, veryHigh: veryHigh)
    }

    /// A widget box of `type` from its checked fields.
    func widget(_ type: String, fields: Fields) -> WidgetSpec? {
        let style = textStyle(fields)
        let colors = WidgetTheme.colors(in: palette)
        switch type {
        case "level":
            return .level(
                LevelSpec(
                    spot: fields.string("spot") ?? "spot", style: style, showsIcon: fields.bool("icon") ?? true,
                    colors: colors))
        case "bar-chart":
            var pageDuration = 8.0
            if let node = fields["page-duration"] {
                if let duration = DurationText.parse(node) {
                    pageDuration = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                } else {
                    reader.report("'page-duration' must be a time like 8s, found \(reader.describe(node))", at: node)
                }
            }
            return .barChart(
                BarChartSpec(
                    each: fields.string("each") ?? "spots",
                    value: fields.choice("value", BarChartSpec.Value.self) ?? .occupancy,
                    sort: fields.choice("sort", BarChartSpec.Sort.self) ?? .descending,
                    rows: fields.int("rows", range: 1...100) ?? 6,
                    more: fields.choice("more", BarChartSpec.More.self) ?? .top,
                    pageDuration: pageDuration, capacityLine: fields.bool("capacity-line") ?? true,
                    labelWidth: percentage(fields, "label-width") ?? 0.38, style: style, colors: colors))
        case "time-series":
            return .timeSeries(
                TimeSeriesSpec(
                    spot: fields.string("spot") ?? "spot", fromHour: fields.int("from", range: 0...24),
                    toHour: fields.int("to", range: 0...48), tickEvery: fields.int("tick-every", range: 1...24) ?? 3,
                    capacityLine: fields.bool("capacity-line") ?? true, style: style, colors: colors))
        case "gauge":
            if fields.has("spot") == fields.has("value") {
                reader.report(
                    "a gauge needs either 'spot' (its occupancy) or 'value' (a number), not both or neither",
                    at: fields.node)
            }
            return .gauge(
                GaugeSpec(
                    spot: fields.string("spot"), value: fields["value"].flatMap { template($0) },
                    maximum: fields.double("max", range: 0.000_001...1e12) ?? 100, unit: fields.string("unit") ?? "%",
                    label: fields["label"].flatMap { textSource($0) }, style: style, colors: colors))
        case "tile":
            guard let label = fields["label"].flatMap({ textSource($0) }),
                let value = fields["value"].flatMap({ template($0) })
            else { return nil }
            return .tile(
                TileSpec(
                    label: label, value: value, unit: fields["unit"].flatMap { textSource($0) },
                    digits: fields.int("digits", range: 0...6), fill: fields["fill"].flatMap { colorValue($0) },
                    radius: fields.double("radius", range: 0...10000) ?? 24, style: style, colors: colors))
        case "ticker":
            guard let text = fields["text"].flatMap({ textSource($0) }) else { return nil }
            return .ticker(
                TickerSpec(
                    text: text, speed: fields.double("speed", range: 0...10000) ?? 120,
                    gap: fields.double("gap", range: 0...100_000), fill: fields["fill"].flatMap { colorValue($0) },
                    style: style))
        case "qr-code":
            guard let url = fields["url"].flatMap({ template($0) }) else { return nil }
            return .qrCode(
                QRCodeSpec(
                    url: url, caption: fields["caption"].flatMap { textSource($0) },
                    correction: fields.choice("correction", QRCodeItem.Correction.self) ?? .medium,
                    dark: fields["dark"].flatMap { colorValue($0) } ?? .black,
                    light: fields["light"].flatMap { colorValue($0) } ?? .white, style: style))
        case "map":
            guard let src = fields.string("src") else { return nil }
            let path = imagePath(src)
            if !FileManager.default.fileExists(atPath: path) {
                reader.report("image '\(src)' not found (looked for \(path))", at: fields["src"])
            }
            return .map(
                MapSpec(
                    image: path, fit: fields.choice("fit", ImageItem.Fit.self) ?? .fill,
                    places: fields["spots"].map { places($0) } ?? [],
                    markerSize: fields.double("marker-size", range: 4...1000) ?? 56,
                    labels: fields.bool("labels") ?? true,
                    style: style, colors: colors))
        case "shelters":
            return .shelters(
                SheltersSpec(
                    each: fields.string("each") ?? "shelters", rows: fields.int("rows", range: 1...10) ?? 3,
                    heading: fields.bool("heading") ?? true, style: style, colors: colors))
        case "legend":
            return .legend(
                LegendSpec(
                    direction: fields.choice("direction", RepeatSpec.Direction.self) ?? .horizontal, style: style,
                    colors: colors))
        default:
            return nil
        }
    }

    /// A share 0…1 written as '40%' or 0.4.
    private func percentage(_ fields: Fields, _ key: String) -> Double? {
        guard let node = fields[key] else { return nil }
        if let text = node.string, text.hasSuffix("%"), let value = Double(text.dropLast()), (0...100).contains(value) {
            return value / 100
        }
        if case .scalar = node, let value = node.float, (0...1).contains(value) { return value }
        reader.report("'\(key)' must be a percentage like '40%', found \(reader.describe(node))", at: node)
        return nil
    }

    /// `spots: {spot-id: ['62%', '40%'], …}`: where each spot stands on the map, as shares of the box.
    private func places(_ node: Node) -> [(id: String, x: Double, y: Double)] {
        guard case .mapping(let mapping) = node else {
            reader.report(
                "'spots' must map spot ids to places ['62%', '40%'], found \(reader.describe(node))", at: node)
            return []
        }
        var result: [(id: String, x: Double, y: Double)] = []
        for (key, value) in mapping {
            guard let id = key.string else { continue }
            guard case .sequence(let pair) = value, pair.count == 2,
                case .percent(let x) = dimension(pair[0], key: "\(id) x") ?? .pixels(-1),
                case .percent(let y) = dimension(pair[1], key: "\(id) y") ?? .pixels(-1),
                (0...100).contains(x), (0...100).contains(y)
            else {
                reader.report(
                    "the place of '\(id)' must be two percentages of the map box, like ['62%', '40%']", at: value)
                continue
            }
            result.append((id, x / 100, y / 100))
        }
        return result
    }
}
