import KosatsuScene

/// A scene taken apart for checking: every text and every shape at its place on the canvas.
struct SceneParts {
    /// A text, its frame moved onto the canvas, with the clip and the groups it sits in.
    struct PlacedText {
        var item: TextItem
        var clip: Rect?
        /// Indices into `shapes` of the groups around it.
        var ancestors: Set<Int>
    }

    /// Anything that is not a text, by what a text's ink may run into.
    struct Shape {
        enum Outline {
            case rectangle
            case rounded(radius: Double)
            case segment(from: Point, to: Point, width: Double)
        }

        var kind: String
        var bounds: Rect
        var outline: Outline
        /// Whether it puts ink on the screen (a group's frame does not).
        var isVisible: Bool
        /// For a frame drawn only as an outline: its stroke width; only the stroke is ink.
        var ringWidth: Double? = nil
        /// A chart's or pictogram's path, placed on the canvas and drawn white: tested pixel by pixel.
        var drawn: SceneItem? = nil

        /// Whether the point lies on the shape's ink, grown by `margin` pixels.
        func touches(_ x: Double, _ y: Double, margin: Double) -> Bool {
            guard let ringWidth else { return contains(x, y, margin: margin) }
            return contains(x, y, margin: margin + ringWidth / 2) && !contains(x, y, margin: -(ringWidth / 2 + margin))
        }

        /// Whether the point lies on the shape, grown by `margin` pixels.
        func contains(_ x: Double, _ y: Double, margin: Double) -> Bool {
            switch outline {
            case .rectangle:
                return x >= bounds.x - margin && x < bounds.maxX + margin && y >= bounds.y - margin
                    && y < bounds.maxY + margin
            case .rounded(let radius):
                let r = min(max(radius, 0), min(bounds.width, bounds.height) / 2)
                // Inside the rectangle shrunk by the radius, grown by radius + margin (negative: shrunk).
                let inner = Rect(
                    x: bounds.x + r, y: bounds.y + r, width: max(0, bounds.width - 2 * r),
                    height: max(0, bounds.height - 2 * r))
                let cx = min(max(x, inner.x), inner.maxX)
                let cy = min(max(y, inner.y), inner.maxY)
                let dx = x - cx
                let dy = y - cy
                let reach = r + margin
                if reach >= 0 { return (dx * dx + dy * dy).squareRoot() <= reach }
                // Shrunk past the corners: inside the inner rectangle by -reach.
                return min(x - inner.x, inner.maxX - x, y - inner.y, inner.maxY - y) >= -reach
            case .segment(let a, let b, let width):
                let vx = b.x - a.x
                let vy = b.y - a.y
                let length = vx * vx + vy * vy
                let t = length > 0 ? min(max(((x - a.x) * vx + (y - a.y) * vy) / length, 0), 1) : 0
                let dx = x - (a.x + t * vx)
                let dy = y - (a.y + t * vy)
                return (dx * dx + dy * dy).squareRoot() <= width / 2 + margin
            }
        }
    }

    var texts: [PlacedText] = []
    var shapes: [Shape] = []

    init(_ scene: Scene) {
        add(scene.items, dx: 0, dy: 0, clip: nil, ancestors: [])
    }

    private mutating func add(_ items: [SceneItem], dx: Double, dy: Double, clip: Rect?, ancestors: Set<Int>) {
        for item in items {
            switch item {
            case .text(var text):
                text.frame = text.frame.offsetBy(dx: dx, dy: dy)
                texts.append(PlacedText(item: text, clip: clip, ancestors: ancestors))
            case .group(let group):
                let frame = group.frame.offsetBy(dx: dx, dy: dy)
                shapes.append(Shape(kind: "group", bounds: frame, outline: .rectangle, isVisible: false))
                var inner = clip
                if group.clips {
                    inner = clip.map { $0.intersection(frame) ?? Rect(x: 0, y: 0, width: 0, height: 0) } ?? frame
                }
                add(
                    group.items, dx: frame.x, dy: frame.y, clip: inner,
                    ancestors: ancestors.union([shapes.count - 1]))
            case .panel(let panel):
                guard panel.fill != nil || panel.stroke != nil else { continue }
                let ring = panel.fill == nil ? panel.stroke?.width : nil
                shapes.append(
                    Shape(
                        kind: ring == nil ? "panel" : "frame", bounds: panel.frame.offsetBy(dx: dx, dy: dy),
                        outline: .rounded(radius: panel.cornerRadius), isVisible: true, ringWidth: ring))
            case .line(let line):
                let a = Point(x: line.from.x + dx, y: line.from.y + dy)
                let b = Point(x: line.to.x + dx, y: line.to.y + dy)
                let w = line.stroke.width
                let bounds = Rect(
                    x: min(a.x, b.x) - w / 2, y: min(a.y, b.y) - w / 2, width: abs(a.x - b.x) + w,
                    height: abs(a.y - b.y) + w)
                shapes.append(
                    Shape(kind: "rule", bounds: bounds, outline: .segment(from: a, to: b, width: w), isVisible: true))
            case .image(let image):
                shapes.append(
                    Shape(
                        kind: "image", bounds: image.frame.offsetBy(dx: dx, dy: dy), outline: .rectangle,
                        isVisible: true))
            case .path(var path):
                let grow = (path.stroke?.width ?? 0) / 2 + 1
                path.fill = path.fill.map { _ in .solid(.white) }
                path.stroke?.color = .white
                let placed = SceneItem.group(
                    Group(frame: Rect(x: dx, y: dy, width: 1, height: 1), items: [.path(path)]))
                shapes.append(
                    Shape(
                        kind: "shape", bounds: path.bounds.offsetBy(dx: dx, dy: dy).insetBy(-grow),
                        outline: .rectangle, isVisible: true, drawn: placed))
            case .qrCode(let code):
                shapes.append(
                    Shape(
                        kind: "QR code", bounds: code.frame.offsetBy(dx: dx, dy: dy), outline: .rectangle,
                        isVisible: true))
            case .ticker(let ticker):
                shapes.append(
                    Shape(
                        kind: "ticker", bounds: ticker.frame.offsetBy(dx: dx, dy: dy), outline: .rectangle,
                        isVisible: true))
            }
        }
    }
}

extension Scene {
    /// The scene without its texts: what is behind them.
    var withoutTexts: Scene {
        func strip(_ items: [SceneItem]) -> [SceneItem] {
            items.compactMap { item in
                switch item {
                case .text: return nil
                case .group(var group):
                    group.items = strip(group.items)
                    return .group(group)
                default: return item
                }
            }
        }
        var scene = self
        scene.items = strip(items)
        return scene
    }
}

extension Rect {
    /// Whether `other` lies inside, give or take `tolerance` pixels.
    func contains(_ other: Rect, tolerance: Double) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance && other.maxX <= maxX + tolerance
            && other.maxY <= maxY + tolerance
    }

    func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
