import Foundation
import KosatsuRender
import KosatsuScene
import Testing

/// The one renderer: what a scene says is what the pixels show, at any output size.
@Suite struct SceneRendererTests {
    static let fonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fonts").path
    let red = Color(red: 1, green: 0, blue: 0)
    let renderer: SceneRenderer

    init() throws {
        renderer = try SceneRenderer(fontDirectory: Self.fonts)
    }

    func scene(_ items: [SceneItem], background: Color = .white) -> Scene {
        Scene(canvas: Size(width: 1920, height: 1080), background: .solid(background), items: items)
    }

    @Test func panelsAndBackgroundLandWhereTheSceneSays() throws {
        let frame = try renderer.render(
            scene([.panel(Panel(frame: Rect(x: 100, y: 100, width: 200, height: 100), fill: .solid(red)))]),
            width: 1920,
            height: 1080
        ).frame()
        #expect(frame[150, 150] == 0xFF0000)
        #expect(frame[50, 50] == 0xFFFFFF)
        #expect(frame[301, 150] == 0xFFFFFF)
    }

    @Test func fourKScalesTheSameSceneByTwo() throws {
        let frame = try renderer.render(
            scene([.panel(Panel(frame: Rect(x: 100, y: 100, width: 200, height: 100), fill: .solid(red)))]),
            width: 3840,
            height: 2160
        ).frame()
        #expect(frame.width == 3840)
        #expect(frame[210, 210] == 0xFF0000)
        #expect(frame[590, 390] == 0xFF0000)
        #expect(frame[610, 410] == 0xFFFFFF)
    }

    @Test func anotherAspectIsLetterboxedWithTheBackground() throws {
        let frame = try renderer.render(
            scene(
                [.panel(Panel(frame: Rect(x: 0, y: 0, width: 1920, height: 1080), fill: .solid(red)))],
                background: .black),
            width: 1080, height: 1920
        ).frame()
        #expect(frame[540, 960] == 0xFF0000)
        #expect(frame[540, 10] == 0x000000, "bands above and below show the background")
    }

    @Test func groupsTranslateAndClip() throws {
        let inner = SceneItem.panel(Panel(frame: Rect(x: 0, y: 0, width: 500, height: 500), fill: .solid(red)))
        let frame = try renderer.render(
            scene([.group(Group(frame: Rect(x: 1000, y: 500, width: 100, height: 100), clips: true, items: [inner]))]),
            width: 1920, height: 1080
        ).frame()
        #expect(frame[1050, 550] == 0xFF0000)
        #expect(frame[1150, 650] == 0xFFFFFF, "clipped to the group")
        #expect(frame[990, 550] == 0xFFFFFF)
    }

    @Test func textDrawsInk() throws {
        let text = TextItem(
            frame: Rect(x: 0, y: 0, width: 1920, height: 400),
            spans: [TextSpan(text: "■■■", style: TextStyle(size: 200, color: .black))])
        let frame = try renderer.render(scene([.text(text)]), width: 1920, height: 1080).frame()
        let dark = (0..<400).filter { y in (0..<600).contains { x in frame[x, y] == 0x000000 } }
        #expect(dark.count > 100)
    }

    @Test func renderingIsDeterministic() throws {
        let text = TextItem(
            frame: Rect(x: 10, y: 10, width: 800, height: 300),
            spans: [TextSpan(text: "小田原城 1,840人", style: TextStyle(size: 90, color: .black))])
        let first = try renderer.render(scene([.text(text)]), width: 960, height: 540).frame()
        let second = try SceneRenderer(fontDirectory: Self.fonts).render(scene([.text(text)]), width: 960, height: 540)
            .frame()
        #expect(FrameComparison(actual: first, expected: second, tolerance: 0).matches)
    }

    @Test func missingImageIsAnErrorNotACrash() {
        let image = ImageItem(frame: Rect(x: 0, y: 0, width: 10, height: 10), path: "/nonexistent.png")
        #expect(throws: RenderError.self) { try renderer.render(scene([.image(image)]), width: 100, height: 100) }
    }

    @Test func pngRoundTripKeepsThePixels() throws {
        let canvas = try renderer.render(
            scene([.panel(Panel(frame: Rect(x: 0, y: 0, width: 960, height: 1080), fill: .solid(red)))]), width: 192,
            height: 108)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try canvas.writePNG(to: path)
        let read = try PNGFile.read(path)
        #expect(FrameComparison(actual: read, expected: canvas.frame(), tolerance: 0).matches)
        try renderer.render(
            scene([.image(ImageItem(frame: Rect(x: 0, y: 0, width: 1920, height: 1080), path: path, fit: .fill))]),
            into: canvas)
        #expect(canvas.frame()[10, 10] == 0xFF0000)
    }

