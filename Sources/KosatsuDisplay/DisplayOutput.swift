import Glibc
public import KosatsuScene

/// The panel: a DRM card, one connector and CRTC, and two scanout buffers to page-flip between.
///
/// Not `Sendable`: it owns a file descriptor and mapped memory; keep it on one actor or thread
/// and hand it frames as plain values. `close()` (or `deinit`) puts the console back.
///
/// ```swift
/// let display = try DisplayOutput.open(DisplayOptions(rotation: .degrees90))
/// guard let size = display.size else { ... }          // nil while nothing is connected
/// try display.present(Frame(width: size.width, height: size.height, pixels: xrgb))   // damage: all
/// _ = try display.waitForFlip()                        // the frame is on screen
/// display.close()
/// ```
public final class DisplayOutput {
    /// The card in use.
    public private(set) var card: CardCandidate
    /// The connector lit now ("HDMI-A-1"), or the last one lit while dark.
    public private(set) var connectorName: String?
    /// The mode set now, in scanout orientation; nil while dark.
    public private(set) var mode: DisplayMode?
    public let rotation: Rotation
    /// Whether the display engine or the copy turns the picture.
    public private(set) var rotationHandling: RotationHandling = .none
    /// Whether a frame reaches a screen now (a connector is lit).
    public private(set) var isLit = false

    /// The size frames must have (rotation applied); nil while dark.
    public var size: PixelSize? {
        guard isLit, let mode else { return nil }
        return rotation.logicalSize(forScanout: mode.size)
    }

    private let kernel: any KernelModeSetting
    private let options: DisplayOptions
    private let sleep: (Duration) -> Void
    private var fd: Int32 = -1
    private var connectorID: UInt32 = 0
    private var crtcID: UInt32 = 0
    /// The CRTC as it was before Kosatsu took it (usually fbcon's console).
    private var savedCRTC: KernelCRTC?
    private var savedConnectors: [UInt32] = []
    private var buffers: [ScanoutBuffer] = []
    private var frontIndex = 0
    private var flipPending = false
    private var dirtyFramebufferWanted = true
    private var pageFlipWorks = true
    private var planeRotation: (plane: UInt32, property: UInt32, restore: UInt64)?
    /// Set while frames go through atomic commits; nil on the legacy path.
    private var atomic: AtomicState?
    private var atomicOffered = false

    /// Whether modesets and flips go through atomic commits (else the legacy calls).
    public var usesAtomicModesetting: Bool { atomic != nil }

    /// What an atomic flip needs: the primary plane and the property IDs, looked up once per modeset.
    private struct AtomicState {
        var kernel: any AtomicModeSetting
        var plane: UInt32
        var framebufferProperty: UInt32
        var modeBlob: UInt32
        /// The plane's `FB_DAMAGE_CLIPS`, where the driver has it: flips then say what changed.
        var damageClipsProperty: UInt32?
    }

    /// Opens the display: finds the card, becomes DRM master (retrying while another process
    /// is), picks the connector and mode, and sets the mode with a black frame.
    public static func open(_ options: DisplayOptions = DisplayOptions()) throws(DisplayError) -> DisplayOutput {
        try DisplayOutput(options: options, kernel: LibDRM(), sleep: sleepThread)
    }

    init(options: DisplayOptions, kernel: any KernelModeSetting, sleep: @escaping (Duration) -> Void)
        throws(DisplayError)
    {
        self.options = options
        self.kernel = kernel
        self.sleep = sleep
        self.rotation = options.rotation
        let cards: [CardCandidate]
        if let path = options.cardPath {
            cards = [CardCandidate(path: path, driver: nil, isBootVGA: false)]
        } else {
            cards = CardDiscovery(sysfsRoot: options.sysfsRoot, deviceRoot: options.deviceRoot).candidates()
        }
        guard let first = cards.first else {
            throw DisplayError(.noCard, "no DRM card in \(options.sysfsRoot) (is the GPU driver loaded?)")
        }
        self.card = first
        try acquire(cards)
    }

