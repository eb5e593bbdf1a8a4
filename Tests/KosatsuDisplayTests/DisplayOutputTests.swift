import KosatsuScene
import Testing

@testable import KosatsuDisplay

@Suite("Opening the display")
struct OpeningTests {
    @Test("lights the connected connector in its preferred mode, black, with the kernel's pitch")
    func preferredMode() throws {
        let card = FakeCard()
        let display = try DisplayOutput.fake(card)
        #expect(display.connectorName == "HDMI-A-1")
        #expect(display.size == PixelSize(width: 1920, height: 1080))
        #expect(display.mode?.isPreferred == true)
        #expect(card.modesets.count == 1)
        #expect(card.modesets[0].crtc == 10)
        #expect(card.pixels(of: card.scannedOut).allSatisfy { $0 == 0 })
        #expect(card.liveBuffers == 2)
    }

    @Test("never picks the largest mode: without a preferred one, the kernel's first")
    func notTheLargest() throws {
        let card = FakeCard(modes: [FakeCard.mode(1280, 720), FakeCard.mode(3840, 2160), FakeCard.mode(1920, 1080)])
        let display = try DisplayOutput.fake(card)
        #expect(display.size == PixelSize(width: 1280, height: 720))
    }

    @Test("a configured mode wins, the closest refresh rate first")
    func configuredMode() throws {
        let card = FakeCard(modes: [
            FakeCard.mode(1920, 1080, preferred: true), FakeCard.mode(1280, 720, hertz: 50),
            FakeCard.mode(1280, 720, hertz: 60),
        ])
        let display = try DisplayOutput.fake(card, DisplayOptions(mode: try ModeRequest(parsing: "1280x720@60")))
        #expect(display.mode?.width == 1280)
        #expect(display.mode?.timing.vrefresh == 60)
    }

    @Test("a configured mode the connector does not offer falls back to the preferred one, with a log line")
    func configuredModeMissing() throws {
        let card = FakeCard()
        let log = LogLines()
        let display = try DisplayOutput.fake(card, DisplayOptions(mode: ModeRequest(width: 800, height: 600)), log: log)
        #expect(display.size == PixelSize(width: 1920, height: 1080))
        #expect(log.lines.contains { $0.contains("does not offer 800x600") })
    }

    @Test("a mode the kernel refuses falls back to the next")
    func refusedModeFallsBack() throws {
        let card = FakeCard()
        card.refusedModes = ["1920x1080"]
        let log = LogLines()
        let display = try DisplayOutput.fake(card, log: log)
        #expect(display.size == PixelSize(width: 1280, height: 720))
        #expect(log.lines.contains { $0.contains("refused 1920x1080") && $0.contains("EINVAL") })
        // Buffers of the refused size were replaced, not leaked.
        #expect(card.liveBuffers == 2)
    }

    @Test("every mode refused: modeRejected")
    func allModesRefused() {
        let card = FakeCard()
        card.refusedModes = ["1920x1080", "1280x720"]
        #expect(errorCode { _ = try DisplayOutput.fake(card) } == .modeRejected)
        #expect(!card.isOpen)
    }

    @Test("no connector connected: noConnector, and the card is let go")
    func noConnector() {
        let card = FakeCard(status: .disconnected)
        #expect(errorCode { _ = try DisplayOutput.fake(card) } == .noConnector)
        #expect(!card.isOpen)
    }

    @Test("a configured connector that does not exist names the ones that do")
    func unknownConnector() {
        let card = FakeCard()
        do {
            _ = try DisplayOutput.fake(card, DisplayOptions(connectorName: "DP-7"))
            Issue.record("opened")
        } catch {
            #expect(error.code == .noConnector)
            #expect(error.message.contains("HDMI-A-1, DP-1"))
        }
    }

    @Test("EACCES on open: permissionDenied, not retried")
    func permissionDenied() {
        let card = FakeCard()
        card.failures["open"] = [Errno.accessDenied]
        let log = LogLines()
        do {
            _ = try DisplayOutput.fake(card, log: log)
            Issue.record("opened")
        } catch {
            #expect(error.code == .permissionDenied)
            #expect(error.message.contains("video"))
        }
        #expect(!log.lines.contains("(slept)"))
    }

