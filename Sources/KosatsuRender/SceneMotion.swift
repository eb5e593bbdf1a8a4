public import KosatsuScene
import KosatsuText

extension SceneRenderer {
    /// Whether `scene` drawn a moment later gives other pixels: a ticker widget, or a text box with
    /// `overflow: ticker` whose text is too long for it (text that fits stands still).
    public func moves(_ scene: Scene) throws -> Bool {
        try moves(scene.items)
    }

    private func moves(_ items: [SceneItem]) throws -> Bool {
        for item in items {
            switch item {
            case .ticker(let ticker):
                if ticker.speed != 0, !ticker.frame.isEmpty { return true }
            case .text(let text):
                if let ticker = text.paragraph.ticker, ticker.speed != 0, try typesetter.typeset(text).isTicker {
                    return true
                }
            case .group(let group):
                if try moves(group.items) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The pixels of a `width`×`height` canvas that design-canvas `rects` of a scene on `design` cover,
    /// rounded outwards to whole pixels exactly as `render(_:into:damage:)` clips them.
    public static func pixelRects(_ rects: [Rect], design: Size, width: Int, height: Int) -> [DamageRect] {
        guard design.width > 0, design.height > 0 else { return [] }
        let scale = min(Double(width) / design.width, Double(height) / design.height)
        let dx = (Double(width) - design.width * scale) / 2
        let dy = (Double(height) - design.height * scale) / 2
        let size = PixelSize(width: width, height: height)
        return rects.compactMap { rect in
            guard !rect.isEmpty else { return nil }
            let x0 = Int((rect.x * scale + dx).rounded(.down))
            let y0 = Int((rect.y * scale + dy).rounded(.down))
            let x1 = Int((rect.maxX * scale + dx).rounded(.up))
            let y1 = Int((rect.maxY * scale + dy).rounded(.up))
            let pixels = DamageRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0).clipped(to: size)
            return pixels.isEmpty ? nil : pixels
        }
    }
}
