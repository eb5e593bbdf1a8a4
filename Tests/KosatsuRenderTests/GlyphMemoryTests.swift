import CCairo
import Foundation
import KosatsuScene
import KosatsuText
import Synchronization
import Testing

@testable import KosatsuRender

/// cairo's glyph images stay within a byte budget however many sizes a sign draws.
@Suite struct GlyphMemoryTests {
    let text = TextItem(
        frame: Rect(x: 10, y: 10, width: 1800, height: 300),
        spans: [TextSpan(text: "小田原城 1,840人", style: TextStyle(size: 90, color: .black))])

    func scene(_ items: [SceneItem]) -> Scene {
        Scene(canvas: Size(width: 1920, height: 1080), background: .solid(.white), items: items)
    }

    @Test func theLedgerCountsEachGlyphOnceAtEachSize() throws {
        let memory = GlyphMemory(budget: .max)
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        let once = memory.estimatedBytes
        // Ten glyphs at about 90 px: cairo's image and pixman's copy of a 92×92 box each, at most.
        #expect(once > 0)
        #expect(once <= 11 * GlyphMemory.cost(width: 91, height: 91))
        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        #expect(memory.estimatedBytes == once, "the same glyphs again cost nothing more")
        _ = try renderer.render(scene([.text(text)]), width: 3840, height: 2160)
        #expect(memory.estimatedBytes > 4 * once, "at twice the output size each glyph costs four times as much")
        #expect(memory.releases == 0)
    }

    @Test func pastTheBudgetCairoLetsGoOfTheFontsNoFrameUses() throws {
        let memory = GlyphMemory(budget: 1, minimumInterval: .zero)
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        let typeset = try renderer.typesetter.typeset(text)
        let face = try renderer.fontFace(try #require(typeset.runs.first).face)

        // A size the sign drew once and no longer draws: cairo holds it over, glyphs and all.
        var matrix = cairo_matrix_t()
        cairo_matrix_init_scale(&matrix, 61.25, 61.25)
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        let font = try #require(cairo_scaled_font_create(face, &matrix, &identity, options))
        #expect(cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS)
        let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
        // Never released: cairo may finalize the font at any later time.
        let finalized = Unmanaged.passRetained(Finalized())
        #expect(
            cairo_scaled_font_set_user_data(font, key, finalized.toOpaque()) {
                Unmanaged<Finalized>.fromOpaque($0!).takeUnretainedValue().flag.store(true, ordering: .relaxed)
            } == CAIRO_STATUS_SUCCESS)
        cairo_scaled_font_destroy(font)

        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        #expect(memory.releases == 0, "what the screen draws now stays, over the budget too")
        // Half a minute on, nothing has been drawn since: every unused font goes.
        #expect(memory.settle(face: face, options: options, now: .now + .seconds(30)) == GlyphMemory.holdovers)
        #expect(memory.releases == 1, "one glyph is over a budget of one byte")
        let wasFinalized = finalized.takeUnretainedValue().flag.load(ordering: .relaxed)
        #expect(wasFinalized, "the held-over font was finalized, its glyphs freed")
        #expect(memory.estimatedBytes == 0)

        // What the frame draws is drawn the same after the release.
        let before = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: GlyphMemory(budget: .max))
            .render(scene([.text(text)]), width: 960, height: 540).frame()
        let after = try renderer.render(scene([.text(text)]), width: 960, height: 540).frame()
        #expect(FrameComparison(actual: after, expected: before, tolerance: 0).matches)
    }

    @Test func fontsUndrawnForTenMinutesAreLetGo() throws {
        let memory = GlyphMemory(budget: .max)
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        let start = ContinuousClock.now
        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        let fonts = memory.fontCount
        let bytes = memory.estimatedBytes
        #expect(fonts > 0)
        let face = try renderer.fontFace(try #require(try renderer.typesetter.typeset(text).runs.first).face)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }

        // Nine minutes on, nothing is old enough; at the next sweep, everything is.
        #expect(memory.settle(face: face, options: options, now: start + .seconds(9 * 60)) == 0)
        #expect(memory.fontCount == fonts)
        #expect(memory.estimatedBytes == bytes)
        #expect(memory.settle(face: face, options: options, now: start + .seconds(10 * 60 + 30)) == fonts)
        #expect(memory.fontCount == 0)
        #expect(memory.estimatedBytes == 0)
        #expect(memory.releases == 1)

        // A size drawn after the throwaways is let go of with them, ten minutes on: as cairo would,
        // oldest first, the throwaways before it.
        let later = start + .seconds(12 * 60)
        memory.note(face: face, width: 30, height: 30, rotated: false, glyphs: [1, 2, 3], now: later)
        #expect(memory.estimatedBytes == 3 * GlyphMemory.cost(width: 30, height: 30))
        #expect(memory.settle(face: face, options: options, now: later + .seconds(11 * 60)) == fonts + 1)
    }

    @Test func theLedgerForgetsWhatCairoPushedOutOfItsHoldovers() throws {
        let memory = GlyphMemory(budget: .max)
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        let face = try renderer.fontFace(try #require(try renderer.typesetter.typeset(text).runs.first).face)
        for size in 0..<300 {
            memory.note(face: face, width: Double(10 + size), height: 20, rotated: false, glyphs: [7])
        }
        #expect(memory.fontCount == GlyphMemory.holdovers + 1, "256 held over and the one in use")
        #expect(
            memory.estimatedBytes == (43..<300).reduce(0) { $0 + GlyphMemory.cost(width: Double(10 + $1), height: 20) })
    }

    @Test func releasesComeAtMostOnceAnInterval() throws {
        let memory = GlyphMemory(budget: 1, minimumInterval: .seconds(3600))
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        let face = try renderer.fontFace(try #require(try renderer.typesetter.typeset(text).runs.first).face)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        let start = ContinuousClock.now
        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        memory.settle(face: face, options: options, now: start + .seconds(30))
        #expect(memory.releases == 1)
        _ = try renderer.render(scene([.text(text)]), width: 1920, height: 1080)
        memory.settle(face: face, options: options, now: start + .seconds(90))
        #expect(memory.releases == 1)
        #expect(memory.estimatedBytes > 1, "the ledger counts on until the interval has passed")
    }

    @Test func pastTheBudgetThePageOnScreenStaysAndThePagesOffItGo() throws {
        let memory = GlyphMemory(budget: 1, minimumInterval: .zero)
        let renderer = try SceneRenderer(fontDirectory: SceneRendererTests.fonts, glyphMemory: memory)
        let face = try renderer.fontFace(try #require(try renderer.typesetter.typeset(text).runs.first).face)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        let start = ContinuousClock.now
        // A playlist: one page a minute ago, the page on screen drawn a moment ago.
        memory.note(face: face, width: 30, height: 30, rotated: false, glyphs: [1, 2, 3], now: start)
        memory.note(face: face, width: 40, height: 40, rotated: false, glyphs: [4, 5], now: start + .seconds(55))
        #expect(memory.settle(face: face, options: options, now: start + .seconds(60)) == 1)
        #expect(memory.fontCount == 1)
        #expect(memory.estimatedBytes == 2 * GlyphMemory.cost(width: 40, height: 40))
        // Only the page on screen, still over the budget: nothing to give back.
        #expect(memory.settle(face: face, options: options, now: start + .seconds(70)) == 0)
        #expect(memory.fontCount == 1)
        #expect(memory.releases == 1)
    }
}

/// Set when cairo finalizes the font it is attached to.
final class Finalized: Sendable {
    let flag = Atomic(false)
}