    deinit {
        close()
    }

    // MARK: - Opening

    private func acquire(_ cards: [CardCandidate]) throws(DisplayError) {
        var lastError = DisplayError(.noCard, "no usable DRM card")
        for attempt in 1...options.masterRetry.attempts {
            var anotherMaster = false
            for card in cards {
                do {
                    try acquire(card, staysDark: false)
                    return
                } catch {
                    lastError = error
                    anotherMaster = anotherMaster || error.code == .anotherMaster
                    if error.code == .permissionDenied { throw error }
                }
            }
            guard anotherMaster, attempt < options.masterRetry.attempts else { break }
            options.log(
                "kosatsu: \(lastError.message); trying again in \(options.masterRetry.delay) "
                    + "(attempt \(attempt) of \(options.masterRetry.attempts))")
            sleep(options.masterRetry.delay)
        }
        if lastError.code == .noConnector, options.waitsForConnector, let card = cards.first {
            try acquire(card, staysDark: true)
            options.log("kosatsu: \(lastError.message); waiting for a display on \(card.path)")
            return
        }
        throw lastError
    }

    private func acquire(_ card: CardCandidate, staysDark: Bool) throws(DisplayError) {
        let fd: Int32
        do {
            fd = try kernel.openCard(card.path)
        } catch {
            switch error.errno {
            case Errno.accessDenied, Errno.permission:
                throw DisplayError(
                    .permissionDenied,
                    "cannot open \(card.path): permission denied (is the user in the 'video' group?)",
                    errno: error.errno, operation: error.operation)
            case Errno.noEntry, Errno.noDevice, Errno.noDeviceOrAddress:
                throw DisplayError(.noCard, "no card at \(card.path)", errno: error.errno, operation: error.operation)
            default:
                throw Self.failure(error, "cannot open \(card.path)")
            }
        }
        var keep = false
        defer {
            if !keep { kernel.closeCard(fd) }
        }
        let driver = try? kernel.driverName(fd)
        if options.cardPath == nil, let driver, CardDiscovery.isFirmwareFramebuffer(driver) {
            throw DisplayError(.noCard, "\(card.path) is \(driver), the firmware framebuffer; skipped")
        }
        do {
            try kernel.setMaster(fd)
        } catch {
            throw Self.failure(error, "cannot become DRM master of \(card.path)")
        }
        // Universal planes show the primary plane and its rotation property; without them
        // (old kernels) the copy rotates.
        try? kernel.enableUniversalPlanes(fd)
        if options.prefersAtomic, let atomicKernel = kernel as? any AtomicModeSetting {
            atomicOffered = (try? atomicKernel.enableAtomic(fd)) != nil
        }
        self.fd = fd
        self.card = CardCandidate(path: card.path, driver: driver ?? card.driver, isBootVGA: card.isBootVGA)
        do {
            try lightUp()
        } catch {
            if staysDark, error.code == .noConnector {
                keep = true
                return
            }
            self.fd = -1
            try? kernel.dropMaster(fd)
            throw error
        }
        keep = true
    }

    /// Chooses connector, CRTC and mode, and sets the mode; the first mode the kernel accepts wins.
    private func lightUp() throws(DisplayError) {
        let resources: CardResources
        var connectors: [KernelConnector] = []
        do {
            resources = try kernel.resources(fd)
            for id in resources.connectorIDs {
                connectors.append(try kernel.connector(fd, id: id))
            }
        } catch {
            throw Self.failure(error, "cannot read the display resources of \(card.path)")
        }
        let encoders = resources.encoderIDs.compactMap { try? kernel.encoder(fd, id: $0) }
        let choices = try OutputSelection.connectors(connectors, named: options.connectorName)
        var lastError = DisplayError(.noCRTC, "no CRTC can drive \(choices.map(\.name).joined(separator: ", "))")
        for connector in choices {
            guard let crtcID = OutputSelection.crtc(for: connector, encoders: encoders, resources: resources) else {
                continue
            }
            if let request = options.mode, !connector.modes.contains(where: request.matches) {
                options.log("kosatsu: \(connector.name) does not offer \(request); using its preferred mode")
            }
            for mode in OutputSelection.modes(connector.modes, request: options.mode) {
                do {
                    try setMode(mode, connector: connector, crtcID: crtcID)
                    return
                } catch {
                    lastError = error
                    guard error.code == .modeRejected else { throw error }
                    options.log("kosatsu: \(error.description); trying the next mode")
                }
            }
        }
        throw lastError
    }

