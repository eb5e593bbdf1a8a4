import KosatsuRender
import KosatsuScene
import KosatsuText

/// Where one text puts ink: its coverage (0–255) over a rectangle of canvas pixels, drawn alone.
struct InkMask {
    let x: Int
    let y: Int
    let width: Int
    let height: Int
    let coverage: [UInt8]
    /// The pixels with ink, on the canvas; empty when the text draws nothing.
    let ink: Rect?

    /// Coverage at or above this counts as ink (the faint edge of anti-aliasing does not).
    static let inkLevel: UInt8 = 96
    /// Coverage at or above this is the text's own colour, for contrast.
    static let coreLevel: UInt8 = 230

    /// Draws `text` (frame on the canvas) white on black into a canvas just big enough for it.
    init(_ text: TextItem, renderer: SceneRenderer) throws {
        let largest = text.spans.map(\.style.size).max() ?? 48
        let margin = (largest * 1.5).rounded(.up)
        let typeset = try renderer.typesetter.typeset(text)
        var area = text.frame
        for run in typeset.runs {
            for glyph in run.glyphs {
                area = area.union(
                    Rect(x: text.frame.x + glyph.x, y: text.frame.y + glyph.y, width: 1, height: 1))
            }
        }
        var alone = text
        alone.source = nil
        for index in alone.spans.indices { alone.spans[index].style.color = .white }
        try self.init(items: [.text(alone)], area: area.insetBy(-margin), renderer: renderer)
    }

    /// Draws `items` (placed on the canvas, drawn in white) on black over `area` of the canvas.
    init(items: [SceneItem], area: Rect, renderer: SceneRenderer) throws {
        let x = Int(area.x.rounded(.down))
        let y = Int(area.y.rounded(.down))
        let width = max(1, min(16384, Int(area.maxX.rounded(.up)) - x))
        let height = max(1, min(16384, Int(area.maxY.rounded(.up)) - y))
        let moved = Group(
            frame: Rect(x: -Double(x), y: -Double(y), width: Double(width), height: Double(height)), items: items)
        let scene = Scene(
            canvas: Size(width: Double(width), height: Double(height)), background: .solid(.black),
            items: [.group(moved)])
        let canvas = try renderer.render(scene, width: width, height: height)
        var coverage = [UInt8](repeating: 0, count: width * height)
        var minX = Int.max
        var minY = Int.max
        var maxX = Int.min
        var maxY = Int.min
        canvas.withPixels { pixels, width, height, stride in
            guard pixels.baseAddress != nil else { return }
            for row in 0..<height {
                for column in 0..<width {
                    // XRGB8888 little-endian: green is the second byte.
                    let value = pixels[row * stride + column * 4 + 1]
                    coverage[row * width + column] = value
                    if value >= Self.inkLevel {
                        minX = Swift.min(minX, column)
                        maxX = Swift.max(maxX, column)
                        minY = Swift.min(minY, row)
                        maxY = Swift.max(maxY, row)
                    }
                }
            }
        }
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.coverage = coverage
        ink =
            minX <= maxX
            ? Rect(
                x: Double(x + minX), y: Double(y + minY), width: Double(maxX - minX + 1),
                height: Double(maxY - minY + 1)) : nil
    }

    /// Coverage at a canvas pixel (0 outside the mask).
    func at(_ px: Int, _ py: Int) -> UInt8 {
        let column = px - x
        let row = py - y
        guard column >= 0, row >= 0, column < width, row < height else { return 0 }
        return coverage[row * width + column]
    }

    /// Calls `body` with each inked canvas pixel inside `area` (all of them when nil).
    func forEachInk(in area: Rect? = nil, level: UInt8 = InkMask.inkLevel, _ body: (Int, Int) -> Bool) {
        guard let ink else { return }
        let box = area.flatMap { $0.intersection(ink) } ?? (area == nil ? ink : nil)
        guard let box else { return }
        let x0 = max(x, Int(box.x.rounded(.down)))
        let y0 = max(y, Int(box.y.rounded(.down)))
        let x1 = min(x + width, Int(box.maxX.rounded(.up)))
        let y1 = min(y + height, Int(box.maxY.rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        coverage.withUnsafeBufferPointer { buffer in
            for py in y0..<y1 {
                let base = (py - y) * width - x
                for px in x0..<x1 where buffer[base + px] >= level {
                    if !body(px, py) { return }
                }
            }
        }
    }
}
