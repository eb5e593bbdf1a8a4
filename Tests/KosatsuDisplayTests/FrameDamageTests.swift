import KosatsuScene
import Testing

@testable import KosatsuDisplay

@Suite("What changed between two frames")
struct FrameDamageTests {
    /// A frame of `width`x`height` XRGB8888 pixels with `padding` unused bytes at each row's end.
    struct Pixels {
        var width: Int
        var height: Int
        var padding = 8
        var bytes: [UInt8]

        init(width: Int, height: Int, fill: UInt32 = 0x0010_2030) {
            self.width = width
            self.height = height
            bytes = []
            for _ in 0..<height {
                for _ in 0..<width { bytes += withUnsafeBytes(of: fill.littleEndian, Array.init) }
                bytes += [UInt8](repeating: 0xEE, count: padding)
            }
        }

        var stride: Int { width * 4 + padding }

        mutating func set(_ x: Int, _ y: Int, _ value: UInt32) {
            let offset = y * stride + x * 4
            bytes.replaceSubrange(offset..<offset + 4, with: withUnsafeBytes(of: value.littleEndian, Array.init))
        }
    }

    func changes(_ old: Pixels, _ new: Pixels, maximumRects: Int = 16) -> [DamageRect] {
        old.bytes.withUnsafeBytes { previous in
            new.bytes.withUnsafeBytes { next in
                DamageRect.changes(
                    from: previous, to: next, width: old.width, height: old.height, stride: old.stride,
                    maximumRects: maximumRects)
            }
        }
    }

    @Test("the same frame: nothing to copy")
    func identical() {
        let frame = Pixels(width: 64, height: 32)
        #expect(changes(frame, frame).isEmpty)
    }

    @Test("one band of rows, as tight as its changed columns")
    func oneBand() {
        let old = Pixels(width: 64, height: 32)
        var new = old
        new.set(10, 5, 0x00FF_FFFF)
        new.set(15, 6, 0x0000_00FF)
        new.set(20, 7, 0x0000_00FF)
        #expect(changes(old, new) == [DamageRect(x: 10, y: 5, width: 11, height: 3)])
    }

    @Test("separate bands stay separate; the last row and column count")
    func separateBands() {
        let old = Pixels(width: 64, height: 32)
        var new = old
        new.set(0, 0, 0x00FF_0000)
        new.set(63, 31, 0x00FF_0000)
        #expect(
            changes(old, new) == [
                DamageRect(x: 0, y: 0, width: 1, height: 1), DamageRect(x: 63, y: 31, width: 1, height: 1),
            ])
    }

    @Test("the X byte and the row padding are not pixels")
    func ignoresUndefinedBytes() {
        let old = Pixels(width: 16, height: 4)
        var new = old
        new.set(3, 2, 0xFF10_2030)  // same colour, other X byte
        new.bytes[1 * new.stride + 16 * 4] = 0x00  // padding after row 1
        #expect(changes(old, new).isEmpty)
    }

    @Test("too many bands become one bounding box")
    func mergesManyBands() {
        let old = Pixels(width: 32, height: 40)
        var new = old
        for row in stride(from: 1, to: 40, by: 2) { new.set(row % 32, row, 0) }
        #expect(changes(old, new, maximumRects: 4) == [DamageRect(x: 1, y: 1, width: 31, height: 39)])
        #expect(changes(old, new).count == 1)
    }

    @Test("buffers too short for the size: everything is damaged")
    func shortBuffers() {
        let old = Pixels(width: 16, height: 4)
        let short = [UInt8](repeating: 0, count: 10)
        let rects = old.bytes.withUnsafeBytes { previous in
            short.withUnsafeBytes { next in
                DamageRect.changes(from: previous, to: next, width: 16, height: 4, stride: old.stride)
            }
        }
        #expect(rects == [DamageRect(x: 0, y: 0, width: 16, height: 4)])
    }
}
