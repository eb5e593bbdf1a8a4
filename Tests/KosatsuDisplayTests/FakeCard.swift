import KosatsuScene
import Synchronization

@testable import KosatsuDisplay

/// A DRM card in memory: answers the display output's kernel calls the way bochs or a real
/// panel would, and fails any of them on demand.
final class FakeCard: KernelModeSetting {
    static let path = "/dev/dri/card0"
    static let fd: Int32 = 42

    var driver = "bochs-drm"
    var connectors: [KernelConnector]
    var encoders: [KernelEncoder]
    var crtcs: [KernelCRTC]
    var planes: [KernelPlane] = []
    /// Errnos to fail calls with, by operation, one per call ("setMaster": [EBUSY, EBUSY]).
    var failures: [String: [Int32]] = [:]
    /// Modes the kernel refuses with EINVAL, by name.
    var refusedModes: Set<String> = []
    /// Extra bytes per row, as drivers that align pitches add.
    var pitchPadding = 64

    /// Whether the card takes `DRM_CLIENT_CAP_ATOMIC` (FakeAtomicCard.swift).
    var offersAtomic = false
    var atomicCommits: [(changes: [AtomicChange], modeset: Bool)] = []
    var modeBlobs: [UInt32: DisplayMode] = [:]
    var destroyedBlobs: [UInt32] = []
    /// Whether the primary plane has `FB_DAMAGE_CLIPS` (virtio-gpu does; bochs does not).
    var offersDamageClips = false
    var damageBlobs: [UInt32: [DamageRect]] = [:]
    /// The damage rectangles sent with each atomic flip that carried some.
    var committedDamage: [[DamageRect]] = []

    var calls: [String] = []
    var modesets: [(crtc: UInt32, framebuffer: UInt32, mode: DisplayMode?)] = []
    var flips: [UInt32] = []
    private(set) var dirtyRects: [[DamageRect]] = []
    private(set) var planeProperties: [(plane: UInt32, property: UInt32, value: UInt64)] = []
    private(set) var isOpen = false
    private(set) var isMaster = false
    var pendingFlip: UInt64?
    private var nextHandle: UInt32 = 1
    private var nextFramebuffer: UInt32 = 100
    private var framebuffers: [UInt32: (buffer: DumbBufferInfo, width: Int, height: Int)] = [:]
    private var memory: [UInt32: UnsafeMutableRawPointer] = [:]
    private(set) var liveBuffers = 0

    /// The framebuffer fbcon shows before Kosatsu starts.
    static let consoleFramebuffer: UInt32 = 7

    init(
        modes: [DisplayMode] = [FakeCard.mode(1920, 1080, preferred: true), FakeCard.mode(1280, 720)],
        status: ConnectorStatus = .connected
    ) {
        connectors = [
            KernelConnector(
                id: 30, type: 11, typeIndex: 1, status: status, modes: status == .disconnected ? [] : modes,
                encoderID: 20, encoderIDs: [20]),
            KernelConnector(
                id: 31, type: 10, typeIndex: 1, status: .disconnected, modes: [], encoderID: 0,
                encoderIDs: [21]),
        ]
        encoders = [
            KernelEncoder(id: 20, crtcID: 10, possibleCRTCs: 0b01),
            KernelEncoder(id: 21, crtcID: 0, possibleCRTCs: 0b11),
        ]
        crtcs = [
            KernelCRTC(id: 10, framebufferID: Self.consoleFramebuffer, x: 0, y: 0, mode: modes.first),
            KernelCRTC(id: 11, framebufferID: 0, x: 0, y: 0, mode: nil),
        ]
    }

    static func mode(_ width: Int, _ height: Int, hertz: Int = 60, preferred: Bool = false) -> DisplayMode {
        let htotal = width + 160
        let vtotal = height + 40
        let timing = ModeTiming(
            clock: UInt32(htotal * vtotal * hertz / 1000), hdisplay: UInt16(width), hsyncStart: UInt16(width + 48),
            hsyncEnd: UInt16(width + 80), htotal: UInt16(htotal), vdisplay: UInt16(height),
            vsyncStart: UInt16(height + 3), vsyncEnd: UInt16(height + 8), vtotal: UInt16(vtotal),
            vrefresh: UInt32(hertz), type: preferred ? 1 << 3 : 0)
        return DisplayMode(name: "\(width)x\(height)", timing: timing, isPreferred: preferred)
    }

