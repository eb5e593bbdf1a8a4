import KosatsuScene

/// The one way into the kernel's display objects: every DRM ioctl and libdrm call the output
/// makes goes through a value of this protocol, so tests can hand it a fake card that fails
/// where a real one might (`EACCES`, `EBUSY`, `ENOSYS`, no connector, a refused mode).
///
/// The real one is `LibDRM`. Methods take the card's file descriptor and return plain values.
protocol KernelModeSetting: AnyObject {
    func openCard(_ path: String) throws(KernelCallError) -> Int32
    func closeCard(_ fd: Int32)
    func driverName(_ fd: Int32) throws(KernelCallError) -> String
    func enableUniversalPlanes(_ fd: Int32) throws(KernelCallError)
    func setMaster(_ fd: Int32) throws(KernelCallError)
    func dropMaster(_ fd: Int32) throws(KernelCallError)

    func resources(_ fd: Int32) throws(KernelCallError) -> CardResources
    /// Probes the connector (the kernel re-reads EDID and status).
    func connector(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelConnector
    func encoder(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelEncoder
    func crtc(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelCRTC
    func planes(_ fd: Int32) throws(KernelCallError) -> [KernelPlane]
    func setPlaneProperty(_ fd: Int32, plane: UInt32, property: UInt32, value: UInt64) throws(KernelCallError)

    func createDumbBuffer(_ fd: Int32, width: Int, height: Int) throws(KernelCallError) -> DumbBufferInfo
    func mapDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo) throws(KernelCallError) -> UnsafeMutableRawPointer
    func unmapDumbBuffer(_ pointer: UnsafeMutableRawPointer, _ buffer: DumbBufferInfo)
    func destroyDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo)
    func addFramebuffer(_ fd: Int32, width: Int, height: Int, _ buffer: DumbBufferInfo) throws(KernelCallError)
        -> UInt32
    func removeFramebuffer(_ fd: Int32, id: UInt32)

    /// Legacy modeset; `framebuffer` 0 and `mode` nil turn the CRTC off.
    func setCRTC(
        _ fd: Int32, crtc: UInt32, framebuffer: UInt32, x: Int, y: Int, connectors: [UInt32], mode: DisplayMode?
    ) throws(KernelCallError)
    /// Legacy page flip with an event that carries `userData`.
    func pageFlip(_ fd: Int32, crtc: UInt32, framebuffer: UInt32, userData: UInt64) throws(KernelCallError)
    func dirtyFramebuffer(_ fd: Int32, id: UInt32, clips: [DamageRect]) throws(KernelCallError)
    /// The user data of page flips completed within `timeoutMilliseconds`; `ETIMEDOUT` if none.
    func waitForFlips(_ fd: Int32, timeoutMilliseconds: Int) throws(KernelCallError) -> [UInt64]
}

/// Atomic modesetting (`DRM_CLIENT_CAP_ATOMIC`): one commit sets a whole state. Drivers that do not
/// offer it, and fake cards that do not model it, answer `EOPNOTSUPP` and the output uses the legacy
/// calls above.
protocol AtomicModeSetting {
    func enableAtomic(_ fd: Int32) throws(KernelCallError)
    /// The property IDs of a DRM object by name ("FB_ID", "MODE_ID", "CRTC_ID").
    func propertyIDs(_ fd: Int32, object: UInt32, type: DRMObjectType) throws(KernelCallError) -> [String: UInt32]
    func createModeBlob(_ fd: Int32, mode: DisplayMode) throws(KernelCallError) -> UInt32
    /// A blob of damage rectangles (scanout coordinates) for a plane's `FB_DAMAGE_CLIPS`.
    func createDamageBlob(_ fd: Int32, rects: [DamageRect]) throws(KernelCallError) -> UInt32
    func destroyBlob(_ fd: Int32, id: UInt32)
    /// A modeset (`allowModeset`) blocks; otherwise the commit is a non-blocking flip with an event
    /// carrying `userData`.
    func atomicCommit(_ fd: Int32, _ changes: [AtomicChange], allowModeset: Bool, userData: UInt64)
        throws(KernelCallError)
}

enum DRMObjectType: Sendable, Hashable {
    case connector
    case crtc
    case plane
}

/// One property of one object in an atomic commit.
struct AtomicChange: Sendable, Hashable {
    var object: UInt32
    var property: UInt32
    var value: UInt64
}

/// A failed kernel call: which one and its errno.
struct KernelCallError: Error, Sendable, Hashable {
    var operation: String
    var errno: Int32
}

struct CardResources: Sendable, Hashable {
    var connectorIDs: [UInt32]
    var encoderIDs: [UInt32]
    var crtcIDs: [UInt32]
}

/// Whether something is plugged into a connector, as the kernel reports it.
public enum ConnectorStatus: String, Sendable, Hashable, Codable {
    case connected
    case disconnected
    case unknown
}

struct KernelConnector: Sendable, Hashable {
    var id: UInt32
    /// `DRM_MODE_CONNECTOR_*`.
    var type: UInt32
    /// The kernel's per-type index, 1-based: "HDMI-A-**2**".
    var typeIndex: UInt32
    var status: ConnectorStatus
    /// In the kernel's order (preferred modes usually first).
    var modes: [DisplayMode]
    /// The encoder driving it now, 0 for none.
    var encoderID: UInt32
    var encoderIDs: [UInt32]

