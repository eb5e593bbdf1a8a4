internal import CCairo
public import Foundation
public import KosatsuScene

/// A frame's pixels: a cairo image surface in XRGB8888 (cairo's RGB24), the sign's scanout format.
///
/// Not `Sendable`: it owns a cairo surface; hand out `Frame` values instead.
public final class Canvas {
    let surface: OpaquePointer
    public let width: Int
    public let height: Int

    /// Pixels this canvas mapped itself (huge pages), unmapped after the surface is gone.
    private let mapping: (start: UnsafeMutableRawPointer, bytes: Int)?

    /// With `hugePages`, the pixels are mapped in 2 MB pages where the kernel allows it: a 1080p frame
    /// is five page faults instead of 2,000, a few milliseconds of a one-shot `kosatsu render`. The
    /// running sign does not ask for them: a huge page can make the kernel compact memory first, and
    /// a frame must never wait for that.
    public init(width: Int, height: Int, hugePages: Bool = false) throws {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw RenderError(.output, "a frame must be 1–16384 pixels each way, not \(width)x\(height)")
        }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(width)))
        let mapping = hugePages ? Self.mapHugePages(bytes: stride * height) : nil
        let surface =
            if let mapping {
                cairo_image_surface_create_for_data(
                    mapping.start.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24, Int32(width),
                    Int32(height), Int32(stride))
            } else {
                cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
            }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            if let surface { cairo_surface_destroy(surface) }
            if let mapping { munmap(mapping.start, mapping.bytes) }
            throw RenderError(.cairo, "cairo could not create a \(width)x\(height) surface")
        }
        self.surface = surface
        self.mapping = mapping
        self.width = width
        self.height = height
    }

    /// Zeroed memory of `bytes` starting on a 2 MB boundary, advised for huge pages; nil if not mapped.
    private static func mapHugePages(bytes: Int) -> (start: UnsafeMutableRawPointer, bytes: Int)? {
        let huge = 2 << 20
        let length = (bytes + 4095) & ~4095
        guard let raw = mmap(nil, length + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            raw != MAP_FAILED
        else { return nil }
        let head = (huge - Int(bitPattern: raw) % huge) % huge
        let start = raw + head
        // Only the aligned part stays mapped.
        if head > 0 { munmap(raw, head) }
        munmap(start + length, huge - head)
        _ = madvise(start, length, MADV_HUGEPAGE)
        return (start, length)
    }

    /// A canvas holding a copy of `frame`'s pixels (to encode a frame that was not drawn here).
    public convenience init(frame: Frame) throws {
        try self.init(width: frame.width, height: frame.height)
        cairo_surface_flush(surface)
        if let data = cairo_image_surface_get_data(surface) {
            let stride = self.stride
            frame.pixels.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                for row in 0..<frame.height {
                    let target = UnsafeMutableRawPointer(data + row * stride)
                    target.copyMemory(from: base + row * frame.width * 4, byteCount: frame.width * 4)
                }
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    deinit {
        cairo_surface_destroy(surface)
        if let mapping { munmap(mapping.start, mapping.bytes) }
    }

    /// Bytes per row, as cairo laid them out.
    public var stride: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// Lends the pixels in place (XRGB8888, `stride` bytes a row), e.g. to copy them to a
    /// scanout buffer without an intermediate copy. The bytes are valid only inside `body`.
    public func withPixels<Result, Failure: Error>(
        _ body: (_ pixels: UnsafeRawBufferPointer, _ width: Int, _ height: Int, _ stride: Int) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // Cairo may still hold drawing in a batch; flushing makes the memory current.
        cairo_surface_flush(surface)
        let stride = self.stride
        guard let data = cairo_image_surface_get_data(surface) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0), width, height, stride)
        }
        return try body(UnsafeRawBufferPointer(start: data, count: stride * height), width, height, stride)
    }

    /// A copy of the pixels as a plain value.
    public func frame() -> Frame {
        cairo_surface_flush(surface)
        let stride = self.stride
        var pixels = [UInt32](repeating: 0, count: width * height)
        if let data = cairo_image_surface_get_data(surface) {
            pixels.withUnsafeMutableBytes { destination in
                guard let base = destination.baseAddress else { return }
                for row in 0..<height {
                    let source = UnsafeRawPointer(data + row * stride)
                    (base + row * width * 4).copyMemory(from: source, byteCount: width * 4)
                }
            }
        }
        // The X byte of XRGB8888 is undefined; keep frames comparable as values.
        for index in pixels.indices { pixels[index] &= 0x00FF_FFFF }
        return Frame(width: width, height: height, pixels: pixels)
    }

    /// Encodes the frame as PNG bytes (see `PNGEncoder`).
    public func pngData() throws -> Data {
        try withPixels { pixels, width, height, stride in
            try PNGEncoder.encode(pixels, width: width, height: height, stride: stride)
        }
    }

    /// Encodes the frame as PNG bytes through cairo's own libpng path: the same pixels, kept only as the
    /// benchmarks' yardstick for `pngData()`.
    public func cairoPNGData() throws -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(
                surface,
                { closure, bytes, length in
                    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                    Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.output, "PNG encoding failed: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    /// Writes the frame as a PNG file atomically: a failed write leaves no partial file behind.
    public func writePNG(to path: String) throws {
        let data = try pngData()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RenderError(.output, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