    @Test("another DRM master (EBUSY, then EACCES): a clear log line, then a retry that succeeds")
    func anotherMasterRetried() throws {
        let card = FakeCard()
        card.failures["setMaster"] = [Errno.busy, Errno.accessDenied]
        let log = LogLines()
        let display = try DisplayOutput.fake(
            card, DisplayOptions(masterRetry: RetryPolicy(attempts: 3, delay: .milliseconds(1))), log: log)
        #expect(display.isLit)
        #expect(log.lines.filter { $0 == "(slept)" }.count == 2)
        #expect(log.lines.contains { $0.contains("another process is DRM master") && $0.contains("attempt 1 of 3") })
    }

    @Test("another DRM master that stays: anotherMaster after the last attempt")
    func anotherMasterGivesUp() {
        let card = FakeCard()
        card.failures["setMaster"] = Array(repeating: Errno.busy, count: 5)
        do {
            _ = try DisplayOutput.fake(card, DisplayOptions(masterRetry: RetryPolicy(attempts: 2)))
            Issue.record("opened")
        } catch {
            #expect(error.code == .anotherMaster)
            #expect(error.errno == Errno.busy)
            #expect(error.description.contains("drmSetMaster") || error.description.contains("setMaster"))
        }
    }

    @Test("losing master during the modeset (EACCES) is another master too")
    func modesetWithoutMaster() {
        let card = FakeCard()
        card.failures["setCRTC"] = [Errno.accessDenied]
        do {
            _ = try DisplayOutput.fake(card, DisplayOptions(masterRetry: RetryPolicy(attempts: 1)))
            Issue.record("opened")
        } catch {
            #expect(error.code == .anotherMaster)
        }
    }

    @Test("simpledrm is skipped when discovered")
    func simpledrmSkipped() {
        let card = FakeCard()
        card.driver = "simpledrm"
        #expect(
            errorCode {
                _ = try DisplayOutput(
                    options: DisplayOptions(sysfsRoot: "/nonexistent"), kernel: card, sleep: { _ in })
            } == .noCard)
    }
}

@Suite("Frames")
struct FrameTests {
    static func frame(_ size: PixelSize, _ value: (Int, Int) -> UInt32) -> Frame {
        var pixels: [UInt32] = []
        pixels.reserveCapacity(size.width * size.height)
        for y in 0..<size.height {
            for x in 0..<size.width {
                pixels.append(value(x, y))
            }
        }
        return Frame(width: size.width, height: size.height, pixels: pixels)
    }

    static func small() -> FakeCard {
        FakeCard(modes: [FakeCard.mode(16, 8, preferred: true)])
    }

