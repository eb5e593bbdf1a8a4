extension SceneItem {
    /// Where the item may draw, in its parent's coordinates (generous: anti-aliasing and strokes).
    public var bounds: Rect {
        switch self {
        case .panel(let panel):
            let pad = (panel.stroke?.width ?? 0) / 2 + 1
            return Rect(
                x: panel.frame.x - pad, y: panel.frame.y - pad, width: panel.frame.width + 2 * pad,
                height: panel.frame.height + 2 * pad)
        case .line(let line):
            let pad = line.stroke.width / 2 + 1
            let x = min(line.from.x, line.to.x)
            let y = min(line.from.y, line.to.y)
            return Rect(
                x: x - pad, y: y - pad, width: abs(line.to.x - line.from.x) + 2 * pad,
                height: abs(line.to.y - line.from.y) + 2 * pad)
        case .image(let image): return image.frame
        case .text(let text):
            // Glyphs may reach past the frame (visible overflow, descenders): allow a margin of one size.
            let margin = text.spans.map(\.style.size).max() ?? 0
            return Rect(
                x: text.frame.x - margin, y: text.frame.y - margin, width: text.frame.width + 2 * margin,
                height: text.frame.height + 2 * margin)
        case .group(let group):
            if group.clips { return group.frame }
            let inner = group.items.reduce(Rect(x: 0, y: 0, width: 0, height: 0)) { $0.union($1.bounds) }
            return inner.offsetBy(dx: group.frame.x, dy: group.frame.y)
        case .path(let path): return path.bounds
        case .qrCode(let code): return code.frame
        case .ticker(let ticker): return ticker.frame
        }
    }
}

extension Scene {
    /// The rectangles (design-canvas pixels) that differ between `previous` and this scene: what a
    /// renderer must redraw to turn the old frame into the new one.
    ///
    /// Items are compared in order at the top level and inside groups at the same place; a change of
    /// canvas, background or structure damages the whole canvas.
    public func damage(since previous: Scene) -> [Rect] {
        let whole = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height)
        guard canvas == previous.canvas, background == previous.background else { return [whole] }
        guard let rects = Self.damage(items, previous.items) else { return [whole] }
        return rects.compactMap { $0.intersection(whole) }
    }

    private static func damage(_ new: [SceneItem], _ old: [SceneItem]) -> [Rect]? {
        guard new.count == old.count else { return nil }
        var rects: [Rect] = []
        for (a, b) in zip(new, old) where a != b {
            if case .group(let g) = a, case .group(let h) = b, g.frame == h.frame, g.clips == h.clips,
                let inner = damage(g.items, h.items)
            {
                let clipped =
                    g.clips
                    ? inner.compactMap {
                        $0.intersection(Rect(x: 0, y: 0, width: g.frame.width, height: g.frame.height))
                    } : inner
                rects += clipped.map { $0.offsetBy(dx: g.frame.x, dy: g.frame.y) }
            } else {
                rects.append(a.bounds.union(b.bounds))
            }
        }
        return rects
    }
}
