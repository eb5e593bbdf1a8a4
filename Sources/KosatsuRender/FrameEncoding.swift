internal import CTurboJPEG
public import Foundation
public import KosatsuScene

extension Frame {
    /// The frame as JPEG (4:2:0, libjpeg-turbo): a preview stream's frame, a tenth of a PNG's size and
    /// several times faster to make. Not for goldens or screenshots: JPEG is lossy.
    public func jpegData(quality: Int = 80) throws -> Data {
        guard width > 0, height > 0 else { throw RenderError(.output, "an empty frame has no JPEG") }
        var jpeg: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = pixels.withUnsafeBytes { bytes in
            ctj_compress_xrgb(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height), Int32(width * 4),
                Int32(min(max(quality, 1), 100)), &jpeg, &size, &message, message.count)
        }
        defer { ctj_free(jpeg) }
        guard status == 0, let jpeg else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw RenderError(.output, "JPEG encoding failed: \(text)")
        }
        return Data(bytes: jpeg, count: Int(size))
    }

    /// The frame as PNG, exactly (a screenshot, a cached last frame).
    public func pngData() throws -> Data {
        try pixels.withUnsafeBytes { pixels in
            try PNGEncoder.encode(pixels, width: width, height: height, stride: width * 4)
        }
    }
}
