import KosatsuScene

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

    /// The picture as a frame (0x00RRGGBB pixels).
    func frame(withBox: Bool) -> Frame {
        var barRow = [UInt32](repeating: 0, count: width)
        var rampRow = [UInt32](repeating: 0, count: width)
        for x in 0..<width {
            barRow[x] = Self.pixel(Self.bars[x * 8 / width])
            let grey = UInt8(x * 255 / max(1, width - 1))
            rampRow[x] = Self.pixel((grey, grey, grey))
        }
        var pixels = [UInt32]()
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            pixels += y * 3 < height * 2 ? barRow : rampRow
        }
        if withBox {
            let box = box
            for y in box.y..<(box.y + box.height) {
                for x in box.x..<(box.x + box.width) {
                    pixels[y * width + x] = Self.pixel(Self.boxColour)
                }
            }
        }
        return Frame(width: width, height: height, pixels: pixels)
    }

    private static func pixel(_ colour: (UInt8, UInt8, UInt8)) -> UInt32 {
        0xFF00_0000 | UInt32(colour.0) << 16 | UInt32(colour.1) << 8 | UInt32(colour.2)
    }
}