    @Test("a frame reaches the scanout through a page flip")
    func firstFrame() throws {
        let card = Self.small()
        let display = try DisplayOutput.fake(card)
        let frame = Self.frame(PixelSize(width: 16, height: 8)) { x, y in UInt32(y * 16 + x) }
        try display.present(frame)
        #expect(card.flips.count == 1)
        #expect(try display.waitForFlip())
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) })
    }

    @Test("damage only: each buffer catches up on what the other one got")
    func damagePerBuffer() throws {
        let card = Self.small()
        let display = try DisplayOutput.fake(card)
        let size = PixelSize(width: 16, height: 8)
        var picture = [UInt32](repeating: 1, count: 128)
        try display.present(Self.frame(size) { x, y in picture[y * 16 + x] })
        // Three frames, each changing a different small rectangle.
        let rects = [
            DamageRect(x: 0, y: 0, width: 2, height: 2), DamageRect(x: 10, y: 5, width: 3, height: 2),
            DamageRect(x: 4, y: 3, width: 1, height: 1),
        ]
        for (step, rect) in rects.enumerated() {
            for y in rect.y..<(rect.y + rect.height) {
                for x in rect.x..<(rect.x + rect.width) { picture[y * 16 + x] = UInt32(100 + step) }
            }
            try display.present(Self.frame(size) { x, y in picture[y * 16 + x] }, damage: [rect])
            #expect(card.pixels(of: card.scannedOut) == picture, "after step \(step)")
        }
        #expect(card.flips.count == 4)
        #expect(card.dirtyRects.last == [rects[2], rects[1]] || card.dirtyRects.last == [rects[1], rects[2]])
    }

    @Test("DirtyFB answering ENOSYS is normal: frames go on, and it is not asked again")
    func dirtyFramebufferNotImplemented() throws {
        let card = Self.small()
        card.failures["dirtyFramebuffer"] = [Errno.notImplemented]
        let log = LogLines()
        let display = try DisplayOutput.fake(card, log: log)
        let frame = Self.frame(PixelSize(width: 16, height: 8)) { _, _ in 7 }
        try display.present(frame)
        try display.present(frame)
        #expect(card.calls.filter { $0 == "dirtyFramebuffer" }.count == 1)
        #expect(card.flips.count == 2)
        #expect(!log.lines.contains { $0.contains("DirtyFB") })
    }

    @Test("a driver without page flips (EINVAL): the CRTC is set instead")
    func pageFlipUnsupported() throws {
        let card = Self.small()
        card.failures["pageFlip"] = [Errno.invalid]
        let display = try DisplayOutput.fake(card)
        try display.present(Self.frame(PixelSize(width: 16, height: 8)) { _, _ in 9 })
        #expect(card.modesets.count == 2)
        #expect(card.pixels(of: card.scannedOut).allSatisfy { $0 == 9 })
        try display.present(Self.frame(PixelSize(width: 16, height: 8)) { _, _ in 10 })
        #expect(card.calls.filter { $0 == "pageFlip" }.count == 1)
    }

    @Test("a flip still queued (EBUSY): wait for its event, then flip")
    func pageFlipBusy() throws {
        let card = Self.small()
        card.failures["pageFlip"] = [Errno.busy]
        let display = try DisplayOutput.fake(card)
        try display.present(Self.frame(PixelSize(width: 16, height: 8)) { _, _ in 3 })
        #expect(card.flips.count == 1)
    }

    @Test("a frame of the wrong size is refused")
    func wrongSize() throws {
        let display = try DisplayOutput.fake(Self.small())
        #expect(
            errorCode { try display.present(Self.frame(PixelSize(width: 8, height: 8)) { _, _ in 0 }) } == .invalidFrame
        )
        let short: [UInt8] = [0, 0]
        #expect(
            errorCode {
                try short.withUnsafeBytes { try display.present(pixels: $0, width: 16, height: 8, stride: 64) }
            } == .invalidFrame)
    }

    @Test(
        "rotation by copy: the frame is portrait, the scanout turned clockwise",
        arguments: [Rotation.degrees90, .degrees180, .degrees270])
    func rotationByCopy(rotation: Rotation) throws {
        let card = Self.small()
        let display = try DisplayOutput.fake(card, DisplayOptions(rotation: rotation))
        #expect(display.rotationHandling == .copy)
        let logical = rotation.logicalSize(forScanout: PixelSize(width: 16, height: 8))
        #expect(display.size == logical)
        try display.present(Self.frame(logical) { x, y in UInt32(y * 1000 + x) })
        let screen = card.pixels(of: card.scannedOut)
        for y in 0..<logical.height {
            for x in 0..<logical.width {
                let (sx, sy) = PixelCopy.scanoutPoint(x: x, y: y, logical: logical, rotation: rotation)
                #expect(screen[sy * 16 + sx] == UInt32(y * 1000 + x))
            }
        }
        if rotation == .degrees90 {
            // The frame's top-left corner is at the panel's top-right.
            #expect(screen[15] == 0)
        }
    }

    @Test("180° by the primary plane's rotation property when it offers it")
    func rotationByPlane() throws {
        let card = Self.small()
        card.planes = [
            KernelPlane(
                id: 40, crtcID: 10, possibleCRTCs: 1, isPrimary: true,
                rotation: RotationProperty(propertyID: 50, bits: ["rotate-0": 0, "rotate-180": 2]))
        ]
        let display = try DisplayOutput.fake(card, DisplayOptions(rotation: .degrees180))
        #expect(display.rotationHandling == .plane)
        #expect(card.planeProperties.last?.value == 1 << 2)
        try display.present(Self.frame(PixelSize(width: 16, height: 8)) { x, y in UInt32(y * 16 + x) })
        #expect(card.pixels(of: card.scannedOut) == (0..<128).map { UInt32($0) })
        display.close()
        #expect(card.planeProperties.last?.value == 1)
    }

    @Test("90° never uses the plane: it would need a portrait framebuffer")
    func quarterTurnCopies() throws {
        let card = Self.small()
        card.planes = [
            KernelPlane(
                id: 40, crtcID: 10, possibleCRTCs: 1, isPrimary: true,
                rotation: RotationProperty(propertyID: 50, bits: ["rotate-0": 0, "rotate-90": 1, "rotate-270": 3]))
        ]
        let display = try DisplayOutput.fake(card, DisplayOptions(rotation: .degrees90))
        #expect(display.rotationHandling == .copy)
    }
}