    deinit {
        for pointer in memory.values { pointer.deallocate() }
    }

    // MARK: - What is on screen

    /// The framebuffer the CRTC scans out now.
    var scannedOut: UInt32 {
        crtcs[0].framebufferID
    }

    /// The pixels of a framebuffer, row by row without the pitch padding.
    func pixels(of framebuffer: UInt32) -> [UInt32] {
        guard let entry = framebuffers[framebuffer], let base = memory[entry.buffer.handle] else { return [] }
        var result: [UInt32] = []
        for y in 0..<entry.height {
            for x in 0..<entry.width {
                result.append(base.load(fromByteOffset: y * entry.buffer.pitch + x * 4, as: UInt32.self))
            }
        }
        return result
    }

    func plug(_ modes: [DisplayMode]) {
        connectors[0].status = .connected
        connectors[0].modes = modes
    }

    func unplug() {
        connectors[0].status = .disconnected
        connectors[0].modes = []
    }

    // MARK: - KernelModeSetting

    func record(_ operation: String) throws(KernelCallError) {
        calls.append(operation)
        if var queue = failures[operation], !queue.isEmpty {
            let errno = queue.removeFirst()
            failures[operation] = queue
            throw KernelCallError(operation: operation, errno: errno)
        }
    }

    func openCard(_ path: String) throws(KernelCallError) -> Int32 {
        try record("open")
        guard path == Self.path else { throw KernelCallError(operation: "open", errno: Errno.noEntry) }
        isOpen = true
        return Self.fd
    }

    func closeCard(_ fd: Int32) {
        calls.append("close")
        isOpen = false
        isMaster = false
    }

    func driverName(_ fd: Int32) throws(KernelCallError) -> String {
        try record("driverName")
        return driver
    }

    func enableUniversalPlanes(_ fd: Int32) throws(KernelCallError) {
        try record("enableUniversalPlanes")
    }

    func setMaster(_ fd: Int32) throws(KernelCallError) {
        try record("setMaster")
        isMaster = true
    }

    func dropMaster(_ fd: Int32) throws(KernelCallError) {
        try record("dropMaster")
        isMaster = false
    }

    func resources(_ fd: Int32) throws(KernelCallError) -> CardResources {
        try record("resources")
        return CardResources(
            connectorIDs: connectors.map(\.id), encoderIDs: encoders.map(\.id), crtcIDs: crtcs.map(\.id))
    }

    func connector(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelConnector {
        try record("connector")
        guard let connector = connectors.first(where: { $0.id == id }) else {
            throw KernelCallError(operation: "connector", errno: Errno.noEntry)
        }
        return connector
    }

    func encoder(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelEncoder {
        try record("encoder")
        guard let encoder = encoders.first(where: { $0.id == id }) else {
            throw KernelCallError(operation: "encoder", errno: Errno.noEntry)
        }
        return encoder
    }

    func crtc(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelCRTC {
        try record("crtc")
        guard let crtc = crtcs.first(where: { $0.id == id }) else {
            throw KernelCallError(operation: "crtc", errno: Errno.noEntry)
        }
        return crtc
    }

    func planes(_ fd: Int32) throws(KernelCallError) -> [KernelPlane] {
        try record("planes")
        return planes
    }

    func setPlaneProperty(_ fd: Int32, plane: UInt32, property: UInt32, value: UInt64) throws(KernelCallError) {
        try record("setPlaneProperty")
        planeProperties.append((plane, property, value))
    }

    func createDumbBuffer(_ fd: Int32, width: Int, height: Int) throws(KernelCallError) -> DumbBufferInfo {
        try record("createDumbBuffer")
        let pitch = width * 4 + pitchPadding
        let handle = nextHandle
        nextHandle += 1
        liveBuffers += 1
        return DumbBufferInfo(handle: handle, pitch: pitch, size: pitch * height)
    }

    func mapDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo) throws(KernelCallError) -> UnsafeMutableRawPointer {
        try record("mapDumbBuffer")
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: buffer.size, alignment: 64)
        // Dumb buffers arrive with old contents on some drivers: never rely on zeroes.
        pointer.initializeMemory(as: UInt8.self, repeating: 0xA5, count: buffer.size)
        memory[buffer.handle] = pointer
        return pointer
    }

    func unmapDumbBuffer(_ pointer: UnsafeMutableRawPointer, _ buffer: DumbBufferInfo) {
        calls.append("unmapDumbBuffer")
    }

    func destroyDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo) {
        calls.append("destroyDumbBuffer")
        liveBuffers -= 1
    }