    var name: String { ConnectorName.name(type: type, index: typeIndex) }
}

struct KernelEncoder: Sendable, Hashable {
    var id: UInt32
    /// The CRTC it is attached to now, 0 for none.
    var crtcID: UInt32
    /// Bit i set: the i-th CRTC of `CardResources.crtcIDs` can drive it.
    var possibleCRTCs: UInt32
}

struct KernelCRTC: Sendable, Hashable {
    var id: UInt32
    /// The framebuffer being scanned out now, 0 for none.
    var framebufferID: UInt32
    var x: Int
    var y: Int
    /// nil while the CRTC is off.
    var mode: DisplayMode?
}

struct KernelPlane: Sendable, Hashable {
    var id: UInt32
    var crtcID: UInt32
    var possibleCRTCs: UInt32
    var isPrimary: Bool
    var rotation: RotationProperty?
}

/// A plane's `rotation` property: a bitmask whose bits the kernel names ("rotate-180").
struct RotationProperty: Sendable, Hashable {
    var propertyID: UInt32
    /// Bit index by name, e.g. "rotate-180": 2.
    var bits: [String: UInt64]

    /// The property value for `rotation`, if the plane offers it. DRM counts degrees
    /// counter-clockwise and Kosatsu clockwise; 0° and 180° are the same both ways.
    func value(for rotation: Rotation) -> UInt64? {
        let name: String
        switch rotation {
        case .degrees0: name = "rotate-0"
        case .degrees90: name = "rotate-270"
        case .degrees180: name = "rotate-180"
        case .degrees270: name = "rotate-90"
        }
        guard let bit = bits[name], bit < 64 else { return nil }
        return 1 << bit
    }
}

struct DumbBufferInfo: Sendable, Hashable {
    var handle: UInt32
    /// Bytes per row as the kernel chose them: the stride to write with.
    var pitch: Int
    var size: Int
}

/// Connector names as the kernel spells them in sysfs and logs ("HDMI-A-1", "Virtual-1").
enum ConnectorName {
    static let typeNames: [String] = [
        "Unknown", "VGA", "DVI-I", "DVI-D", "DVI-A", "Composite", "SVIDEO", "LVDS", "Component", "DIN",
        "DP", "HDMI-A", "HDMI-B", "TV", "eDP", "Virtual", "DSI", "DPI", "Writeback", "SPI", "USB",
    ]

    static func name(type: UInt32, index: UInt32) -> String {
        let typeName = Int(type) < typeNames.count ? typeNames[Int(type)] : "Type\(type)"
        return "\(typeName)-\(index)"
    }
}