@Suite("Closing and hotplug")
struct LifecycleTests {
    @Test("close puts the console's framebuffer and mode back and lets the card go")
    func restoresConsole() throws {
        let card = FakeCard()
        let consoleMode = card.crtcs[0].mode
        let display = try DisplayOutput.fake(card)
        try display.present(FrameTests.frame(PixelSize(width: 1920, height: 1080)) { _, _ in 5 })
        display.close()
        #expect(card.scannedOut == FakeCard.consoleFramebuffer)
        #expect(card.crtcs[0].mode == consoleMode)
        #expect(card.liveBuffers == 0)
        #expect(!card.isOpen)
        #expect(
            errorCode { try display.present(FrameTests.frame(PixelSize(width: 1, height: 1)) { _, _ in 0 }) } == .closed
        )
    }

    @Test("deinit restores too")
    func deinitRestores() throws {
        let card = FakeCard()
        do {
            _ = try DisplayOutput.fake(card)
        }
        #expect(card.scannedOut == FakeCard.consoleFramebuffer)
        #expect(!card.isOpen)
    }

    @Test("nothing plugged in at boot: dark, frames dropped, lit on hotplug")
    func waitsForConnector() throws {
        let card = FakeCard(status: .disconnected)
        let log = LogLines()
        let display = try DisplayOutput.fake(card, DisplayOptions(waitsForConnector: true), log: log)
        #expect(!display.isLit)
        #expect(display.size == nil)
        try display.present(FrameTests.frame(PixelSize(width: 4, height: 4)) { _, _ in 1 })
        #expect(card.flips.isEmpty)
        #expect(try display.reprobe() == .unchanged)
        card.plug([FakeCard.mode(1280, 1024, preferred: true)])
        #expect(try display.reprobe() == .lit(connector: "HDMI-A-1", size: PixelSize(width: 1280, height: 1024)))
        #expect(log.lines.contains { $0.contains("waiting for a display") })
    }

    @Test("unplug goes dark; replugging another monitor sets its mode")
    func unplugAndReplug() throws {
        let card = FakeCard()
        let display = try DisplayOutput.fake(card)
        #expect(try display.reprobe() == .unchanged)
        card.unplug()
        #expect(try display.reprobe() == .dark(connector: "HDMI-A-1"))
        #expect(display.size == nil)
        card.plug([FakeCard.mode(3840, 2160, preferred: true)])
        #expect(try display.reprobe() == .lit(connector: "HDMI-A-1", size: PixelSize(width: 3840, height: 2160)))
        #expect(card.liveBuffers == 2)
        display.close()
        #expect(card.scannedOut == FakeCard.consoleFramebuffer)
    }
}
