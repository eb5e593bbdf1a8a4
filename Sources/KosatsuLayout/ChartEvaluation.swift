import Foundation
internal import KosatsuData
internal import KosatsuScene

/// The bar chart and the time series, as scene items.
extension BoxEvaluator {
    // MARK: Bar chart

    /// A row of the bar chart: a spot and the value it is sorted and drawn by.
    struct BarRow {
        var spot: Spot
        var value: Double?
        /// Where the capacity falls on the same scale, for the capacity tick.
        var capacity: Double?
        var level: CongestionLevel?
    }

    func barRows(_ spec: BarChartSpec, spots: [Spot]) -> [BarRow] {
        var rows = spots.map { spot -> BarRow in
            var count = spot.peopleCount
            if let value = count, value < 0 {
                notes.add("bar-chart: \(spot.id) has a negative count \(value); shown as 0")
                count = 0
            }
            let value: Double? =
                switch spec.value {
                case .occupancy:
                    count.flatMap { count in spot.capacity.flatMap { $0 > 0 ? Double(count) / Double($0) : nil } }
                case .count: count.map(Double.init)
                }
            let capacity: Double? =
                switch spec.value {
                case .occupancy: spot.capacity.map { _ in 1 }
                case .count: spot.capacity.map(Double.init)
                }
            return BarRow(spot: spot, value: value, capacity: capacity, level: level(of: spot))
        }
        // Stable sort; spots without a value always go last.
        let indexed = rows.enumerated().map { ($0.offset, $0.element) }
        switch spec.sort {
        case .none: break
        case .descending, .ascending:
            let descending = spec.sort == .descending
            rows = indexed.sorted { a, b in
                switch (a.1.value, b.1.value) {
                case (let x?, let y?) where x != y: return descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return a.0 < b.0
                }
            }.map(\.1)
        }
        return rows
    }

    func barChart(_ spec: BarChartSpec, size: Size, context: DataContext) -> [SceneItem] {
        let all = barRows(spec, spots: spots(at: spec.each, context: context))
        let ink = spec.style.color ?? spec.colors.ink
        let slot = size.height / Double(spec.rows)
        let textSize = spec.style.size ?? slot * 0.5
        guard !all.isEmpty else {
            return [
                label(
                    WidgetWords.noData(language), Rect(x: 0, y: 0, width: size.width, height: min(size.height, slot)),
                    style: spec.style, size: textSize, color: spec.colors.muted, align: .center)
            ]
        }
        // The box decides what 40 spots in room for 6 become: the top 6 and a count, or pages.
        var shown = Array(all.prefix(spec.rows))
        var footer: String?
        if all.count > spec.rows {
            switch spec.more {
            case .top:
                footer = WidgetWords.more(all.count - spec.rows, language)
            case .pages:
                let pages = (all.count + spec.rows - 1) / spec.rows
                let page = Int((now.timeIntervalSince1970 / spec.pageDuration).rounded(.down)) % pages
                shown = Array(all[(page * spec.rows)..<min(all.count, (page + 1) * spec.rows)])
                footer = "\(page + 1) / \(pages)"
            }
        }
        let rowsHeight = footer == nil ? size.height : size.height - slot * 0.6
        let rowHeight = min(slot, rowsHeight / Double(spec.rows))
        let labelWidth = size.width * spec.labelWidth
        let valueWidth = min(size.width * 0.24, textSize * 5.2)
        let iconSide = rowHeight * 0.5
        let barX = labelWidth + textSize * 0.4
        let barWidth = max(0, size.width - barX - valueWidth - iconSide - textSize * 0.6)
        let barHeight = rowHeight * 0.5
        // Occupancy runs to 120 % so the 100 % capacity tick stands clear; counts to the largest capacity.
        let scale: Double =
            switch spec.value {
            case .occupancy: 1.2
            case .count:
                max(1, shown.compactMap { $0.capacity ?? $0.value }.max() ?? 1) * 1.1
            }
        // Every row's name at one size, the size the longest needs: a list whose names shrink one by one reads
        // as different things. A name too long for one line takes two, as on a station sign, rather than shrink.
        let names = Self.nameFit(
            shown.map { $0.spot.name.text(for: language) }, width: labelWidth, height: rowHeight * 0.85, size: textSize)
        var items: [SceneItem] = []
        for (index, row) in shown.enumerated() {
            let top = Double(index) * rowHeight
            let mid = top + rowHeight / 2
            items.append(
                label(
                    row.spot.name.text(for: language), Rect(x: 0, y: top, width: labelWidth, height: rowHeight),
                    style: spec.style, size: names.size, color: ink, weight: .bold, shrinkTo: 0.95, lines: names.lines))
            let track = Rect(x: barX, y: mid - barHeight / 2, width: barWidth, height: barHeight)
            items.append(.panel(Panel(frame: track, cornerRadius: barHeight * 0.2, fill: .solid(spec.colors.track))))
            let levelColors = spec.colors.colors(row.level)
            if let value = row.value {
                let fraction = min(max(value / scale, 0), 1)
                if fraction > 0 {
                    items.append(
                        .panel(
                            Panel(
                                frame: Rect(
                                    x: track.x, y: track.y, width: track.width * fraction, height: track.height),
                                cornerRadius: barHeight * 0.2, fill: .solid(levelColors.fill),
                                stroke: spec.colors.outline.alpha > 0
                                    ? Stroke(color: spec.colors.outline, width: 2) : nil)))
                }
                if value > scale {
                    // Off the scale: the bar ends in an arrow instead of growing past its box.
                    let tip = track.maxX
                    items.append(
                        .path(
                            .polygon(
                                [
                                    Point(x: tip - barHeight * 0.5, y: track.y - barHeight * 0.15),
                                    Point(x: tip + barHeight * 0.15, y: mid),
                                    Point(x: tip - barHeight * 0.5, y: track.maxY + barHeight * 0.15),
                                ], fill: .solid(ink))))
                }
            }
            if spec.capacityLine, let capacity = row.capacity, capacity <= scale {
                let x = track.x + track.width * capacity / scale
                items.append(
                    .line(
                        Line(
                            from: Point(x: x, y: track.y - barHeight * 0.25),
                            to: Point(x: x, y: track.maxY + barHeight * 0.25),
                            stroke: Stroke(color: ink, width: max(2, barHeight * 0.08)))))
            }
            let iconCenter = Point(x: track.maxX + textSize * 0.3 + iconSide / 2, y: mid)
            items += Self.marker(row.level, center: iconCenter, size: iconSide, colors: spec.colors)
            let valueText: String =
                switch (spec.value, row.value) {
                case (_, nil): "—"
                case (.occupancy, let value?): "\(Int((value * 100).rounded()))%"
                case (.count, let value?): WidgetWords.people(Int(value), language)
                }
            items.append(
                label(
                    valueText, Rect(x: size.width - valueWidth, y: top, width: valueWidth, height: rowHeight),
                    style: spec.style, size: textSize, color: ink, align: .end, weight: .bold))
        }
        if let footer {
            items.append(
                label(
                    footer, Rect(x: 0, y: rowsHeight, width: size.width, height: size.height - rowsHeight),
                    style: spec.style, size: min(textSize * 0.8, (size.height - rowsHeight) * 0.8),
                    color: spec.colors.muted, align: .end))
        }
        return items
    }

