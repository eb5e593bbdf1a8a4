import CDRM
import Glibc
import KosatsuScene

/// The real kernel, through libdrm (the `CDRM` shim).
final class LibDRM: KernelModeSetting, AtomicModeSetting {
    init() {}

    private func check(_ status: Int32, _ operation: String) throws(KernelCallError) {
        if status != 0 {
            throw KernelCallError(operation: operation, errno: status)
        }
    }

    func openCard(_ path: String) throws(KernelCallError) -> Int32 {
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        if fd < 0 {
            throw KernelCallError(operation: "open \(path)", errno: Glibc.errno)
        }
        return fd
    }

    func closeCard(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    func driverName(_ fd: Int32) throws(KernelCallError) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let status = cdrm_driver_name(fd, &buffer, buffer.count)
        try check(status, "drmGetVersion")
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func enableUniversalPlanes(_ fd: Int32) throws(KernelCallError) {
        try check(cdrm_set_client_cap(fd, cdrm_client_cap_universal_planes(), 1), "drmSetClientCap(UNIVERSAL_PLANES)")
    }

    func setMaster(_ fd: Int32) throws(KernelCallError) {
        try check(cdrm_set_master(fd), "drmSetMaster")
    }

    func dropMaster(_ fd: Int32) throws(KernelCallError) {
        try check(cdrm_drop_master(fd), "drmDropMaster")
    }

    func resources(_ fd: Int32) throws(KernelCallError) -> CardResources {
        Glibc.errno = 0
        guard let pointer = drmModeGetResources(fd) else {
            throw KernelCallError(operation: "drmModeGetResources", errno: nonZeroErrno())
        }
        defer { drmModeFreeResources(pointer) }
        let resources = pointer.pointee
        return CardResources(
            connectorIDs: Self.array(resources.connectors, resources.count_connectors),
            encoderIDs: Self.array(resources.encoders, resources.count_encoders),
            crtcIDs: Self.array(resources.crtcs, resources.count_crtcs))
    }

    func connector(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelConnector {
        Glibc.errno = 0
        guard let pointer = drmModeGetConnector(fd, id) else {
            throw KernelCallError(operation: "drmModeGetConnector", errno: nonZeroErrno())
        }
        defer { drmModeFreeConnector(pointer) }
        let connector = pointer.pointee
        let status: ConnectorStatus
        switch connector.connection {
        case DRM_MODE_CONNECTED: status = .connected
        case DRM_MODE_DISCONNECTED: status = .disconnected
        default: status = .unknown
        }
        var modes: [DisplayMode] = []
        if let modeInfos = connector.modes, connector.count_modes > 0 {
            for index in 0..<Int(connector.count_modes) {
                modes.append(Self.mode(modeInfos[index]))
            }
        }
        return KernelConnector(
            id: connector.connector_id, type: connector.connector_type, typeIndex: connector.connector_type_id,
            status: status, modes: modes, encoderID: connector.encoder_id,
            encoderIDs: Self.array(connector.encoders, connector.count_encoders))
    }

    func encoder(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelEncoder {
        Glibc.errno = 0
        guard let pointer = drmModeGetEncoder(fd, id) else {
            throw KernelCallError(operation: "drmModeGetEncoder", errno: nonZeroErrno())
        }
        defer { drmModeFreeEncoder(pointer) }
        let encoder = pointer.pointee
        return KernelEncoder(id: encoder.encoder_id, crtcID: encoder.crtc_id, possibleCRTCs: encoder.possible_crtcs)
    }

    func crtc(_ fd: Int32, id: UInt32) throws(KernelCallError) -> KernelCRTC {
        Glibc.errno = 0
        guard let pointer = drmModeGetCrtc(fd, id) else {
            throw KernelCallError(operation: "drmModeGetCrtc", errno: nonZeroErrno())
        }
        defer { drmModeFreeCrtc(pointer) }
        let crtc = pointer.pointee
        return KernelCRTC(
            id: crtc.crtc_id, framebufferID: crtc.buffer_id, x: Int(crtc.x), y: Int(crtc.y),
            mode: crtc.mode_valid != 0 ? Self.mode(crtc.mode) : nil)
    }

    func planes(_ fd: Int32) throws(KernelCallError) -> [KernelPlane] {
        Glibc.errno = 0
        guard let resources = drmModeGetPlaneResources(fd) else {
            throw KernelCallError(operation: "drmModeGetPlaneResources", errno: nonZeroErrno())
        }
        defer { drmModeFreePlaneResources(resources) }
        var planes: [KernelPlane] = []
        for planeID in Self.array(resources.pointee.planes, resources.pointee.count_planes) {
            guard let plane = drmModeGetPlane(fd, planeID) else { continue }
            defer { drmModeFreePlane(plane) }
            var isPrimary = false
            var rotation: RotationProperty?
            if let properties = drmModeObjectGetProperties(fd, planeID, cdrm_object_plane()) {
                defer { drmModeFreeObjectProperties(properties) }
                let ids = Self.array(properties.pointee.props, properties.pointee.count_props)
                let values = Self.array(properties.pointee.prop_values, properties.pointee.count_props)
                for (propertyID, value) in zip(ids, values) {
                    guard let property = drmModeGetProperty(fd, propertyID) else { continue }
                    defer { drmModeFreeProperty(property) }
                    let name = Self.string(property.pointee.name)
                    if name == "type" {
                        // DRM_PLANE_TYPE_PRIMARY
                        isPrimary = value == 1
                    } else if name == "rotation", property.pointee.flags & cdrm_prop_enum_or_bitmask() != 0 {
                        var bits: [String: UInt64] = [:]
                        if let entries = property.pointee.enums {
                            for index in 0..<Int(property.pointee.count_enums) {
                                bits[Self.string(entries[index].name)] = entries[index].value
                            }
                        }
                        rotation = RotationProperty(propertyID: propertyID, bits: bits)
                    }
                }
            }
            planes.append(
                KernelPlane(
                    id: planeID, crtcID: plane.pointee.crtc_id, possibleCRTCs: plane.pointee.possible_crtcs,
                    isPrimary: isPrimary, rotation: rotation))
        }
        return planes
    }

    func setPlaneProperty(_ fd: Int32, plane: UInt32, property: UInt32, value: UInt64) throws(KernelCallError) {
        try check(
            cdrm_set_object_property(fd, plane, cdrm_object_plane(), property, value), "drmModeObjectSetProperty")
    }

    func createDumbBuffer(_ fd: Int32, width: Int, height: Int) throws(KernelCallError) -> DumbBufferInfo {
        var handle: UInt32 = 0
        var pitch: UInt32 = 0
        var size: UInt64 = 0
        try check(
            cdrm_create_dumb(fd, UInt32(width), UInt32(height), 32, &handle, &pitch, &size),
            "DRM_IOCTL_MODE_CREATE_DUMB")
        return DumbBufferInfo(handle: handle, pitch: Int(pitch), size: Int(size))
    }

    func mapDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo) throws(KernelCallError) -> UnsafeMutableRawPointer {
        var offset: UInt64 = 0
        try check(cdrm_map_dumb(fd, buffer.handle, &offset), "DRM_IOCTL_MODE_MAP_DUMB")
        let pointer = mmap(nil, buffer.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        // MAP_FAILED is ((void *)-1), a macro Swift does not import.
        guard let pointer, Int(bitPattern: pointer) != -1 else {
            throw KernelCallError(operation: "mmap", errno: Glibc.errno)
        }
        return pointer
    }

    func unmapDumbBuffer(_ pointer: UnsafeMutableRawPointer, _ buffer: DumbBufferInfo) {
        _ = munmap(pointer, buffer.size)
    }

    func destroyDumbBuffer(_ fd: Int32, _ buffer: DumbBufferInfo) {
        _ = cdrm_destroy_dumb(fd, buffer.handle)
    }

    func addFramebuffer(_ fd: Int32, width: Int, height: Int, _ buffer: DumbBufferInfo) throws(KernelCallError)
        -> UInt32
    {
        var framebufferID: UInt32 = 0
        try check(
            cdrm_add_fb_xrgb8888(
                fd, UInt32(width), UInt32(height), buffer.handle, UInt32(buffer.pitch), &framebufferID),
            "drmModeAddFB2")
        return framebufferID
    }

    func removeFramebuffer(_ fd: Int32, id: UInt32) {
        _ = cdrm_remove_fb(fd, id)
    }

    func enableAtomic(_ fd: Int32) throws(KernelCallError) {
        try check(cdrm_set_client_cap(fd, cdrm_client_cap_atomic(), 1), "drmSetClientCap(ATOMIC)")
    }

    func propertyIDs(_ fd: Int32, object: UInt32, type: DRMObjectType) throws(KernelCallError) -> [String: UInt32] {
        let objectType: UInt32
        switch type {
        case .connector: objectType = cdrm_object_connector()
        case .crtc: objectType = cdrm_object_crtc()
        case .plane: objectType = cdrm_object_plane()
        }
        Glibc.errno = 0
        guard let properties = drmModeObjectGetProperties(fd, object, objectType) else {
            throw KernelCallError(operation: "drmModeObjectGetProperties", errno: nonZeroErrno())
        }
        defer { drmModeFreeObjectProperties(properties) }
        var ids: [String: UInt32] = [:]
        for propertyID in Self.array(properties.pointee.props, properties.pointee.count_props) {
            guard let property = drmModeGetProperty(fd, propertyID) else { continue }
            defer { drmModeFreeProperty(property) }
            ids[Self.string(property.pointee.name)] = propertyID
        }
        return ids
    }

    func createModeBlob(_ fd: Int32, mode: DisplayMode) throws(KernelCallError) -> UInt32 {
        var info = Self.modeInfo(mode)
        var blobID: UInt32 = 0
        try check(cdrm_create_mode_blob(fd, &info, &blobID), "drmModeCreatePropertyBlob")
        return blobID
    }

    func createDamageBlob(_ fd: Int32, rects: [DamageRect]) throws(KernelCallError) -> UInt32 {
        let corners = rects.flatMap {
            [Int32($0.x), Int32($0.y), Int32($0.x + $0.width), Int32($0.y + $0.height)]
        }
        var blobID: UInt32 = 0
        try check(cdrm_create_damage_blob(fd, corners, rects.count, &blobID), "drmModeCreatePropertyBlob(damage)")
        return blobID
    }

    func destroyBlob(_ fd: Int32, id: UInt32) {
        _ = cdrm_destroy_blob(fd, id)
    }

    func atomicCommit(_ fd: Int32, _ changes: [AtomicChange], allowModeset: Bool, userData: UInt64)
        throws(KernelCallError)
    {
        let objects = changes.map(\.object)
        let properties = changes.map(\.property)
        let values = changes.map(\.value)
        let flags = allowModeset ? cdrm_atomic_modeset_flags() : cdrm_atomic_flip_flags()
        try check(
            cdrm_atomic_commit(fd, objects, properties, values, changes.count, flags, userData), "drmModeAtomicCommit")
    }

    func setCRTC(
        _ fd: Int32, crtc: UInt32, framebuffer: UInt32, x: Int, y: Int, connectors: [UInt32], mode: DisplayMode?
    ) throws(KernelCallError) {
        var connectorIDs = connectors
        let status: Int32
        if let mode {
            var info = Self.modeInfo(mode)
            status = cdrm_set_crtc(
                fd, crtc, framebuffer, UInt32(x), UInt32(y), &connectorIDs, Int32(connectorIDs.count), &info)
        } else {
            status = cdrm_set_crtc(fd, crtc, framebuffer, UInt32(x), UInt32(y), nil, 0, nil)
        }
        try check(status, "drmModeSetCrtc")
    }

    func pageFlip(_ fd: Int32, crtc: UInt32, framebuffer: UInt32, userData: UInt64) throws(KernelCallError) {
        try check(cdrm_page_flip(fd, crtc, framebuffer, userData), "drmModePageFlip")
    }

    func dirtyFramebuffer(_ fd: Int32, id: UInt32, clips: [DamageRect]) throws(KernelCallError) {
        var kernelClips = clips.map { rect in
            drmModeClip(
                x1: UInt16(clamping: rect.x), y1: UInt16(clamping: rect.y),
                x2: UInt16(clamping: rect.x + rect.width), y2: UInt16(clamping: rect.y + rect.height))
        }
        try check(cdrm_dirty_fb(fd, id, &kernelClips, UInt32(kernelClips.count)), "drmModeDirtyFB")
    }

    func waitForFlips(_ fd: Int32, timeoutMilliseconds: Int) throws(KernelCallError) -> [UInt64] {
        var userData = [UInt64](repeating: 0, count: 32)
        var count = 0
        try check(
            cdrm_read_flip_events(fd, Int32(clamping: timeoutMilliseconds), &userData, userData.count, &count),
            "read DRM events")
        return Array(userData.prefix(count))
    }

    // MARK: - Conversions

    private func nonZeroErrno() -> Int32 {
        Glibc.errno != 0 ? Glibc.errno : Errno.noDevice
    }

    private static func array<Element>(_ pointer: UnsafeMutablePointer<Element>?, _ count: some BinaryInteger)
        -> [Element]
    {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(count)))
    }

    private static func string<Tuple>(_ tuple: Tuple) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func mode(_ info: drmModeModeInfo) -> DisplayMode {
        let timing = ModeTiming(
            clock: info.clock, hdisplay: info.hdisplay, hsyncStart: info.hsync_start, hsyncEnd: info.hsync_end,
            htotal: info.htotal, hskew: info.hskew, vdisplay: info.vdisplay, vsyncStart: info.vsync_start,
            vsyncEnd: info.vsync_end, vtotal: info.vtotal, vscan: info.vscan, vrefresh: info.vrefresh,
            flags: info.flags, type: info.type)
        return DisplayMode(
            name: string(info.name), timing: timing, isPreferred: info.type & cdrm_mode_type_preferred() != 0)
    }

    static func modeInfo(_ mode: DisplayMode) -> drmModeModeInfo {
        let timing = mode.timing
        var info = drmModeModeInfo()
        info.clock = timing.clock
        info.hdisplay = timing.hdisplay
        info.hsync_start = timing.hsyncStart
        info.hsync_end = timing.hsyncEnd
        info.htotal = timing.htotal
        info.hskew = timing.hskew
        info.vdisplay = timing.vdisplay
        info.vsync_start = timing.vsyncStart
        info.vsync_end = timing.vsyncEnd
        info.vtotal = timing.vtotal
        info.vscan = timing.vscan
        info.vrefresh = timing.vrefresh
        info.flags = timing.flags
        info.type = timing.type
        withUnsafeMutableBytes(of: &info.name) { bytes in
            // Leave the last byte for the NUL the kernel expects.
            for (index, byte) in mode.name.utf8.prefix(bytes.count - 1).enumerated() {
                bytes[index] = byte
            }
        }
        return info
    }
}
