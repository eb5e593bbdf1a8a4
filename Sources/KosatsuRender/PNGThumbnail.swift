internal import CCairo
public import Foundation

/// A smaller copy of a PNG picture: a remote screenshot that fits a thin mobile link.
public enum PNGThumbnail {
    /// `png` scaled to `width` pixels wide (the aspect kept; never enlarged), as PNG.
    public static func make(from png: Data, width: Int) throws -> Data {
        final class Source {
            let data: Data
            var offset = 0
            init(_ data: Data) { self.data = data }
        }
        let source = Source(png)
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(
                { closure, bytes, length in
                    guard let closure, let bytes else { return CAIRO_STATUS_READ_ERROR }
                    let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
                    let count = Int(length)
                    guard source.offset + count <= source.data.count else { return CAIRO_STATUS_READ_ERROR }
                    source.data.copyBytes(
                        to: bytes,
                        from: source.data.startIndex + source.offset..<source.data.startIndex + source.offset + count)
                    source.offset += count
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface else { throw RenderError(.image, "the screenshot cannot be read as PNG") }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.image, "the screenshot cannot be read as PNG")
        }
        let fullWidth = Int(cairo_image_surface_get_width(surface))
        let fullHeight = Int(cairo_image_surface_get_height(surface))
        let targetWidth = max(1, min(width, fullWidth))
        let scale = Double(targetWidth) / Double(fullWidth)
        let canvas = try Canvas(width: targetWidth, height: max(1, Int((Double(fullHeight) * scale).rounded())))
        guard let context = cairo_create(canvas.surface) else { throw RenderError(.cairo, "no cairo context") }
        defer { cairo_destroy(context) }
        cairo_scale(context, scale, scale)
        cairo_set_source_surface(context, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_GOOD)
        cairo_paint(context)
        cairo_surface_flush(canvas.surface)
        return try canvas.pngData()
    }
}
