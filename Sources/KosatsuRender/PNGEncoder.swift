internal import CPNG
public import Foundation

/// PNG encoding at zlib's fastest level with no row filter, the frame cut into strips deflated on
/// as many cores (`CPNG`): several times faster than cairo's libpng path (level 6, adaptive
/// filters) and, on a sign's flat colours, no bigger. PNG is lossless, so the pixels are exactly
/// the frame's.
public enum PNGEncoder {
    /// Strips for a frame `height` rows tall: one a core, each at least 64 rows.
    static func strips(height: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, height / 64))
    }

    /// XRGB8888 pixels (cairo's RGB24, `stride` bytes a row) as an 8-bit RGB PNG.
    public static func encode(
        _ pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, strips: Int? = nil
    ) throws -> Data {
        guard width > 0, height > 0, let base = pixels.baseAddress, stride >= width * 4,
            pixels.count >= stride * (height - 1) + width * 4
        else {
            throw RenderError(.output, "PNG encoding failed: no \(width)x\(height) pixels to encode")
        }
        var png: UnsafeMutableRawPointer?
        var size = 0
        let status = cpng_encode_xrgb(
            base.assumingMemoryBound(to: UInt8.self), UInt32(width), UInt32(height), stride, 1,
            Int32(strips ?? Self.strips(height: height)), &png, &size)
        guard status == 0, let png else {
            free(png)
            throw RenderError(.output, "PNG encoding failed: \(String(cString: cpng_message(status)))")
        }
        return Data(bytesNoCopy: png, count: size, deallocator: .free)
    }
}
