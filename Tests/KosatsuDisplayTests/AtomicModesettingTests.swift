import KosatsuScene
import Testing

@testable import KosatsuDisplay

@Suite("Atomic modesetting when the driver offers it")
struct AtomicModesettingTests {
    static func atomicCard() -> FakeCard {
        let card = FakeCard(modes: [FakeCard.mode(16, 8, preferred: true)])
        card.offersAtomic = true
        card.planes = [KernelPlane(id: 40, crtcID: 10, possibleCRTCs: 1, isPrimary: true, rotation: nil)]
        return card
    }

    static let frame = FrameTests.frame(PixelSize(width: 16, height: 8)) { x, y in UInt32(y * 16 + x) }

    @Test("one commit sets connector, mode and plane; flips are non-blocking commits of FB_ID")
    func modesetAndFlip() throws {
        let card = Self.atomicCard()
        let log = LogLines()
        let display = try DisplayOutput.fake(card, log: log)
        #expect(display.usesAtomicModesetting)
        #expect(!card.calls.contains("setCRTC"))
        let modeset = try #require(card.atomicCommits.first)
        #expect(modeset.modeset)
        let values = Dictionary(uniqueKeysWithValues: modeset.changes.map { ($0.property, $0.value) })
        #expect(values[1001] == 10)  // connector CRTC_ID
        #expect(values[2001] == 1)  // ACTIVE
        #expect(card.modeBlobs[UInt32(values[2002] ?? 0)]?.width == 16)  // MODE_ID
        #expect(values[3005] == 16 << 16 && values[3006] == 8 << 16)  // SRC_W, SRC_H in 16.16
        #expect(card.pixels(of: card.scannedOut).allSatisfy { $0 == 0 })
        #expect(log.lines.contains { $0.hasSuffix("atomic modesetting") })

        try display.present(Self.frame)
        #expect(try display.waitForFlip())
        let flip = try #require(card.atomicCommits.last)
        #expect(!flip.modeset && flip.changes.count == 1 && flip.changes[0].property == 3001)
        #expect(card.flips.count == 1 && !card.calls.contains("pageFlip"))
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) })

        display.close()
        #expect(card.scannedOut == FakeCard.consoleFramebuffer)
        #expect(card.modeBlobs.isEmpty && card.destroyedBlobs.count == 1)
    }

    @Test("where the plane has FB_DAMAGE_CLIPS, a flip carries what was copied, and DirtyFB is not called")
    func damageClips() throws {
        let card = Self.atomicCard()
        card.offersDamageClips = true
        let display = try DisplayOutput.fake(card)
        try display.present(Self.frame)
        #expect(try display.waitForFlip())
        #expect(card.committedDamage.last == [DamageRect(x: 0, y: 0, width: 16, height: 8)])
        // A ticker-sized change: the back buffer also misses the frame before, which was whole.
        let strip = DamageRect(x: 0, y: 6, width: 16, height: 2)
        func ticker(_ step: UInt32) -> Frame {
            FrameTests.frame(PixelSize(width: 16, height: 8)) { x, y in UInt32(y * 16 + x) + (y >= 6 ? step : 0) }
        }
        try display.present(ticker(7), damage: [strip])
        #expect(try display.waitForFlip())
        #expect(card.committedDamage.last == [DamageRect(x: 0, y: 0, width: 16, height: 8)])
        try display.present(ticker(9), damage: [strip])
        #expect(try display.waitForFlip())
        #expect(card.committedDamage.last == [strip], "both buffers up to date: only the strip")
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) + ($0 >= 96 ? 9 : 0) })
        #expect(card.dirtyRects.isEmpty)
        #expect(card.damageBlobs.keys.allSatisfy { card.destroyedBlobs.contains($0) }, "every damage blob released")
    }

    @Test("a refused atomic modeset falls back to the legacy call, with a log line")
    func refusedModesetFallsBack() throws {
        let card = Self.atomicCard()
        card.failures["atomicModeset"] = [Errno.invalid]
        let log = LogLines()
        let display = try DisplayOutput.fake(card, log: log)
        #expect(!display.usesAtomicModesetting)
        #expect(card.calls.contains("setCRTC"))
        #expect(card.modeBlobs.isEmpty)
        #expect(log.lines.contains { $0.contains("atomic modeset refused (EINVAL); using legacy modesetting") })
        try display.present(Self.frame)
        #expect(card.calls.contains("pageFlip"))
    }

    @Test("a failing atomic flip switches to legacy page flips for good")
    func failedFlipFallsBack() throws {
        let card = Self.atomicCard()
        card.failures["atomicFlip"] = [Errno.invalid]
        let log = LogLines()
        let display = try DisplayOutput.fake(card, log: log)
        try display.present(Self.frame)
        #expect(!display.usesAtomicModesetting)
        #expect(card.calls.contains("pageFlip"))
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) })
        #expect(log.lines.contains { $0.contains("atomic flip failed (EINVAL)") })
    }

    @Test("the same monitor unplugged and back (kosatsu run): a new modeset, then the whole frame on screen")
    func replugRepaints() throws {
        let card = Self.atomicCard()
        let display = try DisplayOutput.fake(card)
        try display.present(Self.frame)
        #expect(try display.waitForFlip())
        // A clock-sized damage before the unplug: what was copied is only part of the back buffer.
        let later = FrameTests.frame(PixelSize(width: 16, height: 8)) { x, y in UInt32(y * 16 + x) + 1000 }
        try display.present(later, damage: [DamageRect(x: 0, y: 0, width: 4, height: 2)])
        #expect(try display.waitForFlip())

        card.unplug()
        #expect(try display.reprobe() == .dark(connector: "HDMI-A-1"))
        let flips = card.flips.count
        try display.present(Self.frame)
        #expect(card.flips.count == flips, "a dark output drops frames")

        card.plug([FakeCard.mode(16, 8, preferred: true)])
        let modesets = card.atomicCommits.filter(\.modeset).count
        #expect(try display.reprobe() == .lit(connector: "HDMI-A-1", size: PixelSize(width: 16, height: 8)))
        #expect(card.atomicCommits.filter(\.modeset).count == modesets + 1)
        #expect(card.pixels(of: card.scannedOut).allSatisfy { $0 == 0 }, "black until the frame is repainted")
        // What the daemon does then: the frame on screen again, without damage: every pixel is copied.
        try display.present(Self.frame)
        #expect(try display.waitForFlip())
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) })
        try display.present(Self.frame)
        #expect(try display.waitForFlip())
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) }, "and into both buffers")
        display.close()
        #expect(card.scannedOut == FakeCard.consoleFramebuffer)
    }

    @Test("legacy when the driver does not offer atomic, or when asked to")
    func legacy() throws {
        let refusing = Self.atomicCard()
        refusing.offersAtomic = false
        #expect(try !DisplayOutput.fake(refusing).usesAtomicModesetting)
        let card = Self.atomicCard()
        var options = DisplayOptions()
        options.prefersAtomic = false
        #expect(try !DisplayOutput.fake(card, options).usesAtomicModesetting)
        #expect(!card.calls.contains("enableAtomic"))
    }
}