    private func setMode(_ mode: DisplayMode, connector: KernelConnector, crtcID: UInt32) throws(DisplayError) {
        if savedCRTC == nil || self.crtcID != crtcID {
            savedCRTC = try? kernel.crtc(fd, id: crtcID)
            savedConnectors = [connector.id]
        }
        if buffers.first?.size != mode.size {
            releaseBuffers()
            for _ in 0..<2 {
                buffers.append(try makeBuffer(mode.size))
            }
        }
        let logical = rotation.logicalSize(forScanout: mode.size)
        for index in buffers.indices {
            buffers[index].pendingDamage = [DamageRect(size: logical)]
        }
        // Black until the first frame; the console's last picture would look like a fault.
        buffers[0].pixels.initializeMemory(as: UInt8.self, repeating: 0, count: buffers[0].info.size)
        chooseRotationHandling(crtcID: crtcID)
        releaseAtomic()
        if atomicOffered {
            do {
                atomic = try atomicModeset(mode, connector: connector.id, crtcID: crtcID)
            } catch {
                // Some drivers offer the cap but refuse a commit the legacy call accepts.
                options.log("kosatsu: atomic modeset refused (\(Errno.name(error.errno))); using legacy modesetting")
                atomicOffered = false
            }
        }
        if atomic == nil {
            try legacyModeset(mode, connector: connector, crtcID: crtcID)
        }
        self.connectorID = connector.id
        self.connectorName = connector.name
        self.crtcID = crtcID
        self.mode = mode
        self.frontIndex = 0
        self.flipPending = false
        self.isLit = true
        options.log(
            "kosatsu: \(card.path) \(connector.name) \(mode), rotation \(rotation) by \(rotationHandling), "
                + "\(atomic == nil ? "legacy" : "atomic") modesetting")
    }

    private func legacyModeset(_ mode: DisplayMode, connector: KernelConnector, crtcID: UInt32) throws(DisplayError) {
        do {
            try kernel.setCRTC(
                fd, crtc: crtcID, framebuffer: buffers[0].framebufferID, x: 0, y: 0, connectors: [connector.id],
                mode: mode)
        } catch {
            switch error.errno {
            case Errno.invalid, Errno.range, Errno.notSupported:
                throw DisplayError(
                    .modeRejected, "\(connector.name) refused \(mode)", errno: error.errno, operation: error.operation)
            default:
                throw Self.failure(error, "cannot set \(mode) on \(connector.name)")
            }
        }
    }

