import Glibc

/// A DRM card found in sysfs.
public struct CardCandidate: Sendable, Hashable, Codable {
    /// The device node, e.g. `/dev/dri/card0`.
    public var path: String
    /// The kernel driver bound to the card's device ("bochs-drm", "virtio_gpu", "i915"), if known.
    public var driver: String?
    /// The firmware used this card for the boot console (`boot_vga` is 1).
    public var isBootVGA: Bool
}

/// Finds the cards to try, best first: the boot VGA device, then by number. Skips `simpledrm`,
/// the firmware framebuffer that disappears once the real driver loads.
struct CardDiscovery {
    var sysfsRoot = "/sys/class/drm"
    var deviceRoot = "/dev/dri"

    func candidates() -> [CardCandidate] {
        var found: [(number: Int, card: CardCandidate)] = []
        for entry in FileSystem.directoryEntries(sysfsRoot) {
            // card0, card1 — not card0-HDMI-A-1 (connectors) nor renderD128 (render nodes).
            guard entry.hasPrefix("card"), let number = Int(entry.dropFirst(4)) else { continue }
            let device = "\(sysfsRoot)/\(entry)/device"
            let driver = FileSystem.symbolicLinkTarget("\(device)/driver").map { target in
                String(target.split(separator: "/").last ?? Substring(target))
            }
            if let driver, Self.isFirmwareFramebuffer(driver) { continue }
            let bootVGA = FileSystem.contents("\(device)/boot_vga")?.hasPrefix("1") ?? false
            found.append((number, CardCandidate(path: "\(deviceRoot)/\(entry)", driver: driver, isBootVGA: bootVGA)))
        }
        return
            found
            .sorted { lhs, rhs in
                lhs.card.isBootVGA != rhs.card.isBootVGA ? lhs.card.isBootVGA : lhs.number < rhs.number
            }
            .map(\.card)
    }

    /// simpledrm binds to the "simple-framebuffer" platform device; its DRM driver name is "simpledrm".
    static func isFirmwareFramebuffer(_ driver: String) -> Bool {
        driver == "simpledrm" || driver == "simple-framebuffer"
    }
}

/// The few file reads discovery needs, without Foundation (the display path stays small).
enum FileSystem {
    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                names.append(name)
            }
        }
        return names.sorted()
    }

    static func symbolicLinkTarget(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.baseAddress.map { readlink(path, $0, bytes.count - 1) } ?? -1
        }
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(length), as: UTF8.self)
    }

    static func contents(_ path: String, limit: Int = 4096) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        let length = buffer.withUnsafeMutableBytes { bytes in read(fd, bytes.baseAddress, bytes.count) }
        guard length >= 0 else { return nil }
        return String(decoding: buffer.prefix(length), as: UTF8.self)
    }
}
