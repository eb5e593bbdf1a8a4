internal import CCairo
public import KosatsuScene
public import KosatsuText

/// The one renderer: draws a `Scene` into a `Canvas` with cairo, text through the `Typesetter`.
///
/// `kosatsu render`, the golden tests and the sign all draw through this type, so a designer's PNG
/// and the panel show the same pixels. Not `Sendable`: confine it to one actor or thread.
public final class SceneRenderer {
    public let typesetter: Typesetter
    private var fontFaces: [FaceID: OpaquePointer] = [:]
    /// Decoded pictures, held until a copy scaled to the output exists (then only the copy is kept).
    private var images: [String: OpaquePointer] = [:]
    /// Each picture's size in its own pixels, known once it has been decoded.
    private var imageSizes: [String: (width: Int, height: Int)] = [:]
    /// Widgets' derived data (QR symbols, ticker lines), kept while the same content is shown.
    var widgetCache = WidgetCache()
    private let fontOptions: OpaquePointer
    /// The process's bound on cairo's glyph images (a test gives its renderer its own).
    let glyphMemory: GlyphMemory

    /// - Parameter fontDirectory: Kosatsu's `Fonts/`, registered before the system's fonts.
    public init(fontDirectory: String?, glyphMemory: GlyphMemory = .shared) throws {
        self.glyphMemory = glyphMemory
        typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: fontDirectory))
        guard let options = cairo_font_options_create() else {
            throw RenderError(.cairo, "cairo could not create font options")
        }
        // Deterministic pixels on every machine: outlines unhinted, metrics unrounded, grey AA.
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        fontOptions = options
    }

    deinit {
        for face in fontFaces.values { cairo_font_face_destroy(face) }
        for image in images.values { cairo_surface_destroy(image) }
        for scaled in widgetCache.scaledImages.values { cairo_surface_destroy(scaled.surface) }
        cairo_font_options_destroy(fontOptions)
    }

    /// Renders `scene` at `width`×`height` pixels (on huge pages for a one-shot render: `Canvas`).
    public func render(_ scene: Scene, width: Int, height: Int, hugePages: Bool = false) throws -> Canvas {
        let canvas = try Canvas(width: width, height: height, hugePages: hugePages)
        try render(scene, into: canvas)
        return canvas
    }

    /// Draws `scene` over the whole canvas, scaling the design canvas to fit (centred, aspect kept).
    ///
    /// With `damage` (design-canvas rectangles, from `Scene.damage(since:)`), only those rectangles
    /// are redrawn and items outside them are skipped: the rest of the canvas keeps the last frame.
    public func render(_ scene: Scene, into canvas: Canvas, damage: [Rect]? = nil) throws {
        guard let cr = cairo_create(canvas.surface) else { throw RenderError(.cairo, "cairo_create failed") }
        defer { cairo_destroy(cr) }
        try check(cr)
        cairo_set_font_options(cr, fontOptions)
        let sx = Double(canvas.width) / scene.canvas.width
        let sy = Double(canvas.height) / scene.canvas.height
        let scale = min(sx, sy)
        let dx = (Double(canvas.width) - scene.canvas.width * scale) / 2
        let dy = (Double(canvas.height) - scene.canvas.height * scale) / 2
        // The background fills the whole output, bands included, in design coordinates.
        cairo_save(cr)
        cairo_translate(cr, dx, dy)
        cairo_scale(cr, scale, scale)
        var visible: Rect?
        if let damage {
            guard !damage.isEmpty else {
                cairo_restore(cr)
                return
            }
            visible = clip(cr, to: damage, scale: scale)
        }
        setSource(cr, scene.background)
        cairo_paint(cr)
        if damage == nil { widgetCache.scaledImagesDrawn.removeAll(keepingCapacity: true) }
        try draw(scene.items, cr, visible: visible)
        cairo_restore(cr)
        try check(cr)
        if damage == nil { releaseScaledImagesNotDrawn() }
        cairo_surface_flush(canvas.surface)
        glyphMemory.settle(face: fontFaces.values.first, options: fontOptions)
        typesetter.forgetUnused()
    }

    /// Tells the glyph ledger which glyph images cairo keeps for `run`: em `width` × the run's size,
    /// in scene pixels, through the context's scale to the output.
    func noteGlyphs(of run: GlyphRun, face: OpaquePointer, width: Double, _ cr: OpaquePointer) {
        var ctm = cairo_matrix_t()
        cairo_get_matrix(cr, &ctm)
        let scale = abs(ctm.xx * ctm.yy - ctm.xy * ctm.yx).squareRoot()
        glyphMemory.note(
            face: face, width: width * scale, height: run.size * scale, rotated: run.isRotated,
            glyphs: run.glyphs.lazy.map(\.id))
    }

    func check(_ cr: OpaquePointer) throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.cairo, "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    func draw(_ items: [SceneItem], _ cr: OpaquePointer, visible: Rect? = nil) throws {
        for item in items {
            // Redrawing a damaged rectangle: items that cannot touch it are skipped.
            if let visible, item.bounds.intersection(visible) == nil { continue }
            switch item {
            case .panel(let panel): draw(panel, cr)
            case .line(let line): draw(line, cr)
            case .image(let image): try draw(image, cr)
            case .text(let text): try draw(text, cr)
            case .group(let group):
                cairo_save(cr)
                cairo_translate(cr, group.frame.x, group.frame.y)
                if group.clips {
                    cairo_rectangle(cr, 0, 0, group.frame.width, group.frame.height)
                    cairo_clip(cr)
                }
                try draw(group.items, cr, visible: visible?.offsetBy(dx: -group.frame.x, dy: -group.frame.y))
                cairo_restore(cr)
            case .path(let path): draw(path, cr)
            case .qrCode(let code): try draw(code, cr)
            case .ticker(let ticker): try draw(ticker, cr)
            }
        }
    }

    private func draw(_ panel: Panel, _ cr: OpaquePointer) {
        roundedRectangle(cr, panel.frame, radius: panel.cornerRadius)
        if let fill = panel.fill {
            setSource(cr, fill)
            cairo_fill_preserve(cr)
        }
        if let stroke = panel.stroke {
            apply(stroke, cr)
            cairo_stroke_preserve(cr)
        }
        cairo_new_path(cr)
    }

    private func draw(_ line: Line, _ cr: OpaquePointer) {
        cairo_move_to(cr, line.from.x, line.from.y)
        cairo_line_to(cr, line.to.x, line.to.y)
        apply(line.stroke, cr)
        cairo_stroke(cr)
    }

    private func draw(_ item: ImageItem, _ cr: OpaquePointer) throws {
        let size = try imageSize(at: item.path)
        let width = Double(size.width)
        let height = Double(size.height)
        guard width > 0, height > 0, !item.frame.isEmpty else { return }
        var sx = item.frame.width / width
        var sy = item.frame.height / height
        switch item.fit {
        case .contain: sx = min(sx, sy); sy = sx
        case .cover: sx = max(sx, sy); sy = sx
        case .fill: break
        }
        cairo_save(cr)
        roundedRectangle(cr, item.frame, radius: item.cornerRadius)
        cairo_clip(cr)
        cairo_translate(
            cr, item.frame.x + (item.frame.width - width * sx) / 2, item.frame.y + (item.frame.height - height * sy) / 2
        )
        cairo_scale(cr, sx, sy)
        // Resampling a picture every frame is the slowest thing a board draws: keep it scaled to
        // the output once, and paint that copy pixel for pixel.
        if let scaled = try scaledImage(path: item.path, width: size.width, height: size.height, cr) {
            cairo_set_source_surface(cr, scaled.surface, 0, 0)
            var matrix = cairo_matrix_t()
            cairo_matrix_init_scale(&matrix, scaled.scaleX, scaled.scaleY)
            cairo_pattern_set_matrix(cairo_get_source(cr), &matrix)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        } else {
            cairo_set_source_surface(cr, try image(at: item.path), 0, 0)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        }
        cairo_paint_with_alpha(cr, item.opacity)
        cairo_restore(cr)
    }

    func draw(_ item: TextItem, _ cr: OpaquePointer) throws {
        let text = try typesetter.typeset(item)
        if text.isTicker {
            // A ticker scrolls through its frame: only the frame shows it.
            cairo_save(cr)
            cairo_rectangle(cr, item.frame.x, item.frame.y, item.frame.width, item.frame.height)
            cairo_clip(cr)
        }
        defer { if text.isTicker { cairo_restore(cr) } }
        for run in text.runs {
            let face = try fontFace(run.face)
            cairo_set_font_face(cr, face)
            noteGlyphs(of: run, face: face, width: run.size * run.horizontalScale, cr)
            // 長体 and tate-chu-yoko narrow the outline; Latin in vertical text turns 90° clockwise.
            var matrix = cairo_matrix_t()
            cairo_matrix_init_scale(&matrix, run.size * run.horizontalScale, run.size)
            if run.isRotated {
                var rotation = cairo_matrix_t()
                cairo_matrix_init_rotate(&rotation, Double.pi / 2)
                var scaled = matrix
                cairo_matrix_multiply(&matrix, &scaled, &rotation)
            }
            cairo_set_font_matrix(cr, &matrix)
            setSource(cr, .solid(run.color))
            var glyphs = run.glyphs.map {
                cairo_glyph_t(index: UInt($0.id), x: item.frame.x + $0.x, y: item.frame.y + $0.y)
            }
            cairo_show_glyphs(cr, &glyphs, Int32(glyphs.count))
        }
    }

    func fontFace(_ id: FaceID) throws -> OpaquePointer {
        if let face = fontFaces[id] { return face }
        let face = typesetter.fonts.face(id)
        let ftFace = face.referenceForCairo()
        guard let cairoFace = cairo_ft_font_face_create_for_ft_face(ftFace, 0),
            cairo_font_face_status(cairoFace) == CAIRO_STATUS_SUCCESS
        else {
            releaseCairoFaceReference(ftFace)
            throw RenderError(.cairo, "cairo could not use the font \(face.path)")
        }
        // cairo may keep the FreeType face past this renderer; it releases our reference when done.
        if cairo_font_face_set_user_data(cairoFace, faceReferenceKey, ftFace, releaseCairoFaceReference)
            != CAIRO_STATUS_SUCCESS
        {
            releaseCairoFaceReference(ftFace)
        }
        fontFaces[id] = cairoFace
        return cairoFace
    }

    func image(at path: String) throws -> OpaquePointer {
        if let image = images[path] { return image }
        let image = try PNGFile.load(path)
        images[path] = image
        imageSizes[path] = (Int(cairo_image_surface_get_width(image)), Int(cairo_image_surface_get_height(image)))
        return image
    }

    private func imageSize(at path: String) throws -> (width: Int, height: Int) {
        if let size = imageSizes[path] { return size }
        _ = try image(at: path)
        return imageSizes[path] ?? (0, 0)
    }

    /// The decoded picture is no longer needed once a scaled copy stands in for it (a 1200×800 map
    /// is 3.8 MB the running sign would otherwise hold for as long as it runs).
    func releaseDecodedImage(at path: String) {
        if let image = images.removeValue(forKey: path) { cairo_surface_destroy(image) }
    }

    private func roundedRectangle(_ cr: OpaquePointer, _ frame: Rect, radius: Double) {
        let r = min(max(radius, 0), min(frame.width, frame.height) / 2)
        guard r > 0 else {
            cairo_rectangle(cr, frame.x, frame.y, frame.width, frame.height)
            return
        }
        let quarter = Double.pi / 2
        cairo_new_sub_path(cr)
        cairo_arc(cr, frame.maxX - r, frame.y + r, r, -quarter, 0)
        cairo_arc(cr, frame.maxX - r, frame.maxY - r, r, 0, quarter)
        cairo_arc(cr, frame.x + r, frame.maxY - r, r, quarter, 2 * quarter)
        cairo_arc(cr, frame.x + r, frame.y + r, r, 2 * quarter, 3 * quarter)
        cairo_close_path(cr)
    }

    func apply(_ stroke: Stroke, _ cr: OpaquePointer) {
        setSource(cr, .solid(stroke.color))
        cairo_set_line_width(cr, stroke.width)
        var dash = stroke.dash
        cairo_set_dash(cr, &dash, Int32(dash.count), 0)
    }

    func setSource(_ cr: OpaquePointer, _ paint: Paint) {
        switch paint {
        case .solid(let c):
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        case .linearGradient(let gradient):
            guard
                let pattern = cairo_pattern_create_linear(
                    gradient.start.x, gradient.start.y, gradient.end.x, gradient.end.y)
            else { return }
            for stop in gradient.stops {
                cairo_pattern_add_color_stop_rgba(
                    pattern, stop.offset, stop.color.red, stop.color.green, stop.color.blue, stop.color.alpha)
            }
            cairo_set_source(cr, pattern)
            cairo_pattern_destroy(pattern)
        }
    }
}

/// The one key under which each cairo font face holds its FreeType face reference.
nonisolated(unsafe) private let faceReferenceKey = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
