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
}
