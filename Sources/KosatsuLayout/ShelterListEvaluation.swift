import Foundation
internal import KosatsuData
internal import KosatsuScene

/// The `shelters` widget: one row per shelter, an arrow in a ring pointing the way for a person
/// reading the sign, the name large, then 「北西へ 634 m・徒歩 8 分」 and the site's state.
extension BoxEvaluator {
    func shelters(_ spec: SheltersSpec, size: Size, context: DataContext) -> [SceneItem] {
        guard let list = context.value(at: spec.each) as? DataList else { return [] }
        let entries = list.items.compactMap { $0 as? [String: Any] }.prefix(spec.rows)
        guard !entries.isEmpty else { return [] }
        let ink = spec.style.color ?? spec.colors.ink
        var items: [SceneItem] = []
        var top = 0.0
        let slot = size.height / (Double(spec.rows) + (spec.heading ? 0.45 : 0))
        if spec.heading {
            let height = slot * 0.45
            // A long heading (English) takes two lines rather than shrink below the names' size.
            let heading = ShelterWords.heading(language)
            let fit = Self.nameFit(
                [heading], width: size.width, height: height,
                size: min(height * 0.72, (spec.style.size ?? slot * 0.36) * 0.8))
            items.append(
                label(
                    heading, Rect(x: 0, y: 0, width: size.width, height: height), style: spec.style, size: fit.size,
                    color: ink, weight: .bold, shrinkTo: 0.95, lines: fit.lines))
            top = height
        }
        // One size for every name, the longest one's, so the list reads as a list (not a ransom note); a long
        // name takes two lines rather than shrink. The same for the lines under them.
        let textWidth = max(1, size.width - slot * 0.84)
        let names = Self.nameFit(
            entries.map { ($0["name"] as? LocalizedValue)?.renderText ?? "" }, width: textWidth,
            height: slot * 0.56, size: min(spec.style.size ?? slot * 0.4, slot * 0.46))
        let details = Self.nameFit(
            entries.map { shelterLine($0) }, width: textWidth, height: slot * 0.38,
            size: min(names.size * 0.85, slot * 0.3), twoLines: false)
        for (index, entry) in entries.enumerated() {
            let row = Rect(x: 0, y: top + Double(index) * slot, width: size.width, height: slot)
            items += shelterRow(entry, in: row, spec: spec, ink: ink, names: names, detailSize: details.size)
        }
        return items
    }

    /// 「北西へ 634 m・徒歩 8 分」 and the site's state and crowding.
    private func shelterLine(_ entry: [String: Any]) -> String {
        var line = (entry["where"] as? LocalizedValue)?.renderText ?? ""
        for key in ["state", "crowding"] {
            if let word = (entry[key] as? LocalizedValue)?.renderText, !word.isEmpty {
                line += (language == .ja || language == .zhHans || language == .zhHant ? "　" : " · ") + word
            }
        }
        return line
    }

    private func shelterRow(
        _ entry: [String: Any], in row: Rect, spec: SheltersSpec, ink: Color, names: (size: Double, lines: Int),
        detailSize: Double
    ) -> [SceneItem] {
        // The ring leaves the words most of the row: they are what is read from a distance.
        let ring = row.height * 0.62
        let center = Point(x: row.x + ring / 2 + 2, y: row.y + row.height / 2)
        var items: [SceneItem] = [
            .path(
                .circle(
                    center: center, radius: ring / 2, fill: nil, stroke: Stroke(color: ink, width: max(2, ring * 0.06)))
            )
        ]
        let here = entry["here"] as? Bool ?? false
        if here {
            items.append(.path(.circle(center: center, radius: ring * 0.2, fill: .solid(ink))))
        } else if let degrees = (entry["relativeBearing"] as? String).flatMap(Double.init) {
            items.append(.path(Self.arrow(center: center, size: ring * 0.62, degrees: degrees, fill: ink)))
        } else {
            // No facing configured: the compass word instead of an arrow that could mislead.
            let word = (entry["compass"] as? LocalizedValue)?.renderText ?? ""
            items.append(
                label(
                    word,
                    Rect(x: center.x - ring * 0.42, y: center.y - ring * 0.3, width: ring * 0.84, height: ring * 0.6),
                    style: spec.style, size: ring * 0.3, color: ink, align: .center, weight: .bold))
        }
        let textX = row.x + ring + row.height * 0.22
        let textWidth = max(0, row.width - (textX - row.x))
        let name = (entry["name"] as? LocalizedValue)?.renderText ?? ""
        // Place names are Japanese whatever the page's language: set with Japanese glyph forms.
        var nameStyle = spec.style
        if (entry["name"] as? LocalizedValue)?.text[language] == nil { nameStyle.language = .ja }
        items.append(
            label(
                name, Rect(x: textX, y: row.y + row.height * 0.02, width: textWidth, height: row.height * 0.56),
                style: nameStyle, size: names.size, color: ink, weight: .bold, shrinkTo: 0.95, lines: names.lines))
        items.append(
            label(
                shelterLine(entry),
                Rect(x: textX, y: row.y + row.height * 0.58, width: textWidth, height: row.height * 0.38),
                style: spec.style, size: detailSize, color: ink, weight: .regular, shrinkTo: 0.95))
        return items
    }

    /// A solid arrow pointing `degrees` clockwise from up, centred on `center`.
    static func arrow(center: Point, size: Double, degrees: Double, fill: Color) -> PathItem {
        let h = size / 2
        // Up-pointing: head from the tip to the barbs, then a shaft.
        let shape: [(Double, Double)] = [
            (0, -h), (h * 0.72, -h * 0.05), (h * 0.24, -h * 0.05), (h * 0.24, h), (-h * 0.24, h),
            (-h * 0.24, -h * 0.05),
            (-h * 0.72, -h * 0.05),
        ]
        let radians = degrees * .pi / 180
        let (sine, cosine) = (sin(radians), cos(radians))
        return .polygon(
            shape.map { x, y in Point(x: center.x + x * cosine - y * sine, y: center.y + x * sine + y * cosine) },
            fill: .solid(fill))
    }
}
