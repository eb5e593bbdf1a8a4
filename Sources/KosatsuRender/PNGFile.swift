internal import CCairo
public import KosatsuScene

/// Reads PNG files through cairo.
public enum PNGFile {
    /// The picture in `path` as an opaque frame (transparent pixels are composited on black).
    public static func read(_ path: String) throws -> Frame {
        let surface = try load(path)
        defer { cairo_surface_destroy(surface) }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt32](repeating: 0, count: width * height)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw RenderError(.image, "\(path): no pixel data")
        }
        for row in 0..<height {
            let line = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width {
                // Premultiplied ARGB over black is the colour channels as they are.
                pixels[row * width + column] = line[column] & 0x00FF_FFFF
            }
        }
        return Frame(width: width, height: height, pixels: pixels)
    }

    /// Loads a PNG as a cairo surface the caller destroys.
    static func load(_ path: String) throws -> OpaquePointer {
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw RenderError(.image, "\(path): cannot be read as PNG")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            let reason =
                status == CAIRO_STATUS_FILE_NOT_FOUND ? "no such file" : String(cString: cairo_status_to_string(status))
            throw RenderError(.image, "\(path): cannot be read as PNG (\(reason))")
        }
        return surface
    }
}