    /// The one size (and one or two lines) for a list's names in boxes `width` × `height`: the largest
    /// at which the longest fits, down to half of `size`. Widths are estimated, so each line keeps a margin.
    static func nameFit(_ names: [String], width: Double, height: Double, size: Double, twoLines: Bool = true) -> (
        size: Double, lines: Int
    ) {
        let widest = names.map { estimatedWidth($0, size: 1) }.max() ?? 0
        guard widest > 0 else { return (size, 1) }
        let oneLine = min(size, width * 0.92 / widest)
        // Two lines never split evenly: each holds a little over half of the name.
        let twoLineSize = min(size, height / 2.2, width * 0.85 / (widest * 0.55))
        // Two lines only where they set the name clearly larger.
        if twoLines, oneLine < size, twoLineSize > oneLine * 1.15 { return (max(size * 0.5, twoLineSize), 2) }
        return (max(size * 0.5, oneLine), 1)
    }

    // MARK: Time series

    /// One counted hour, placed on the chart (nil count: a gap).
    struct ChartSample {
        var hour: Double
        var count: Double?
        var isForecast: Bool
    }

    /// The spot's samples as hours of the sign's day, negative counts clamped with a note.
    func chartSamples(_ spot: Spot) -> [ChartSample] {
        let midnight = layout.timeZone.startOfDay(for: now)
        return spot.history.sorted { $0.at < $1.at }.map { sample in
            var count = sample.count.map(Double.init)
            if let value = count, value < 0 {
                notes.add("time-series: \(spot.id) has a negative count \(Int(value)) at \(sample.at); shown as 0")
                count = 0
            }
            return ChartSample(
                hour: sample.at.timeIntervalSince(midnight) / 3600, count: count, isForecast: sample.isForecast)
        }
    }