    /// One commit: the connector on the CRTC, the mode, and the primary plane showing buffer 0 whole.
    private func atomicModeset(_ mode: DisplayMode, connector: UInt32, crtcID: UInt32) throws(KernelCallError)
        -> AtomicState
    {
        guard let atomicKernel = kernel as? any AtomicModeSetting else {
            throw KernelCallError(operation: "atomic", errno: Errno.notSupported)
        }
        let planes = try kernel.planes(fd)
        let crtcIndex = try kernel.resources(fd).crtcIDs.firstIndex(of: crtcID) ?? 0
        guard
            let plane = planes.first(where: {
                $0.isPrimary && ($0.crtcID == crtcID || $0.possibleCRTCs & (1 << UInt32(crtcIndex)) != 0)
            })
        else {
            throw KernelCallError(operation: "find the primary plane", errno: Errno.noEntry)
        }
        let connectorProperties = try atomicKernel.propertyIDs(fd, object: connector, type: .connector)
        let crtcProperties = try atomicKernel.propertyIDs(fd, object: crtcID, type: .crtc)
        let planeProperties = try atomicKernel.propertyIDs(fd, object: plane.id, type: .plane)
        func id(_ table: [String: UInt32], _ name: String) throws(KernelCallError) -> UInt32 {
            guard let id = table[name] else {
                throw KernelCallError(operation: "property \(name)", errno: Errno.noEntry)
            }
            return id
        }
        let size = mode.size
        // Source coordinates are 16.16 fixed point.
        var changes = [
            AtomicChange(object: connector, property: try id(connectorProperties, "CRTC_ID"), value: UInt64(crtcID)),
            AtomicChange(object: crtcID, property: try id(crtcProperties, "ACTIVE"), value: 1),
            AtomicChange(object: plane.id, property: try id(planeProperties, "CRTC_ID"), value: UInt64(crtcID)),
            AtomicChange(object: plane.id, property: try id(planeProperties, "SRC_X"), value: 0),
            AtomicChange(object: plane.id, property: try id(planeProperties, "SRC_Y"), value: 0),
            AtomicChange(object: plane.id, property: try id(planeProperties, "SRC_W"), value: UInt64(size.width) << 16),
            AtomicChange(
                object: plane.id, property: try id(planeProperties, "SRC_H"), value: UInt64(size.height) << 16),
            AtomicChange(object: plane.id, property: try id(planeProperties, "CRTC_X"), value: 0),
            AtomicChange(object: plane.id, property: try id(planeProperties, "CRTC_Y"), value: 0),
            AtomicChange(object: plane.id, property: try id(planeProperties, "CRTC_W"), value: UInt64(size.width)),
            AtomicChange(object: plane.id, property: try id(planeProperties, "CRTC_H"), value: UInt64(size.height)),
        ]
        let framebufferProperty = try id(planeProperties, "FB_ID")
        changes.append(
            AtomicChange(object: plane.id, property: framebufferProperty, value: UInt64(buffers[0].framebufferID)))
        let modeProperty = try id(crtcProperties, "MODE_ID")
        let blob = try atomicKernel.createModeBlob(fd, mode: mode)
        changes.append(AtomicChange(object: crtcID, property: modeProperty, value: UInt64(blob)))
        do {
            try atomicKernel.atomicCommit(fd, changes, allowModeset: true, userData: 0)
        } catch {
            atomicKernel.destroyBlob(fd, id: blob)
            throw error
        }
        return AtomicState(
            kernel: atomicKernel, plane: plane.id, framebufferProperty: framebufferProperty, modeBlob: blob,
            damageClipsProperty: planeProperties["FB_DAMAGE_CLIPS"])
    }

    private func releaseAtomic() {
        if let atomic {
            atomic.kernel.destroyBlob(fd, id: atomic.modeBlob)
        }
        atomic = nil
    }

    /// The plane turns the picture only for 180°: 90° and 270° would need a portrait
    /// framebuffer, and most display engines rotate only tiled buffers by 90°.
    private func chooseRotationHandling(crtcID: UInt32) {
        if let planeRotation {
            try? kernel.setPlaneProperty(
                fd, plane: planeRotation.plane, property: planeRotation.property, value: planeRotation.restore)
            self.planeRotation = nil
        }
        guard rotation != .degrees0 else {
            rotationHandling = .none
            return
        }
        rotationHandling = .copy
        guard rotation == .degrees180, let crtcIndex = (try? kernel.resources(fd))?.crtcIDs.firstIndex(of: crtcID),
            let planes = try? kernel.planes(fd),
            let plane = planes.first(where: {
                $0.isPrimary && ($0.crtcID == crtcID || $0.possibleCRTCs & (1 << UInt32(crtcIndex)) != 0)
            }),
            let property = plane.rotation, let value = property.value(for: rotation),
            let restore = property.value(for: .degrees0)
        else { return }
        do {
            try kernel.setPlaneProperty(fd, plane: plane.id, property: property.propertyID, value: value)
            planeRotation = (plane.id, property.propertyID, restore)
            rotationHandling = .plane
        } catch {
            options.log("kosatsu: the plane refused \(rotation) (\(Errno.name(error.errno))); the copy turns it")
        }
    }

