import Foundation
import KosatsuScene
import Testing

@testable import KosatsuDisplay

@Suite("Choosing card, mode and names")
struct SelectionTests {
    @Test(
        "mode strings",
        arguments: [
            ("1920x1080", ModeRequest(width: 1920, height: 1080)),
            ("3840x2160@30", ModeRequest(width: 3840, height: 2160, refreshRate: 30)),
            ("1280x720@59.94", ModeRequest(width: 1280, height: 720, refreshRate: 59.94)),
        ])
    func parsesModes(text: String, expected: ModeRequest) throws {
        #expect(try ModeRequest(parsing: text) == expected)
    }

    @Test("bad mode strings", arguments: ["1920", "x1080", "1920x1080@", "axb", "1920x1080@fast", "0x0"])
    func rejectsModes(text: String) {
        #expect(errorCode { _ = try ModeRequest(parsing: text) } == .invalidOption)
    }

    @Test("connector names as the kernel spells them")
    func connectorNames() {
        #expect(ConnectorName.name(type: 11, index: 1) == "HDMI-A-1")
        #expect(ConnectorName.name(type: 15, index: 1) == "Virtual-1")
        #expect(ConnectorName.name(type: 14, index: 2) == "eDP-2")
        #expect(ConnectorName.name(type: 99, index: 1) == "Type99-1")
    }

    @Test("refresh rate from the pixel clock")
    func refreshRate() {
        #expect(FakeCard.mode(1920, 1080, hertz: 60).refreshMillihertz == 60_000)
        let cea = ModeTiming(
            clock: 148_500, hdisplay: 1920, hsyncStart: 2008, hsyncEnd: 2052, htotal: 2200, vdisplay: 1080,
            vsyncStart: 1084, vsyncEnd: 1089, vtotal: 1125, vrefresh: 60)
        #expect(cea.refreshMillihertz == 60_000)
    }

    @Test("cards: boot VGA first, simpledrm, connectors and render nodes skipped")
    func discovery() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-sysfs-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func card(_ name: String, driver: String, bootVGA: String?) throws {
            let device = "\(root)/class/drm/\(name)/device"
            try FileManager.default.createDirectory(atPath: device, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: "\(root)/bus/drivers/\(driver)", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: "\(device)/driver", withDestinationPath: "\(root)/bus/drivers/\(driver)")
            if let bootVGA {
                try bootVGA.write(toFile: "\(device)/boot_vga", atomically: true, encoding: .utf8)
            }
        }
        try card("card0", driver: "simple-framebuffer", bootVGA: nil)
        try card("card1", driver: "amdgpu", bootVGA: "0\n")
        try card("card2", driver: "i915", bootVGA: "1\n")
        try FileManager.default.createDirectory(
            atPath: "\(root)/class/drm/card2-HDMI-A-1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(root)/class/drm/renderD128", withIntermediateDirectories: true)
        let found = CardDiscovery(sysfsRoot: "\(root)/class/drm", deviceRoot: "/dev/dri").candidates()
        #expect(found.map(\.path) == ["/dev/dri/card2", "/dev/dri/card1"])
        #expect(found.first?.driver == "i915")
        #expect(found.first?.isBootVGA == true)
    }

    @Test("inventory lists cards, connectors, modes and CRTCs, as JSON too")
    func inventory() throws {
        let card = FakeCard()
        let inventory = DisplayOutput.inventory(DisplayOptions(cardPath: FakeCard.path), kernel: card)
        let first = try #require(inventory.cards.first)
        #expect(first.driver == "bochs-drm")
        #expect(first.connectors.map(\.name) == ["HDMI-A-1", "DP-1"])
        #expect(first.connectors[0].status == .connected)
        #expect(first.connectors[0].preferredMode?.width == 1920)
        #expect(first.connectors[0].crtcID == 10)
        #expect(first.crtcs.first?.framebufferID == FakeCard.consoleFramebuffer)
        #expect(!card.calls.contains("setMaster"))
        let json = try JSONEncoder().encode(inventory)
        #expect(try JSONDecoder().decode(OutputInventory.self, from: json) == inventory)
        #expect(String(decoding: json, as: UTF8.self).contains("\"status\":\"connected\""))
        #expect(inventory.description.contains("HDMI-A-1 connected on CRTC 10"))
    }

    @Test("an unreadable card shows up with its error")
    func inventoryError() {
        let card = FakeCard()
        card.failures["open"] = [Errno.accessDenied]
        let inventory = DisplayOutput.inventory(DisplayOptions(cardPath: FakeCard.path), kernel: card)
        #expect(inventory.cards.first?.error?.contains("EACCES") == true)
    }

    @Test("rotated damage lands where the copied pixels land", arguments: Rotation.allCases)
    func damageFollowsRotation(rotation: Rotation) {
        let logical = PixelSize(width: 7, height: 5)
        let rect = DamageRect(x: 2, y: 1, width: 3, height: 2)
        let turned = rotation.scanoutRect(rect, logical: logical)
        var points: [DamageRect] = []
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) {
                let (sx, sy) = PixelCopy.scanoutPoint(x: x, y: y, logical: logical, rotation: rotation)
                points.append(DamageRect(x: sx, y: sy, width: 1, height: 1))
            }
        }
        #expect(points.allSatisfy { turned.contains($0) })
        #expect(turned.width * turned.height == points.count)
    }
}

@Suite("Hotplug events")
struct HotplugTests {
    static func uevent(_ fields: [String]) -> [UInt8] {
        fields.flatMap { Array($0.utf8) + [0] }
    }

    @Test("a DRM hotplug uevent is a change; other uevents are not")
    func recognisesHotplug() {
        #expect(
            HotplugMonitor.isDisplayHotplug(
                Self.uevent([
                    "change@/devices/pci0000:00/0000:00:02.0/drm/card0", "ACTION=change", "SUBSYSTEM=drm",
                    "HOTPLUG=1", "DEVNAME=dri/card0",
                ])))
        #expect(
            !HotplugMonitor.isDisplayHotplug(
                Self.uevent(["add@/devices/virtual/net/lo", "ACTION=add", "SUBSYSTEM=net"])))
        #expect(
            !HotplugMonitor.isDisplayHotplug(
                Self.uevent(["add@/devices/drm/card0", "ACTION=add", "SUBSYSTEM=drm"])))
    }

    @Test("the monitor opens and times out quietly")
    func opens() throws {
        let monitor = try HotplugMonitor()
        #expect(monitor.fileDescriptor >= 0)
        _ = monitor.waitForChange(timeout: .milliseconds(10))
    }
}
