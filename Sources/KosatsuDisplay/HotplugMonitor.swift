import CDRM
import Glibc

/// Tells when a display is plugged in or out: the kernel's DRM hotplug uevents, read from a
/// netlink socket (no udev needed, so it works in an initramfs too). On a change, call
/// `DisplayOutput.reprobe()`.
///
/// Not `Sendable`: one owner polls it, usually next to the `DisplayOutput`.
public final class HotplugMonitor {
    /// Readable when uevents are waiting; for callers that poll several descriptors.
    public let fileDescriptor: Int32

    public init() throws(DisplayError) {
        let fd = socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), NETLINK_KOBJECT_UEVENT)
        guard fd >= 0 else {
            throw DisplayError(.kernel, "cannot listen for hotplug events", errno: errno, operation: "socket")
        }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        // Group 1: the kernel's own uevents (udev re-broadcasts on group 2).
        address.nl_groups = 1
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        guard bound == 0 else {
            let failure = errno
            close(fd)
            throw DisplayError(.kernel, "cannot listen for hotplug events", errno: failure, operation: "bind")
        }
        fileDescriptor = fd
    }

    deinit {
        close(fileDescriptor)
    }

    /// Waits up to `timeout` for uevents; true if one of them was a DRM hotplug.
    public func waitForChange(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        var remaining = Int32(clamping: Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        var changed = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return changed }
            let length = buffer.withUnsafeMutableBytes { bytes in
                recv(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT))
            }
            if length > 0, Self.isDisplayHotplug(buffer.prefix(length)) {
                changed = true
            }
            // Drain what is queued now, then answer.
            remaining = 0
        }
    }

    /// A uevent is "ACTION@DEVPATH\0KEY=VALUE\0...": DRM hotplugs carry SUBSYSTEM=drm and HOTPLUG=1.
    static func isDisplayHotplug(_ message: some Collection<UInt8>) -> Bool {
        let fields = message.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return fields.contains("SUBSYSTEM=drm") && fields.contains("HOTPLUG=1")
    }
}
