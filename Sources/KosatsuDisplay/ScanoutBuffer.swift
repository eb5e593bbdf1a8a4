import KosatsuScene

/// One dumb buffer the kernel scans out: XRGB8888, the kernel's pitch as stride, mapped for
/// writing, with the frame damage it has not received yet.
struct ScanoutBuffer {
    var info: DumbBufferInfo
    var framebufferID: UInt32
    var pixels: UnsafeMutableRawPointer
    /// In scanout orientation (the mode's size).
    var size: PixelSize
    /// Frame rectangles (logical orientation) that changed since this buffer was last brought
    /// up to date. With two buffers, each one misses the frame drawn into the other.
    var pendingDamage: [DamageRect]

    var stride: Int { info.pitch }

    /// Keeps the list short: past a few rectangles, or half the frame, copying everything once
    /// is cheaper than walking overlapping pieces.
    mutating func addDamage(_ rects: [DamageRect], logical: PixelSize) {
        let whole = DamageRect(size: logical)
        if pendingDamage.contains(whole) { return }
        // A ticker damages the same strip every frame: a rectangle already pending is not added twice.
        for rect in rects where !pendingDamage.contains(where: { $0.contains(rect) }) {
            pendingDamage.append(rect)
        }
        let area = pendingDamage.reduce(0) { $0 + $1.width * $1.height }
        if pendingDamage.count > 16 || area * 2 > logical.width * logical.height
            || pendingDamage.contains(where: { $0.contains(whole) })
        {
            pendingDamage = [whole]
        }
    }
}