    private func makeBuffer(_ size: PixelSize) throws(DisplayError) -> ScanoutBuffer {
        let info: DumbBufferInfo
        do {
            info = try kernel.createDumbBuffer(fd, width: size.width, height: size.height)
        } catch {
            throw Self.failure(error, "cannot allocate a \(size) scanout buffer")
        }
        let pixels: UnsafeMutableRawPointer
        do {
            pixels = try kernel.mapDumbBuffer(fd, info)
        } catch {
            kernel.destroyDumbBuffer(fd, info)
            throw Self.failure(error, "cannot map a \(size) scanout buffer")
        }
        do {
            let framebufferID = try kernel.addFramebuffer(fd, width: size.width, height: size.height, info)
            return ScanoutBuffer(
                info: info, framebufferID: framebufferID, pixels: pixels, size: size, pendingDamage: [])
        } catch {
            kernel.unmapDumbBuffer(pixels, info)
            kernel.destroyDumbBuffer(fd, info)
            throw Self.failure(error, "cannot make a framebuffer of \(size)")
        }
    }

    private func releaseBuffers() {
        for buffer in buffers {
            kernel.removeFramebuffer(fd, id: buffer.framebufferID)
            kernel.unmapDumbBuffer(buffer.pixels, buffer.info)
            kernel.destroyDumbBuffer(fd, buffer.info)
        }
        buffers = []
    }

    // MARK: - Frames

