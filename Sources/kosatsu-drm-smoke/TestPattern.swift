/// The picture the QEMU test expects on screen: eight colour bars over the top two thirds and a
/// grey ramp below; `withBox` adds an orange box (the second frame, sent as damage only).
/// scripts/qemu/pattern.py draws the same picture; keep the two in step.
struct TestPattern {
    static let bars: [(UInt8, UInt8, UInt8)] = [
        (255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0),
        (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0),
    ]
    static let boxColour: (UInt8, UInt8, UInt8) = (255, 128, 0)

    var width: Int
    var height: Int

    /// The box of the second frame.
    var box: (x: Int, y: Int, width: Int, height: Int) {
        (width / 4, height / 4, width / 2 - width / 4, height / 2 - height / 4)
    }

    /// XRGB8888 bytes, little-endian (B, G, R, X), rows of `width * 4` bytes.
    func pixels(withBox: Bool) -> [UInt8] {
        let stride = width * 4
        var barRow = [UInt8](repeating: 0, count: stride)
        var rampRow = [UInt8](repeating: 0, count: stride)
        for x in 0..<width {
            let bar = Self.bars[x * 8 / width]
            put(&barRow, x * 4, bar)
            let grey = UInt8(x * 255 / max(1, width - 1))
            put(&rampRow, x * 4, (grey, grey, grey))
        }
        var pixels = [UInt8]()
        pixels.reserveCapacity(stride * height)
        for y in 0..<height {
            pixels += y * 3 < height * 2 ? barRow : rampRow
        }
        if withBox {
            let box = box
            for y in box.y..<(box.y + box.height) {
                for x in box.x..<(box.x + box.width) {
                    put(&pixels, y * stride + x * 4, Self.boxColour)
                }
            }
        }
        return pixels
    }

    private func put(_ bytes: inout [UInt8], _ offset: Int, _ colour: (UInt8, UInt8, UInt8)) {
        bytes[offset] = colour.2
        bytes[offset + 1] = colour.1
        bytes[offset + 2] = colour.0
        bytes[offset + 3] = 255
    }
}
