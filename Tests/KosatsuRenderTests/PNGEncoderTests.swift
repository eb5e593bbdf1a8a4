import Foundation
import KosatsuRender
import KosatsuScene
import Testing

/// Kosatsu's PNG is lossless: what cairo reads back is the frame, pixel for pixel, and the same as cairo's
/// own encoder gives.
@Suite struct PNGEncoderTests {
    /// Every channel value in every position, plus a stride wider than the row.
    static func noise(width: Int, height: Int) -> Frame {
        var state: UInt32 = 2_463_534_242
        var pixels = [UInt32](repeating: 0, count: width * height)
        for index in pixels.indices {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            pixels[index] = state & 0x00FF_FFFF
        }
        return Frame(width: width, height: height, pixels: pixels)
    }

    static func readBack(_ png: Data) throws -> Frame {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-png-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try png.write(to: URL(fileURLWithPath: path))
        return try PNGFile.read(path)
    }

    @Test(arguments: [(1, 1), (3, 2), (101, 37), (640, 360)])
    func framePNGReadsBackAsTheSamePixels(width: Int, height: Int) throws {
        let frame = Self.noise(width: width, height: height)
        let png = try frame.pngData()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try Self.readBack(png) == frame)
    }

    /// Strips are deflated apart and joined into one zlib stream: any count, even uneven, one row each.
    @Test(arguments: [1, 2, 3, 4, 8])
    func anyNumberOfStripsReadsBackAsTheSamePixels(strips: Int) throws {
        for (width, height) in [(97, 8), (640, 361), (5, 3)] {
            let frame = Self.noise(width: width, height: height)
            let png = try frame.pixels.withUnsafeBytes {
                try PNGEncoder.encode($0, width: width, height: height, stride: width * 4, strips: strips)
            }
            #expect(try Self.readBack(png) == frame, "\(width)x\(height) in \(strips) strips")
        }
    }

    @Test func canvasPNGMatchesCairosOwnEncoder() throws {
        // Canvas rows are cairo's stride apart; the encoder must walk them, not width * 4.
        let canvas = try Canvas(frame: Self.noise(width: 333, height: 77))
        let fast = try Self.readBack(canvas.pngData())
        let cairo = try Self.readBack(canvas.cairoPNGData())
        #expect(fast == cairo)
        #expect(fast == canvas.frame())
    }

    @Test func anEmptyBufferIsAnErrorNotACrash() throws {
        #expect(throws: RenderError.self) {
            try PNGEncoder.encode(UnsafeRawBufferPointer(start: nil, count: 0), width: 4, height: 4, stride: 16)
        }
    }
}
