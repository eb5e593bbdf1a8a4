import KosatsuScene

@testable import KosatsuDisplay

/// The fake card's atomic modesetting: off unless a test sets `offersAtomic`, so every other test
/// sees the legacy calls. Commits update the same CRTC state the legacy calls do.
extension FakeCard: AtomicModeSetting {
    /// Property IDs by name, the same for every object of a type.
    static let atomicProperties: [DRMObjectType: [String: UInt32]] = [
        .connector: ["CRTC_ID": 1001],
        .crtc: ["ACTIVE": 2001, "MODE_ID": 2002],
        .plane: [
            "FB_ID": 3001, "CRTC_ID": 3002, "SRC_X": 3003, "SRC_Y": 3004, "SRC_W": 3005, "SRC_H": 3006,
            "CRTC_X": 3007, "CRTC_Y": 3008, "CRTC_W": 3009, "CRTC_H": 3010,
        ],
    ]

    func enableAtomic(_ fd: Int32) throws(KernelCallError) {
        try record("enableAtomic")
        guard offersAtomic else { throw KernelCallError(operation: "enableAtomic", errno: Errno.notSupported) }
    }

    func propertyIDs(_ fd: Int32, object: UInt32, type: DRMObjectType) throws(KernelCallError) -> [String: UInt32] {
        try record("propertyIDs")
        var properties = Self.atomicProperties[type] ?? [:]
        if type == .plane, offersDamageClips { properties["FB_DAMAGE_CLIPS"] = 3011 }
        return properties
    }

    func createModeBlob(_ fd: Int32, mode: DisplayMode) throws(KernelCallError) -> UInt32 {
        try record("createModeBlob")
        let id = 500 + UInt32(modeBlobs.count + destroyedBlobs.count)
        modeBlobs[id] = mode
        return id
    }

    func createDamageBlob(_ fd: Int32, rects: [DamageRect]) throws(KernelCallError) -> UInt32 {
        try record("createDamageBlob")
        let id = 900 + UInt32(damageBlobs.count)
        damageBlobs[id] = rects
        return id
    }

    func destroyBlob(_ fd: Int32, id: UInt32) {
        calls.append("destroyBlob")
        modeBlobs[id] = nil
        destroyedBlobs.append(id)
    }

    func atomicCommit(_ fd: Int32, _ changes: [AtomicChange], allowModeset: Bool, userData: UInt64)
        throws(KernelCallError)
    {
        try record(allowModeset ? "atomicModeset" : "atomicFlip")
        guard isMaster else { throw KernelCallError(operation: "atomic", errno: Errno.accessDenied) }
        if !allowModeset {
            guard pendingFlip == nil else { throw KernelCallError(operation: "atomicFlip", errno: Errno.busy) }
        }
        atomicCommits.append((changes, allowModeset))
        if let clips = changes.first(where: { $0.property == 3011 }) {
            committedDamage.append(damageBlobs[UInt32(clips.value)] ?? [])
        }
        let framebuffer = changes.first { $0.property == 3001 }.map { UInt32($0.value) }
        let crtc = changes.first { $0.property == 3002 }.map { UInt32($0.value) } ?? crtcs[0].id
        let mode = changes.first { $0.property == 2002 }.flatMap { modeBlobs[UInt32($0.value)] }
        if let index = crtcs.firstIndex(where: { $0.id == crtc }), let framebuffer {
            crtcs[index].framebufferID = framebuffer
            if let mode { crtcs[index].mode = mode }
        }
        if allowModeset {
            modesets.append((crtc, framebuffer ?? 0, mode))
        } else if let framebuffer {
            flips.append(framebuffer)
            pendingFlip = userData
        }
    }
}