    /// Runs of consecutive samples with a count: what a line may join without crossing a gap.
    static func runs(_ samples: [ChartSample]) -> [[ChartSample]] {
        var runs: [[ChartSample]] = []
        var current: [ChartSample] = []
        for sample in samples {
            if sample.count == nil {
                if !current.isEmpty { runs.append(current) }
                current = []
            } else {
                current.append(sample)
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// 1, 2, 5 × 10ⁿ at or above `value`: an axis maximum people can read.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    func timeSeries(_ spec: TimeSeriesSpec, size: Size, context: DataContext) -> [SceneItem] {
        let textSize = spec.style.size ?? min(size.height * 0.09, 48)
        let ink = spec.style.color ?? spec.colors.ink
        guard let spot = spot(at: spec.spot, context: context) else {
            notes.add("time-series: no spot at '\(spec.spot)'")
            return [
                label(
                    WidgetWords.noData(language), Rect(x: 0, y: 0, width: size.width, height: size.height),
                    style: spec.style, size: textSize, color: spec.colors.muted, align: .center)
            ]
        }
        let samples = chartSamples(spot)
        let counted = samples.filter { $0.count != nil }
        let firstHour = spec.fromHour.map(Double.init) ?? counted.map(\.hour).min().map { $0.rounded(.down) }
        let lastHour = spec.toHour.map(Double.init) ?? counted.map(\.hour).max().map { $0.rounded(.up) }
        guard !counted.isEmpty, let firstHour, let lastHour else {
            return [
                label(
                    WidgetWords.noData(language), Rect(x: 0, y: 0, width: size.width, height: size.height),
                    style: spec.style, size: textSize, color: spec.colors.muted, align: .center)
            ]
        }
        // One data point still gets an hour either side, so it stands in the middle of an axis.
        let from = lastHour > firstHour ? firstHour : firstHour - 1
        let to = lastHour > firstHour ? lastHour : lastHour + 1
        let capacity = spec.capacityLine ? spot.capacity.map(Double.init) : nil
        let top = Self.niceCeiling(max(counted.compactMap(\.count).max() ?? 0, capacity ?? 0))
        let axisWidth = textSize * 3.4
        let plot = Rect(
            x: axisWidth, y: textSize * 1.4, width: max(1, size.width - axisWidth - textSize * 1.2),
            height: max(1, size.height - textSize * 1.4 - textSize * 1.7))
        func x(_ hour: Double) -> Double { plot.x + (hour - from) / (to - from) * plot.width }
        func y(_ count: Double) -> Double { plot.maxY - min(count, top * 1.05) / top * plot.height }
        let line = max(3, textSize * 0.14)
        var items: [SceneItem] = []
        // Grid: zero, half and top, labelled with people counts.
        for step in 0...2 {
            let value = top * Double(step) / 2
            let gy = y(value)
            items.append(
                .line(
                    Line(
                        from: Point(x: plot.x, y: gy), to: Point(x: plot.maxX, y: gy),
                        stroke: Stroke(color: spec.colors.grid, width: step == 0 ? 3 : 2))))
            items.append(
                label(
                    DataContext.grouped(Int(value)),
                    Rect(x: 0, y: gy - textSize * 0.7, width: axisWidth - textSize * 0.3, height: textSize * 1.4),
                    style: spec.style, size: textSize * 0.8, color: spec.colors.muted, align: .end))
        }
        // Hour ticks: 9時 12時 15時.
        var tick = (from / Double(spec.tickEvery)).rounded(.up) * Double(spec.tickEvery)
        while tick <= to + 1e-9 {
            let tx = x(tick)
            items.append(
                .line(
                    Line(
                        from: Point(x: tx, y: plot.maxY), to: Point(x: tx, y: plot.maxY + textSize * 0.3),
                        stroke: Stroke(color: spec.colors.grid, width: 3))))
            let hour = Int(tick) % 24
            items.append(
                label(
                    WidgetWords.hour(hour, language),
                    Rect(
                        x: tx - textSize * 2, y: plot.maxY + textSize * 0.35, width: textSize * 4,
                        height: textSize * 1.3),
                    style: spec.style, size: textSize * 0.9, color: ink, align: .center))
            tick += Double(spec.tickEvery)
        }
        let uncounted = !samples.contains(where: { $0.count != nil && $0.hour >= from && $0.hour <= to })
        let nowHours = now.timeIntervalSince(layout.timeZone.startOfDay(for: now)) / 3600
        // With nothing counted there is nothing to set the hour against; the marker would cross the words.
        let nowX = !uncounted && nowHours >= from && nowHours <= to ? x(nowHours) : nil
        if let capacity, capacity <= top * 1.05 {
            let cy = y(capacity)
            // At the line's right end, or its left end when the 「いま」 marker stands there.
            let labelWidth = textSize * 5
            let atLeft = nowX.map { $0 > plot.maxX - labelWidth - textSize * 0.5 } ?? false
            items.append(
                .line(
                    Line(
                        from: Point(x: plot.x, y: cy), to: Point(x: plot.maxX, y: cy),
                        stroke: Stroke(color: spec.colors.muted, width: 2, dash: [10, 8]))))
            items.append(
                label(
                    WidgetWords.capacity(language),
                    Rect(
                        x: atLeft ? plot.x : plot.maxX - labelWidth, y: cy - textSize * 1.2, width: labelWidth,
                        height: textSize * 1.1),
                    style: spec.style, size: textSize * 0.7, color: spec.colors.muted, align: atLeft ? .start : .end))
        }
        var plotItems: [SceneItem] = []
        let past = samples.map { $0.isForecast ? ChartSample(hour: $0.hour, count: nil, isForecast: true) : $0 }
        for run in Self.runs(past) {
            let points = run.compactMap { s in s.count.map { Point(x: x(s.hour), y: y($0)) } }
            if points.count == 1, let point = points.first {
                plotItems.append(.path(.circle(center: point, radius: line * 1.6, fill: .solid(spec.colors.bar))))
                continue
            }
            if let first = points.first, let last = points.last {
                let area = [Point(x: first.x, y: plot.maxY)] + points + [Point(x: last.x, y: plot.maxY)]
                plotItems.append(.path(.polygon(area, fill: .solid(spec.colors.bar.withAlpha(0.22)))))
            }
            plotItems.append(.path(.polyline(points, stroke: Stroke(color: spec.colors.bar, width: line))))
        }
        // Forecast: dashed, joined to the last counted hour when it directly precedes it.
        var forecast: [ChartSample] = []
        for (index, sample) in samples.enumerated() where sample.isForecast {
            if forecast.isEmpty, index > 0, !samples[index - 1].isForecast, samples[index - 1].count != nil {
                forecast.append(samples[index - 1])
            }
            forecast.append(sample)
        }
        for run in Self.runs(forecast) {
            let points = run.compactMap { s in s.count.map { Point(x: x(s.hour), y: y($0)) } }
            if points.count == 1, let point = points.first {
                plotItems.append(
                    .path(
                        .circle(
                            center: point, radius: line * 1.4, fill: nil,
                            stroke: Stroke(color: spec.colors.forecast, width: line * 0.7))))
            } else {
                plotItems.append(
                    .path(
                        .polyline(
                            points,
                            stroke: Stroke(color: spec.colors.forecast, width: line, dash: [line * 3, line * 2.2]))))
            }
        }
        // Samples beyond the axis are cut at the plot's edge, never drawn over the labels.
        items.append(
            .group(
                Group(
                    frame: Rect(x: plot.x, y: 0, width: plot.width, height: plot.maxY + line), clips: true,
                    items: plotItems.map { $0.translated(dx: -plot.x) })))
        // Before the first hour shown (a sign at dawn) the plot would stand empty and look broken.
        if uncounted {
            items.append(
                label(
                    WidgetWords.notCountedYet(language),
                    // Between the top and middle grid lines, clear of both.
                    Rect(
                        x: plot.x, y: plot.y + plot.height * 0.25 - textSize * 0.8, width: plot.width,
                        height: textSize * 1.6), style: spec.style, size: textSize, color: spec.colors.muted,
                    align: .center))
        }
        if let nx = nowX {
            items.append(
                .line(
                    Line(
                        from: Point(x: nx, y: plot.y - textSize * 0.1), to: Point(x: nx, y: plot.maxY),
                        stroke: Stroke(color: spec.colors.now, width: max(3, line * 0.8)))))
            // Over the marker, but kept over the plot near its first and last hours (not on the axis).
            let width = textSize * 4
            let x = min(max(nx - width / 2, plot.x), plot.maxX - width)
            let align: ParagraphStyle.Alignment = x > nx - width / 2 ? .start : x < nx - width / 2 ? .end : .center
            items.append(
                label(
                    WidgetWords.now(language), Rect(x: x, y: 0, width: width, height: textSize * 1.3),
                    style: spec.style, size: textSize * 0.9, color: spec.colors.now, align: align, weight: .bold))
        }
        return items
    }
}

extension SceneItem {
    /// The item moved by `dx` (paths and panels; other kinds are wrapped in a group).
    func translated(dx: Double) -> SceneItem {
        switch self {
        case .path(var path):
            path.elements = path.elements.map { element in
                switch element {
                case .move(let p): .move(Point(x: p.x + dx, y: p.y))
                case .line(let p): .line(Point(x: p.x + dx, y: p.y))
                case .arc(let c, let r, let a, let b):
                    .arc(center: Point(x: c.x + dx, y: c.y), radius: r, from: a, to: b)
                case .close: .close
                }
            }
            return .path(path)
        default:
            return .group(Group(frame: Rect(x: dx, y: 0, width: 0, height: 0), items: [self]))
        }
    }
}