    func addFramebuffer(_ fd: Int32, width: Int, height: Int, _ buffer: DumbBufferInfo) throws(KernelCallError)
        -> UInt32
    {
        try record("addFramebuffer")
        let id = nextFramebuffer
        nextFramebuffer += 1
        framebuffers[id] = (buffer, width, height)
        return id
    }

    func removeFramebuffer(_ fd: Int32, id: UInt32) {
        calls.append("removeFramebuffer")
    }

    func setCRTC(
        _ fd: Int32, crtc: UInt32, framebuffer: UInt32, x: Int, y: Int, connectors: [UInt32], mode: DisplayMode?
    ) throws(KernelCallError) {
        try record("setCRTC")
        guard isMaster else { throw KernelCallError(operation: "setCRTC", errno: Errno.accessDenied) }
        if let mode, refusedModes.contains(mode.name) {
            throw KernelCallError(operation: "setCRTC", errno: Errno.invalid)
        }
        modesets.append((crtc, framebuffer, mode))
        if let index = crtcs.firstIndex(where: { $0.id == crtc }) {
            crtcs[index].framebufferID = framebuffer
            crtcs[index].mode = mode
        }
    }

    func pageFlip(_ fd: Int32, crtc: UInt32, framebuffer: UInt32, userData: UInt64) throws(KernelCallError) {
        try record("pageFlip")
        guard pendingFlip == nil else { throw KernelCallError(operation: "pageFlip", errno: Errno.busy) }
        flips.append(framebuffer)
        if let index = crtcs.firstIndex(where: { $0.id == crtc }) {
            crtcs[index].framebufferID = framebuffer
        }
        pendingFlip = userData
    }

    func dirtyFramebuffer(_ fd: Int32, id: UInt32, clips: [DamageRect]) throws(KernelCallError) {
        try record("dirtyFramebuffer")
        dirtyRects.append(clips)
    }

    func waitForFlips(_ fd: Int32, timeoutMilliseconds: Int) throws(KernelCallError) -> [UInt64] {
        try record("waitForFlips")
        guard let pending = pendingFlip else {
            throw KernelCallError(operation: "waitForFlips", errno: Errno.timedOut)
        }
        pendingFlip = nil
        return [pending]
    }
}

extension DisplayOutput {
    /// An output over a fake card, with no real sleeping and the log collected.
    static func fake(
        _ card: FakeCard, _ options: DisplayOptions = DisplayOptions(), log: LogLines = LogLines()
    ) throws(DisplayError) -> DisplayOutput {
        var options = options
        options.cardPath = options.cardPath ?? FakeCard.path
        options.log = { line in log.append(line) }
        return try DisplayOutput(options: options, kernel: card, sleep: { _ in log.append("(slept)") })
    }
}

/// Log lines, collected from a `@Sendable` closure.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    var lines: [String] { storage.withLock { $0 } }
}

/// The code of the error `body` throws, or nil if it throws none.
func errorCode(_ body: () throws -> Void) -> DisplayError.Code? {
    do {
        try body()
        return nil
    } catch let error as DisplayError {
        return error.code
    } catch {
        return DisplayError.Code(name: "not a DisplayError: \(error)")
    }
}
