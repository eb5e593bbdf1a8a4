import Foundation
import KosatsuQR
import KosatsuRender
import KosatsuScene
import KosatsuText
import Testing

/// The renderer's widget items: QR symbols from libqrencode, tickers, paths, damaged-rectangle redraws.
@Suite struct WidgetDrawingTests {
    static let fonts = FontDirectory.locate(fromSourceFile: #filePath)

    func renderer() throws -> SceneRenderer { try SceneRenderer(fontDirectory: Self.fonts) }

    func luminance(_ pixel: UInt32) -> Int { Int((pixel >> 16) & 0xFF + (pixel >> 8) & 0xFF + pixel & 0xFF) / 3 }

    @Test func libqrencodeMakesAStandardSymbol() throws {
        let symbol = try QRSymbol(encoding: "https://example.jp/odawara/crowds", correction: .medium)
        #expect(symbol.size == 17 + 4 * symbol.version)
        #expect(symbol.version >= 2)
        // Finder patterns in three corners: dark ring, light ring, dark 3×3 centre.
        for (x0, y0) in [(0, 0), (symbol.size - 7, 0), (0, symbol.size - 7)] {
            #expect(symbol[x0, y0] && symbol[x0 + 6, y0 + 6])
            #expect(!symbol[x0 + 1, y0 + 1])
            #expect(symbol[x0 + 3, y0 + 3])
        }
    }

    @Test func textTooLongForAQRCodeIsAnErrorNotACrash() {
        #expect(throws: QRError.self) { try QRSymbol(encoding: String(repeating: "x", count: 5000)) }
        #expect(throws: QRError.self) { try QRSymbol(encoding: "") }
    }

    @Test func qrCodeIsDrawnWithItsQuietZone() throws {
        let scene = Scene(
            canvas: Size(width: 400, height: 400), background: .solid(.white),
            items: [.qrCode(QRCodeItem(frame: Rect(x: 0, y: 0, width: 400, height: 400), text: "https://example.jp"))])
        let frame = try renderer().render(scene, width: 400, height: 400).frame()
        let symbol = try QRSymbol(encoding: "https://example.jp")
        let module = 400.0 / Double(symbol.size + 8)
        func pixel(_ mx: Double, _ my: Double) -> UInt32 {
            frame[Int((4 + mx) * module), Int((4 + my) * module)]
        }
        #expect(luminance(frame[2, 2]) > 200)  // quiet zone
        #expect(luminance(pixel(0.5, 0.5)) < 60)  // finder corner
        #expect(luminance(pixel(1.5, 1.5)) > 200)  // finder's light ring
        #expect(luminance(pixel(3.5, 3.5)) < 60)  // finder's centre
    }

    @Test func pathsFillAndStroke() throws {
        let triangle = PathItem.polygon(
            [Point(x: 10, y: 90), Point(x: 50, y: 10), Point(x: 90, y: 90)],
            fill: .solid(Color(red: 1, green: 0, blue: 0)))
        let scene = Scene(canvas: Size(width: 100, height: 100), background: .solid(.black), items: [.path(triangle)])
        let frame = try renderer().render(scene, width: 100, height: 100).frame()
        #expect(frame[50, 70] == 0xFF0000)
        #expect(frame[12, 20] == 0x000000)
    }

    func tickerScene(elapsed: Double) -> Scene {
        let style = TextStyle(size: 60, color: .white)
        let text = TextItem(
            frame: Rect(x: 0, y: 0, width: 1920, height: 100),
            spans: [TextSpan(text: "小田原城 冬の特別公開　／　混雑時は西口へ", style: style)],
            paragraph: ParagraphStyle(verticalAlignment: .middle))
        return Scene(
            canvas: Size(width: 1920, height: 1080), background: .solid(Color(red: 0.05, green: 0.1, blue: 0.3)),
            items: [
                .panel(
                    Panel(frame: Rect(x: 100, y: 100, width: 600, height: 400), cornerRadius: 30, fill: .solid(.white))),
                .text(
                    TextItem(
                        frame: Rect(x: 100, y: 600, width: 1000, height: 100),
                        spans: [TextSpan(text: "いまの混雑状況", style: style)])),
                .ticker(
                    TickerItem(
                        frame: Rect(x: 0, y: 980, width: 1920, height: 100), text: text, elapsed: elapsed, speed: 140,
                        gap: 400)),
            ])
    }

    @Test func tickerMovesWithTimeAndStaysInItsBox() throws {
        let renderer = try renderer()
        let a = try renderer.render(tickerScene(elapsed: 10), width: 960, height: 540).frame()
        let b = try renderer.render(tickerScene(elapsed: 11), width: 960, height: 540).frame()
        let comparison = FrameComparison(actual: a, expected: b, tolerance: 8)
        let bounds = try #require(comparison.differenceBounds)
        #expect(bounds.y >= 490)  // only the ticker's band (y 980… at half scale)
        // The same time draws the same pixels.
        let again = try renderer.render(tickerScene(elapsed: 10), width: 960, height: 540).frame()
        #expect(FrameComparison(actual: again, expected: a, tolerance: 0).matches)
    }

    @Test func redrawingTheDamagedRectangleGivesTheFullFrame() throws {
        let renderer = try renderer()
        for size in [(1920, 1080), (1280, 720)] {
            let canvas = try renderer.render(tickerScene(elapsed: 100), width: size.0, height: size.1)
            let next = tickerScene(elapsed: 100).advancingTickers(by: 1.0 / 60)
            let damage = next.damage(since: tickerScene(elapsed: 100))
            #expect(damage == [Rect(x: 0, y: 980, width: 1920, height: 100)])
            try renderer.render(next, into: canvas, damage: damage)
            let full = try renderer.render(next, width: size.0, height: size.1).frame()
            let comparison = FrameComparison(actual: canvas.frame(), expected: full, tolerance: 1)
            #expect(comparison.matches, "differs in \(String(describing: comparison.differenceBounds))")
        }
    }

    @Test func noDamageDrawsNothing() throws {
        let renderer = try renderer()
        let canvas = try Canvas(width: 192, height: 108)
        try renderer.render(tickerScene(elapsed: 1), into: canvas, damage: [])
        #expect(canvas.frame().pixels.allSatisfy { $0 & 0x00FF_FFFF == 0 })
    }

    @Test func aVeryLongJapaneseNameShrinksIntoItsBox() throws {
        let name = "小田原城址公園こども遊園地・報徳二宮神社参道前広場"
        let item = TextItem(
            frame: Rect(x: 0, y: 0, width: 600, height: 80),
            spans: [TextSpan(text: name, style: TextStyle(size: 50))],
            paragraph: ParagraphStyle(maxLines: 1, overflow: .shrink(minimumSize: 20)))
        let set = try renderer().typesetter.typeset(item)
        #expect(set.lineCount == 1)
        #expect(set.scale < 1)
        #expect(set.isComplete)
    }
}
