import Foundation
internal import KosatsuData
internal import KosatsuScene

/// Widgets become plain scene items here: the renderer only ever sees panels, paths, text, QR
/// codes and tickers.
extension BoxEvaluator {
    func items(_ widget: WidgetSpec, frame: Rect, context: DataContext) -> [SceneItem] {
        let inner: [SceneItem]
        switch widget {
        case .level(let spec): inner = level(spec, size: frame.size, context: context)
        case .barChart(let spec): inner = barChart(spec, size: frame.size, context: context)
        case .timeSeries(let spec): inner = timeSeries(spec, size: frame.size, context: context)
        case .gauge(let spec): inner = gauge(spec, size: frame.size, context: context)
        case .tile(let spec): inner = tile(spec, size: frame.size, context: context)
        case .ticker(let spec): inner = ticker(spec, size: frame.size, context: context)
        case .qrCode(let spec): inner = qrCode(spec, size: frame.size, context: context)
        case .map(let spec): inner = map(spec, size: frame.size, context: context)
        case .legend(let spec): inner = legend(spec, size: frame.size)
        case .shelters(let spec): inner = shelters(spec, size: frame.size, context: context)
        }
        return [.group(Group(frame: frame, items: inner))]
    }

    // MARK: Data

    /// The spot a path names (`spot` inside a repeat, `spots.0`), with the snapshot's numbers.
    func spot(at path: String, context: DataContext) -> Spot? {
        guard let entry = context.value(at: path) as? [String: Any], let id = entry["id"] as? String else {
            return nil
        }
        return context.spotsByID[id]
    }

    func spots(at path: String, context: DataContext) -> [Spot] {
        guard let list = context.value(at: path) as? DataList else { return [] }
        return list.items.compactMap { item in
            (item as? [String: Any]).flatMap { $0["id"] as? String }.flatMap { context.spotsByID[$0] }
        }
    }

    func level(of spot: Spot?) -> CongestionLevel? {
        spot?.level(thresholds: layout.thresholds)
    }