    /// Shows a frame: copies its damage into the back buffer and flips to it. Returns once the
    /// flip is queued; `waitForFlip()` tells when it is on screen. A dark output drops frames
    /// (present the whole frame again after `reprobe()` returns `.lit`). `damage` lists what changed
    /// since the previous frame; empty means everything.
    public func present(_ frame: Frame, damage: [DamageRect] = []) throws(DisplayError) {
        guard frame.pixels.count == frame.width * frame.height else {
            throw DisplayError(
                .invalidFrame, "frame of \(frame.width)x\(frame.height) has \(frame.pixels.count) pixels")
        }
        let result: Result<Void, DisplayError> = frame.pixels.withUnsafeBytes { bytes in
            do throws(DisplayError) {
                try present(
                    pixels: bytes, width: frame.width, height: frame.height, stride: frame.width * 4, damage: damage)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Shows a frame from memory the caller owns (a Cairo image surface's data, say), without copying it first.
    public func present(
        pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, damage: [DamageRect] = []
    ) throws(DisplayError) {
        guard fd >= 0 else { throw DisplayError(.closed, "the display output is closed") }
        guard isLit, let logical = size else { return }
        guard width == logical.width, height == logical.height else {
            throw DisplayError(.invalidFrame, "frame is \(width)x\(height), the output takes \(logical)")
        }
        guard stride >= width * 4, let source = pixels.baseAddress,
            pixels.count >= Self.bytesNeeded(width, height, stride)
        else {
            throw DisplayError(.invalidFrame, "frame of \(width)x\(height) with stride \(stride) is too short")
        }
        if flipPending, !(try waitForFlip()) {
            // The flip may still complete; the next page flip answers EBUSY and is retried.
            options.log("kosatsu: no page-flip event within a second on \(connectorName ?? card.path)")
            flipPending = false
        }
        let back = 1 - frontIndex
        var rects = damage.map { $0.clipped(to: logical) }.filter { !$0.isEmpty }
        if damage.isEmpty { rects = [DamageRect(size: logical)] }
        for index in buffers.indices {
            buffers[index].addDamage(rects, logical: logical)
        }
        let copied = buffers[back].pendingDamage
        let copyRotation = rotationHandling == .copy ? rotation : .degrees0
        for rect in copied {
            PixelCopy.copy(
                rect, logical: logical, rotation: copyRotation, from: source, sourceStride: stride,
                to: buffers[back].pixels, destinationStride: buffers[back].stride)
        }
        buffers[back].pendingDamage = []
        let scanoutDamage = copied.map { copyRotation.scanoutRect($0, logical: logical) }
        if atomic?.damageClipsProperty == nil { markDirty(buffers[back], scanoutDamage) }
        try flip(to: back, damage: scanoutDamage)
    }

    /// Waits until the last flip is on screen. Returns false if no event came within `timeout`.
    @discardableResult
    public func waitForFlip(timeout: Duration = .seconds(1)) throws(DisplayError) -> Bool {
        guard flipPending else { return true }
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        do {
            let completed = try kernel.waitForFlips(fd, timeoutMilliseconds: milliseconds)
            if !completed.isEmpty { flipPending = false }
            return !flipPending
        } catch {
            if error.errno == Errno.timedOut { return false }
            throw Self.failure(error, "cannot read page-flip events")
        }
    }

    private func markDirty(_ buffer: ScanoutBuffer, _ rects: [DamageRect]) {
        guard dirtyFramebufferWanted else { return }
        do {
            try kernel.dirtyFramebuffer(fd, id: buffer.framebufferID, clips: rects)
        } catch {
            // Drivers that scan out memory directly have no dirty hook: ENOSYS is the normal answer.
            dirtyFramebufferWanted = false
            if error.errno != Errno.notImplemented && error.errno != Errno.notSupported {
                options.log("kosatsu: DirtyFB failed (\(Errno.name(error.errno))); not calling it again")
            }
        }
    }

    /// Flips to buffer `index`; `damage` (scanout coordinates) is what was copied into it, sent as the
    /// plane's `FB_DAMAGE_CLIPS` where the driver has them, so it uploads only that. Each buffer's damage
    /// covers what changed since that buffer was last shown, which is right whether the driver keeps
    /// one copy per framebuffer or reads the framebuffer whole.
    private func flip(to index: Int, damage: [DamageRect]) throws(DisplayError) {
        let framebufferID = buffers[index].framebufferID
        if let atomic {
            var changes = [
                AtomicChange(object: atomic.plane, property: atomic.framebufferProperty, value: UInt64(framebufferID))
            ]
            var damageBlob: UInt32?
            if let property = atomic.damageClipsProperty, !damage.isEmpty,
                let blob = try? atomic.kernel.createDamageBlob(fd, rects: damage)
            {
                damageBlob = blob
                changes.append(AtomicChange(object: atomic.plane, property: property, value: UInt64(blob)))
            }
            // The kernel keeps its own reference to the blob for the commit.
            defer { if let damageBlob { atomic.kernel.destroyBlob(fd, id: damageBlob) } }
            for attempt in 0..<2 {
                do {
                    try atomic.kernel.atomicCommit(fd, changes, allowModeset: false, userData: UInt64(index))
                    flipPending = true
                    frontIndex = index
                    return
                } catch {
                    if error.errno == Errno.busy, attempt == 0 {
                        flipPending = true
                        _ = try waitForFlip()
                        flipPending = false
                        continue
                    }
                    options.log(
                        "kosatsu: atomic flip failed (\(Errno.name(error.errno))); using legacy page flips")
                    releaseAtomic()
                    atomicOffered = false
                    break
                }
            }
        }
        if pageFlipWorks {
            for attempt in 0..<2 {
                do {
                    try kernel.pageFlip(fd, crtc: crtcID, framebuffer: framebufferID, userData: UInt64(index))
                    flipPending = true
                    frontIndex = index
                    return
                } catch {
                    switch error.errno {
                    case Errno.busy where attempt == 0:
                        // A flip is still queued: wait for its event and try once more.
                        flipPending = true
                        _ = try waitForFlip()
                        flipPending = false
                    case Errno.invalid, Errno.notImplemented, Errno.notSupported:
                        options.log(
                            "kosatsu: page flip unsupported (\(Errno.name(error.errno))); setting the CRTC instead")
                        pageFlipWorks = false
                    default:
                        throw Self.failure(error, "cannot flip to the next frame")
                    }
                }
                if !pageFlipWorks { break }
            }
        }
        do {
            try kernel.setCRTC(
                fd, crtc: crtcID, framebuffer: framebufferID, x: 0, y: 0, connectors: [connectorID], mode: mode)
            frontIndex = index
        } catch {
            throw Self.failure(error, "cannot show the next frame")
        }
    }

    // MARK: - Hotplug

    /// What `reprobe()` found.
    public enum Change: Sendable, Hashable {
        case unchanged
        /// A display is lit now (newly connected, or a different mode): present a whole frame of `size`.
        case lit(connector: String, size: PixelSize)
        /// The display went away; frames are dropped until it is back.
        case dark(connector: String)
    }

    /// Looks at the connectors again (call it on a DRM hotplug uevent, or now and then).
    public func reprobe() throws(DisplayError) -> Change {
        guard fd >= 0 else { throw DisplayError(.closed, "the display output is closed") }
        if isLit {
            let connector: KernelConnector
            do {
                connector = try kernel.connector(fd, id: connectorID)
            } catch {
                throw Self.failure(error, "cannot probe \(connectorName ?? "the connector")")
            }
            if connector.status == .disconnected {
                isLit = false
                flipPending = false
                return .dark(connector: connector.name)
            }
            if let mode, connector.modes.contains(mode) {
                return .unchanged
            }
            // Another monitor on the same connector: choose its mode afresh.
            isLit = false
        }
        do {
            try lightUp()
        } catch {
            if error.code == .noConnector { return .unchanged }
            throw error
        }
        guard let size, let connectorName else { return .unchanged }
        return .lit(connector: connectorName, size: size)
    }

    // MARK: - Closing

    /// Puts back what was on the CRTC before (the console), frees the buffers and the card.
    public func close() {
        guard fd >= 0 else { return }
        if flipPending {
            _ = try? waitForFlip(timeout: .milliseconds(200))
        }
        if let planeRotation {
            try? kernel.setPlaneProperty(
                fd, plane: planeRotation.plane, property: planeRotation.property, value: planeRotation.restore)
            self.planeRotation = nil
        }
        if let saved = savedCRTC {
            if let savedMode = saved.mode, saved.framebufferID != 0 {
                try? kernel.setCRTC(
                    fd, crtc: saved.id, framebuffer: saved.framebufferID, x: saved.x, y: saved.y,
                    connectors: savedConnectors, mode: savedMode)
            } else {
                try? kernel.setCRTC(fd, crtc: saved.id, framebuffer: 0, x: 0, y: 0, connectors: [], mode: nil)
            }
        }
        releaseAtomic()
        releaseBuffers()
        try? kernel.dropMaster(fd)
        kernel.closeCard(fd)
        fd = -1
        isLit = false
    }

    // MARK: - Helpers

    private static func bytesNeeded(_ width: Int, _ height: Int, _ stride: Int) -> Int {
        guard width > 0, height > 0 else { return 0 }
        return stride * (height - 1) + width * 4
    }

    /// Turns a failed call into the error a caller can act on.
    static func failure(_ error: KernelCallError, _ context: String) -> DisplayError {
        switch error.errno {
        case Errno.accessDenied, Errno.busy, Errno.permission:
            return DisplayError(
                .anotherMaster, "\(context): another process is DRM master (a compositor, another kosatsu?)",
                errno: error.errno, operation: error.operation)
        default:
            return DisplayError(.kernel, context, errno: error.errno, operation: error.operation)
        }
    }
}
