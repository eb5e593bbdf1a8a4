import Glibc
public import KosatsuScene

extension DamageRect {
    /// What changed between two frames of the same size: one rectangle per band of changed rows,
    /// as tight as the changed columns in that band. Both frames are XRGB8888 with the same
    /// `stride`; the X byte is ignored. Empty when the frames look the same.
    ///
    /// A new frame presented with this damage costs a copy of what changed, not of the whole
    /// screen (a clock's minute, one spot's crowd level).
    public static func changes(
        from previous: UnsafeRawBufferPointer, to next: UnsafeRawBufferPointer, width: Int, height: Int,
        stride: Int, maximumRects: Int = 16
    ) -> [DamageRect] {
        let needed = height > 0 ? stride * (height - 1) + width * 4 : 0
        guard width > 0, height > 0, stride >= width * 4, previous.count >= needed, next.count >= needed,
            let old = previous.baseAddress, let new = next.baseAddress
        else {
            return width > 0 && height > 0 ? [DamageRect(x: 0, y: 0, width: width, height: height)] : []
        }
        var rects: [DamageRect] = []
        var band: (top: Int, left: Int, right: Int)?
        for row in 0..<height {
            let columns = changedColumns(old + row * stride, new + row * stride, width: width)
            if let (left, right) = columns {
                if let current = band {
                    band = (current.top, min(current.left, left), max(current.right, right))
                } else {
                    band = (row, left, right)
                }
            } else if let current = band {
                rects.append(
                    DamageRect(
                        x: current.left, y: current.top, width: current.right - current.left + 1,
                        height: row - current.top))
                band = nil
            }
        }
        if let current = band {
            rects.append(
                DamageRect(
                    x: current.left, y: current.top, width: current.right - current.left + 1,
                    height: height - current.top))
        }
        // Many small bands (text all over the screen) cost more in bookkeeping than one bounding box.
        if rects.count > maximumRects, let first = rects.first {
            let bounds = rects.dropFirst().reduce(first) { $0.union($1) }
            return [bounds]
        }
        return rects
    }

    /// The first and last changed pixel in a row, if any.
    private static func changedColumns(_ old: UnsafeRawPointer, _ new: UnsafeRawPointer, width: Int) -> (Int, Int)? {
        // Whole-row comparison first: most rows of a sign do not change between frames.
        if memcmp(old, new, width * 4) == 0 { return nil }
        var left = -1
        for column in 0..<width where differs(old, new, column) {
            left = column
            break
        }
        guard left >= 0 else { return nil }  // only the ignored X byte differed
        var right = left
        for column in stride(from: width - 1, to: left, by: -1) where differs(old, new, column) {
            right = column
            break
        }
        return (left, right)
    }

    private static func differs(_ old: UnsafeRawPointer, _ new: UnsafeRawPointer, _ column: Int) -> Bool {
        let a = old.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self)
        let b = new.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self)
        return (a ^ b) & 0x00FF_FFFF != 0
    }
}