    /// A number from a template's text ("1,234", " 18.5 "); nil with a note when it is not one.
    func number(_ text: String, what: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: "")
        guard !trimmed.isEmpty else { return nil }
        guard let value = Double(trimmed), value.isFinite else {
            notes.add("\(what): '\(text)' is not a number; skipped")
            return nil
        }
        return value
    }

    // MARK: Text and shapes

    /// One line of text, shrunk to fit (down to half its size), then cut with an ellipsis.
    func label(
        _ content: String, _ frame: Rect, style: TextStyleSpec, size: Double, color: Color,
        align: ParagraphStyle.Alignment = .start, weight: FontRequest.Weight? = nil, shrinkTo floor: Double = 0.5,
        lines: Int = 1
    ) -> SceneItem {
        var spec = style
        spec.size = size
        spec.color = color
        spec.align = align
        spec.valign = .middle
        spec.maxLines = lines
        spec.overflow = .shrink
        spec.minSize = size * floor
        spec.lineHeight = lines > 1 ? 1.1 : 1.2
        if lines > 1 {
            // Two-line labels break between phrases, in lines of even length (a station sign's two-line name).
            spec.lineBreak = .phrase
            spec.wrap = .balance
        }
        if let weight { spec.weight = weight }
        return text(content, style: spec, frame: frame)
    }

    /// The level's own shape, so it is never told by colour alone: ● low, ▲ moderate, ■ high,
    /// ✖ very high, — no data.
    static func icon(_ level: CongestionLevel?, center c: Point, size: Double, fill: Color) -> PathItem {
        let r = size / 2
        let paint = Paint.solid(fill)
        switch level {
        case .low:
            return .circle(center: c, radius: r * 0.92, fill: paint)
        case .moderate:
            return .polygon(
                [
                    Point(x: c.x, y: c.y - r), Point(x: c.x + r * 1.05, y: c.y + r * 0.82),
                    Point(x: c.x - r * 1.05, y: c.y + r * 0.82),
                ], fill: paint)
        case .high:
            let s = r * 0.84
            return .polygon(
                [
                    Point(x: c.x - s, y: c.y - s), Point(x: c.x + s, y: c.y - s), Point(x: c.x + s, y: c.y + s),
                    Point(x: c.x - s, y: c.y + s),
                ], fill: paint)
        case .veryHigh:
            // A heavy ✖: a square rotated 45° with its corners cut back to two crossing bars.
            let a = r * 0.98
            let t = r * 0.3
            let points: [(Double, Double)] = [
                (-a, -a + t), (-a + t, -a), (0, -t), (a - t, -a), (a, -a + t), (t, 0), (a, a - t), (a - t, a),
                (0, t), (-a + t, a), (-a, a - t), (-t, 0),
            ]
            return .polygon(points.map { Point(x: c.x + $0.0, y: c.y + $0.1) }, fill: paint)
        case nil:
            return .polygon(
                [
                    Point(x: c.x - r, y: c.y - r * 0.18), Point(x: c.x + r, y: c.y - r * 0.18),
                    Point(x: c.x + r, y: c.y + r * 0.18), Point(x: c.x - r, y: c.y + r * 0.18),
                ], fill: paint)
        }
    }

    /// A mark for a level: a disc in the level's colour holding its shape in the level's text colour.
    static func marker(_ level: CongestionLevel?, center: Point, size: Double, colors: WidgetColors) -> [SceneItem] {
        let levelColors = colors.colors(level)
        let outline = colors.outline.alpha > 0 ? colors.outline : colors.ink.withAlpha(0.0)
        var items: [SceneItem] = [
            .path(
                .circle(
                    center: center, radius: size / 2, fill: .solid(levelColors.fill),
                    stroke: outline.alpha > 0 ? Stroke(color: outline, width: max(2, size * 0.06)) : nil))
        ]
        items.append(.path(icon(level, center: center, size: size * 0.5, fill: levelColors.ink)))
        return items
    }

    func levelWord(_ level: CongestionLevel?) -> String {
        level.map { $0.label.text(for: language) } ?? WidgetWords.unknownLevel(language)
    }

    // MARK: Level indicator

    func level(_ spec: LevelSpec, size: Size, context: DataContext) -> [SceneItem] {
        let spot = spot(at: spec.spot, context: context)
        if spot == nil { notes.add("level: no spot at '\(spec.spot)'") }
        let level = level(of: spot)
        let colors = spec.colors.colors(level)
        let h = size.height
        let frame = Rect(x: 0, y: 0, width: size.width, height: h)
        var items: [SceneItem] = [
            .panel(
                Panel(
                    frame: frame, cornerRadius: h / 2, fill: .solid(colors.fill),
                    stroke: spec.colors.outline.alpha > 0
                        ? Stroke(color: spec.colors.outline, width: max(3, h * 0.04)) : nil))
        ]
        var textX = h * 0.35
        if spec.showsIcon {
            items.append(
                .path(Self.icon(level, center: Point(x: h * 0.62, y: h / 2), size: h * 0.46, fill: colors.ink)))
            textX = h * 1.02
        }
        let textSize = spec.style.size ?? h * 0.5
        items.append(
            label(
                levelWord(level), Rect(x: textX, y: 0, width: max(0, size.width - textX - h * 0.35), height: h),
                style: spec.style, size: min(textSize, h * 0.8), color: colors.ink, align: .center, weight: .bold))
        return items
    }

    // MARK: Legend

    func legend(_ spec: LegendSpec, size: Size) -> [SceneItem] {
        let levels = CongestionLevel.allCases
        if spec.direction == .vertical {
            let cell = size.height / Double(levels.count)
            let side = cell * 0.8
            return levels.enumerated().flatMap { index, level in
                legendEntry(
                    level, in: Rect(x: 0, y: Double(index) * cell, width: size.width, height: cell), side: side,
                    textSize: spec.style.size ?? side * 0.6, spec: spec)
            }
        }
        // Across in one row; in two when one row would shrink the words and the box is tall enough.
        let whole = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let textSize = spec.style.size ?? size.height * 0.48
        if legendShare(levels, width: size.width, side: size.height * 0.8, textSize: textSize) < 0.9,
            size.height >= textSize * 2.4
        {
            let half = size.height / 2
            return [Array(levels.prefix(2)), Array(levels.dropFirst(2))].enumerated().flatMap { row, pair in
                legendRow(
                    pair, in: Rect(x: 0, y: Double(row) * half, width: size.width, height: half),
                    textSize: spec.style.size ?? half * 0.48, spec: spec)
            }
        }
        return legendRow(levels, in: whole, textSize: textSize, spec: spec)
    }

    /// How much of its natural width each word gets when `levels` share one row.
    private func legendShare(_ levels: [CongestionLevel], width: Double, side: Double, textSize: Double) -> Double {
        let words = levels.map { Self.estimatedWidth(levelWord($0), size: textSize) * 1.1 }
        return max(0, width - side * 1.5 * Double(levels.count)) / max(1, words.reduce(0, +))
    }

    /// Entries side by side: each gets room in proportion to its word (Not crowded is longer than 混雑).
    /// Marks keep their size; the words share what is left, so all shrink alike when room is short.
    private func legendRow(_ levels: [CongestionLevel], in row: Rect, textSize: Double, spec: LegendSpec)
        -> [SceneItem]
    {
        let side = row.height * 0.8
        let share = legendShare(levels, width: row.width, side: side, textSize: textSize)
        let needs = levels.map { side * 1.5 + Self.estimatedWidth(levelWord($0), size: textSize) * 1.1 * share }
        let total = max(1, needs.reduce(0, +))
        var offset = row.x
        return levels.enumerated().flatMap { index, level -> [SceneItem] in
            let cell = row.width * needs[index] / total
            defer { offset += cell }
            return legendEntry(
                level, in: Rect(x: offset, y: row.y, width: cell, height: row.height), side: side,
                textSize: textSize, spec: spec)
        }
    }

    private func legendEntry(_ level: CongestionLevel, in box: Rect, side: Double, textSize: Double, spec: LegendSpec)
        -> [SceneItem]
    {
        let center = Point(x: box.x + side / 2 + 2, y: box.y + box.height / 2)
        return Self.marker(level, center: center, size: side, colors: spec.colors) + [
            label(
                levelWord(level),
                Rect(x: box.x + side * 1.2, y: box.y, width: max(0, box.width - side * 1.3), height: box.height),
                style: spec.style, size: textSize, color: spec.style.color ?? spec.colors.ink, weight: .bold)
        ]
    }

    /// A rough width for laying out before shaping: a full em for CJK, about half for Latin.
    static func estimatedWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 1.0 : $1 == " " ? 0.3 : 0.62) } * size
    }

    // MARK: Tile

    func tile(_ spec: TileSpec, size: Size, context: DataContext) -> [SceneItem] {
        let frame = Rect(x: 0, y: 0, width: size.width, height: size.height)
        var items: [SceneItem] = [
            .panel(
                Panel(
                    frame: frame, cornerRadius: spec.radius, fill: .solid(spec.fill ?? spec.colors.surface),
                    stroke: spec.colors.outline.alpha > 0 ? Stroke(color: spec.colors.outline, width: 3) : nil))
        ]
        let pad = min(size.width, size.height) * 0.08
        let labelText = spec.label.template(for: language)?.render(context) ?? ""
        let labelSize = min(size.height * 0.24, (spec.style.size ?? size.height * 0.42) * 0.55)
        items.append(
            label(
                labelText, Rect(x: pad, y: pad * 0.6, width: size.width - 2 * pad, height: labelSize * 1.3),
                style: spec.style, size: labelSize, color: spec.colors.muted, weight: .bold))
        var value = spec.value.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
        if let digits = spec.digits, !value.isEmpty {
            if let number = number(value, what: "tile '\(labelText)'") {
                value = DataContext.decimal(number, digits: digits)
            } else {
                value = ""
            }
        }
        let missing = value.isEmpty
        let valueSize = spec.style.size ?? size.height * 0.42
        var style = TextStyle(
            font: FontRequest(family: spec.style.font ?? "BIZ UDPGothic", weight: .bold), size: valueSize,
            color: spec.style.color ?? spec.colors.ink, language: language.rawValue)
        var spans = [TextSpan(text: missing ? "—" : value, style: style)]
        if !missing, let unit = spec.unit?.template(for: language)?.render(context), !unit.isEmpty {
            style.size = valueSize * 0.55
            spans.append(TextSpan(text: unit, style: style))
        }
        let valueTop = pad * 0.6 + labelSize * 1.3
        items.append(
            .text(
                TextItem(
                    frame: Rect(
                        x: pad, y: valueTop, width: size.width - 2 * pad, height: size.height - valueTop - pad * 0.5),
                    spans: spans,
                    paragraph: ParagraphStyle(
                        alignment: .end, verticalAlignment: .middle, lineHeight: 1.1, maxLines: 1,
                        overflow: .shrink(minimumSize: valueSize * 0.4)))))
        return items
    }

    // MARK: Gauge

    func gauge(_ spec: GaugeSpec, size: Size, context: DataContext) -> [SceneItem] {
        var value: Double?
        var level: CongestionLevel?
        if let path = spec.spot {
            let spot = spot(at: path, context: context)
            if spot == nil { notes.add("gauge: no spot at '\(path)'") }
            value = spot?.occupancy.map { $0 * 100 }
            level = self.level(of: spot)
        } else if let template = spec.value {
            value = number(template.render(context), what: "gauge")
        }
        if let v = value, v < 0 {
            notes.add("gauge: negative value \(v) shown as 0")
            value = 0
        }
        let labelText = spec.label?.template(for: language)?.render(context) ?? ""
        let labelHeight = labelText.isEmpty ? 0 : size.height * 0.2
        let arcHeight = size.height - labelHeight
        let radius = max(1, min(size.width / 2, arcHeight / 1.5) * 0.92)
        let width = radius * 0.24
        let center = Point(x: size.width / 2, y: radius + width / 2 + (arcHeight - radius * 1.5 - width / 2) / 2)
        let start = Double.pi * 5 / 6
        let sweep = Double.pi * 4 / 3
        let fraction = value.map { min(max($0 / spec.maximum, 0), 1) } ?? 0
        let fill = spec.spot != nil ? spec.colors.colors(level).fill : spec.colors.bar
        var items: [SceneItem] = [
            .path(
                PathItem(
                    elements: [.arc(center: center, radius: radius - width / 2, from: start, to: start + sweep)],
                    stroke: Stroke(color: spec.colors.track, width: width)))
        ]
        if fraction > 0 {
            items.append(
                .path(
                    PathItem(
                        elements: [
                            .arc(center: center, radius: radius - width / 2, from: start, to: start + sweep * fraction)
                        ],
                        stroke: Stroke(color: fill, width: width))))
        }
        let shown = value.map { String(Int($0.rounded())) + spec.unit } ?? "—"
        let valueSize = spec.style.size ?? radius * 0.5
        items.append(
            label(
                shown,
                Rect(
                    x: center.x - radius * 0.75, y: center.y - valueSize * 0.7, width: radius * 1.5,
                    height: valueSize * 1.4),
                style: spec.style, size: valueSize, color: spec.style.color ?? spec.colors.ink, align: .center,
                weight: .bold))
        if !labelText.isEmpty {
            items.append(
                label(
                    labelText, Rect(x: 0, y: size.height - labelHeight, width: size.width, height: labelHeight),
                    style: spec.style, size: labelHeight * 0.7, color: spec.colors.muted, align: .center, weight: .bold)
            )
        }
        return items
    }

    // MARK: Ticker

    func ticker(_ spec: TickerSpec, size: Size, context: DataContext) -> [SceneItem] {
        let content = (spec.text.template(for: language)?.render(context) ?? "")
            .replacingOccurrences(of: "\n", with: "　")
        var items: [SceneItem] = []
        if let fill = spec.fill {
            items.append(
                .panel(Panel(frame: Rect(x: 0, y: 0, width: size.width, height: size.height), fill: .solid(fill))))
        }
        guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { return items }
        var style = spec.style
        style.size = style.size ?? size.height * 0.62
        style.valign = .middle
        style.lineHeight = 1.2
        guard
            case .text(let line) = text(
                content, style: style, frame: Rect(x: 0, y: 0, width: size.width, height: size.height))
        else { return items }
        items.append(
            .ticker(
                TickerItem(
                    frame: Rect(x: 0, y: 0, width: size.width, height: size.height), text: line,
                    elapsed: now.timeIntervalSince1970, speed: spec.speed, gap: spec.gap ?? size.width * 0.25)))
        return items
    }

    // MARK: QR code

    func qrCode(_ spec: QRCodeSpec, size: Size, context: DataContext) -> [SceneItem] {
        let url = spec.url.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !url.isEmpty else {
            notes.add("qr-code: the URL is empty; nothing drawn")
            return []
        }
        // Version 40-L holds 2,953 bytes; anything longer cannot be a QR code.
        guard url.utf8.count <= 2953 else {
            notes.add("qr-code: the URL is \(url.utf8.count) bytes, too long for a QR code; nothing drawn")
            return []
        }
        let caption = spec.caption?.template(for: language)?.render(context) ?? ""
        let captionHeight = caption.isEmpty ? 0 : min(size.height * 0.2, (spec.style.size ?? size.height * 0.1) * 1.4)
        let side = max(0, min(size.width, size.height - captionHeight))
        // The caption reads on the symbol's light ground, in its dark colour, whatever the theme.
        var items: [SceneItem] = [
            .panel(
                Panel(
                    frame: Rect(x: 0, y: 0, width: size.width, height: side + captionHeight), fill: .solid(spec.light))),
            .qrCode(
                QRCodeItem(
                    frame: Rect(x: (size.width - side) / 2, y: 0, width: side, height: side), text: url,
                    correction: spec.correction, dark: spec.dark, light: spec.light)),
        ]
        if !caption.isEmpty {
            items.append(
                label(
                    caption, Rect(x: 0, y: side, width: size.width, height: captionHeight), style: spec.style,
                    size: captionHeight / 1.3, color: spec.dark, align: .center, weight: .bold))
        }
        return items
    }

    // MARK: Map

    func map(_ spec: MapSpec, size: Size, context: DataContext) -> [SceneItem] {
        let frame = Rect(x: 0, y: 0, width: size.width, height: size.height)
        var items: [SceneItem] = [.image(ImageItem(frame: frame, path: spec.image, fit: spec.fit, cornerRadius: 0))]
        let textSize = spec.style.size ?? spec.markerSize * 0.62
        var labels: [SceneItem] = []
        let half = spec.markerSize / 2
        // Markers first, so labels are placed around all of them and not over each other.
        var taken: [Rect] = spec.places.map {
            Rect(
                x: $0.x * size.width - half, y: $0.y * size.height - half, width: spec.markerSize,
                height: spec.markerSize)
        }
        for place in spec.places {
            let spot = context.spotsByID[place.id]
            if spot == nil { notes.add("map: no data for spot '\(place.id)'; marked as no data") }
            let center = Point(x: place.x * size.width, y: place.y * size.height)
            items += Self.marker(level(of: spot), center: center, size: spec.markerSize, colors: spec.colors)
            guard spec.labels, let spot else { continue }
            let name = spot.name.text(for: language)
            // A name longer than the widest plate takes a second line on it rather than shrink to nothing.
            let natural = Self.estimatedWidth(name, size: textSize)
            let lines = natural + textSize * 0.8 > size.width * 0.45 ? 2 : 1
            let width = min(size.width * 0.45, natural * (lines == 2 ? 0.58 : 1) + textSize * 0.8)
            let height = textSize * (lines == 2 ? 2.6 : 1.5)
            let gap = 6.0
            // Right of the marker, else left, below or above: the first place that overlaps nothing.
            let candidates = [
                Rect(x: center.x + half + gap, y: center.y - height / 2, width: width, height: height),
                Rect(x: center.x - half - gap - width, y: center.y - height / 2, width: width, height: height),
                Rect(x: center.x - width / 2, y: center.y + half + gap, width: width, height: height),
                Rect(x: center.x - width / 2, y: center.y - half - gap - height, width: width, height: height),
            ]
            // Kept inside the map: a label at the edge slides along it.
            let inside = candidates.map { rect in
                Rect(
                    x: min(max(rect.x, 0), max(0, size.width - rect.width)),
                    y: min(max(rect.y, 0), max(0, size.height - rect.height)), width: rect.width, height: rect.height)
            }
            func overlap(_ candidate: Rect) -> Double {
                taken.reduce(0) { sum, rect in sum + (rect.intersection(candidate).map { $0.width * $0.height } ?? 0) }
            }
            // The first free place; a name with none is left out rather than laid over another spot's
            // marker (the list beside the map names every spot).
            guard let plate = inside.first(where: { overlap($0) == 0 }) else { continue }
            taken.append(plate)
            labels.append(
                .panel(
                    Panel(frame: plate, cornerRadius: height * 0.2, fill: .solid(spec.colors.surface.withAlpha(0.88)))))
            labels.append(
                label(
                    name, plate.insetBy(dx: textSize * 0.4), style: spec.style, size: textSize,
                    color: spec.style.color ?? spec.colors.ink, align: .center, weight: .bold, shrinkTo: 0.9,
                    lines: lines))
        }
        return items + labels
    }
}

extension Color {
    func withAlpha(_ alpha: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }
}

extension Rect {
    func insetBy(dx: Double) -> Rect { Rect(x: x + dx, y: y, width: max(0, width - 2 * dx), height: height) }
}