    /// A 200×100 PNG in the temporary folder, its left half red; the caller removes it.
    func pictureFile() throws -> String {
        let picture = try renderer.render(
            scene([.panel(Panel(frame: Rect(x: 0, y: 0, width: 960, height: 1080), fill: .solid(red)))]), width: 200,
            height: 100)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-\(UUID()).png").path
        try picture.writePNG(to: path)
        return path
    }

    @Test func aPictureIsKeptOnlyAsItsScaledCopy() throws {
        let path = try pictureFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let signRenderer = try SceneRenderer(fontDirectory: Self.fonts)
        let item = ImageItem(frame: Rect(x: 0, y: 0, width: 1920, height: 1080), path: path, fit: .fill)
        let first = try signRenderer.render(scene([.image(item)]), width: 192, height: 108).frame()
        try FileManager.default.removeItem(atPath: path)
        // The next frame paints the scaled copy: the file is no longer needed.
        let second = try signRenderer.render(scene([.image(item)]), width: 192, height: 108).frame()
        #expect(FrameComparison(actual: second, expected: first, tolerance: 0).matches)
        let without = try signRenderer.render(scene([]), width: 192, height: 108).frame()
        #expect(!FrameComparison(actual: first, expected: without, tolerance: 0).matches, "the picture was drawn")
        // Another size needs the picture itself again: it was let go once the copy was made.
        #expect(throws: RenderError.self) { try signRenderer.render(scene([.image(item)]), width: 96, height: 54) }
    }

    @Test func aPictureLeavesWithItsPageAndStaysThroughRedrawnRectangles() throws {
        let path = try pictureFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let signRenderer = try SceneRenderer(fontDirectory: Self.fonts)
        let map = SceneItem.image(ImageItem(frame: Rect(x: 0, y: 0, width: 960, height: 540), path: path, fit: .fill))
        let strip = SceneItem.panel(Panel(frame: Rect(x: 0, y: 1000, width: 1920, height: 80), fill: .solid(red)))
        let canvas = try signRenderer.render(scene([map, strip]), width: 192, height: 108)
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path)
        // A ticker's strip redrawn: the map is not drawn, and its copy stays for the next page.
        try signRenderer.render(
            scene([map, strip]), into: canvas, damage: [Rect(x: 0, y: 1000, width: 1920, height: 80)])
        try signRenderer.render(scene([map, strip]), into: canvas)
        // A whole page without the map: the copy goes, so drawing the map again needs its file.
        try signRenderer.render(scene([strip]), into: canvas)
        #expect(throws: RenderError.self) { try signRenderer.render(scene([map, strip]), into: canvas) }
        try file.write(to: URL(fileURLWithPath: path))
        try signRenderer.render(scene([map, strip]), into: canvas)
        #expect(canvas.frame()[10, 10] == 0xFF0000)
    }

    @Test func absurdSizesAreRefused() {
        #expect(throws: RenderError.self) { try Canvas(width: 0, height: 10) }
        #expect(throws: RenderError.self) { try Canvas(width: 100_000, height: 10) }
    }

    @Test func comparisonFindsAndBoundsDifferences() {
        let base = Frame(width: 4, height: 3, pixels: Array(repeating: 0x808080, count: 12))
        var changed = base
        changed.pixels[5] = 0x80808A
        changed.pixels[6] = 0xFF8080
        let tolerant = FrameComparison(actual: changed, expected: base, tolerance: 10)
        #expect(tolerant.differingPixels == 1)
        #expect(tolerant.maximumDelta == 0x7F)
        #expect(tolerant.differenceBounds?.x == 2 && tolerant.differenceBounds?.y == 1)
        #expect(FrameComparison(actual: base, expected: base, tolerance: 0).matches)
        let diff = FrameComparison.diffImage(actual: changed, expected: base, tolerance: 10)
        #expect(diff[2, 1] == 0xFF0000)
        #expect(diff[0, 0] != 0xFF0000)
        #expect(
            !FrameComparison(actual: Frame(width: 1, height: 1, pixels: [0]), expected: base, tolerance: 0).sizesMatch)
    }
}
