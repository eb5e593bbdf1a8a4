import KosatsuRender
import KosatsuScene
import Testing

/// The canvas lends its pixels in place, so the display can copy them to the scanout directly.
@Suite struct CanvasPixelsTests {
    @Test func withPixelsLendsTheDrawnFrameInPlace() throws {
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts)
        let scene = Scene(
            canvas: Size(width: 1920, height: 1080), background: .solid(Color(red: 0, green: 0, blue: 1)), items: [])
        let canvas = try renderer.render(scene, width: 100, height: 50)
        let (width, height, stride, count, first, last) = canvas.withPixels { pixels, width, height, stride in
            (
                width, height, stride, pixels.count,
                pixels.loadUnaligned(fromByteOffset: 0, as: UInt32.self) & 0x00FF_FFFF,
                pixels.loadUnaligned(fromByteOffset: (height - 1) * stride + (width - 1) * 4, as: UInt32.self)
                    & 0x00FF_FFFF
            )
        }
        #expect(width == 100 && height == 50)
        #expect(stride == canvas.stride && stride >= 400)
        #expect(count == stride * height)
        #expect(first == 0x0000FF && last == 0x0000FF)
        #expect(canvas.frame()[99, 49] == 0x0000FF)
    }

    /// A one-shot render's canvas sits on 2 MB boundaries (huge pages) and draws the same pixels.
    @Test func aHugePageCanvasIsAlignedAndDrawsTheSameFrame() throws {
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts)
        let scene = Scene(
            canvas: Size(width: 1920, height: 1080), background: .solid(Color(red: 0.2, green: 0.4, blue: 0.6)),
            items: [
                .panel(
                    Panel(
                        frame: Rect(x: 100, y: 100, width: 700, height: 300), cornerRadius: 24,
                        fill: .solid(Color(red: 1, green: 0.5, blue: 0))))
            ])
        let huge = try renderer.render(scene, width: 1920, height: 1080, hugePages: true)
        let standard = try renderer.render(scene, width: 1920, height: 1080)
        let address = huge.withPixels { pixels, _, _, _ in Int(bitPattern: pixels.baseAddress) }
        #expect(address != 0 && address % (2 << 20) == 0)
        #expect(huge.frame() == standard.frame())
        #expect(try huge.pngData() == standard.pngData())
    }
}
