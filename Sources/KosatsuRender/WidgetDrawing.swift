internal import CCairo
internal import KosatsuQR
internal import KosatsuScene
internal import KosatsuText

/// What the renderer derives from widget items and keeps while they stay on screen: QR symbols and
/// tickers' shaped lines. Bounded, so months of changing data cannot grow it without end.
struct WidgetCache {
    static let limit = 64
    var symbols: [QRKey: QRSymbol] = [:]
    var tickerLines: [TextItem: TickerLine] = [:]
    /// Pictures resampled to the size they are shown at on the output (owned: destroyed by the renderer).
    var scaledImages: [ScaledKey: ScaledImage] = [:]
    /// The copies the page being drawn has used: a whole page drawn without one means the picture has
    /// left the screen, and its copy (1.7 MB for the dashboard's map) goes with it.
    var scaledImagesDrawn: Set<ScaledKey> = []

    struct ScaledKey: Hashable {
        var path: String
        var width: Int
        var height: Int
    }

    struct ScaledImage {
        var surface: OpaquePointer
        /// Source pixels per scaled pixel, to map the copy back onto the picture's own coordinates.
        var scaleX: Double
        var scaleY: Double
    }

    struct QRKey: Hashable {
        var text: String
        var correction: QRCodeItem.Correction
    }

    /// A ticker's text set once on a single line, glyphs relative to the line's start.
    struct TickerLine {
        var text: TypesetText
        var width: Double
    }
}

extension SceneRenderer {
    /// The picture at `path` (`width`×`height` pixels) resampled once to the output pixels it covers
    /// under the current transform; nil when the transform is not a plain scale (rotation, shear) or
    /// the copy cannot be made. Once made, the decoded picture is let go.
    func scaledImage(path: String, width pixelWidth: Int, height pixelHeight: Int, _ cr: OpaquePointer) throws
        -> WidgetCache.ScaledImage?
    {
        let width = Double(pixelWidth)
        let height = Double(pixelHeight)
        var matrix = cairo_matrix_t()
        cairo_get_matrix(cr, &matrix)
        guard matrix.xy == 0, matrix.yx == 0, matrix.xx > 0, matrix.yy > 0 else { return nil }
        let targetWidth = Int((width * matrix.xx).rounded())
        let targetHeight = Int((height * matrix.yy).rounded())
        guard targetWidth > 0, targetHeight > 0, targetWidth <= 16384, targetHeight <= 16384 else { return nil }
        let key = WidgetCache.ScaledKey(path: path, width: targetWidth, height: targetHeight)
        widgetCache.scaledImagesDrawn.insert(key)
        if let cached = widgetCache.scaledImages[key] { return cached }
        let image = try image(at: path)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(targetWidth), Int32(targetHeight))
        else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let scratch = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            return nil
        }
        let scaleX = Double(targetWidth) / width
        let scaleY = Double(targetHeight) / height
        cairo_scale(scratch, scaleX, scaleY)
        cairo_set_source_surface(scratch, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(scratch), CAIRO_FILTER_GOOD)
        cairo_paint(scratch)
        let ok = cairo_status(scratch) == CAIRO_STATUS_SUCCESS
        cairo_destroy(scratch)
        guard ok else {
            cairo_surface_destroy(surface)
            return nil
        }
        if widgetCache.scaledImages.count >= 8 {
            for old in widgetCache.scaledImages.values { cairo_surface_destroy(old.surface) }
            widgetCache.scaledImages.removeAll()
        }
        let scaled = WidgetCache.ScaledImage(surface: surface, scaleX: scaleX, scaleY: scaleY)
        widgetCache.scaledImages[key] = scaled
        releaseDecodedImage(at: path)
        return scaled
    }

    /// After a whole page: lets go of the scaled pictures it did not draw. A redrawn rectangle (a
    /// ticker's strip) skips most pictures on screen, so only whole pages decide.
    func releaseScaledImagesNotDrawn() {
        for (key, scaled) in widgetCache.scaledImages where !widgetCache.scaledImagesDrawn.contains(key) {
            cairo_surface_destroy(scaled.surface)
            widgetCache.scaledImages[key] = nil
        }
    }

    /// Clips to `rects` (design pixels) widened to whole output pixels; returns their union.
    func clip(_ cr: OpaquePointer, to rects: [Rect], scale: Double) -> Rect {
        var union = Rect(x: 0, y: 0, width: 0, height: 0)
        for rect in rects where !rect.isEmpty {
            // Whole device pixels, so anti-aliased edges of the damage are redrawn completely.
            var x0 = rect.x
            var y0 = rect.y
            var x1 = rect.maxX
            var y1 = rect.maxY
            cairo_user_to_device(cr, &x0, &y0)
            cairo_user_to_device(cr, &x1, &y1)
            x0 = x0.rounded(.down)
            y0 = y0.rounded(.down)
            x1 = x1.rounded(.up)
            y1 = y1.rounded(.up)
            cairo_device_to_user(cr, &x0, &y0)
            cairo_device_to_user(cr, &x1, &y1)
            let aligned = Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            cairo_rectangle(cr, aligned.x, aligned.y, aligned.width, aligned.height)
            union = union.union(aligned)
        }
        cairo_clip(cr)
        return union
    }

    func draw(_ path: PathItem, _ cr: OpaquePointer) {
        guard !path.elements.isEmpty else { return }
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .arc(let center, let radius, let from, let to):
                cairo_arc(cr, center.x, center.y, max(radius, 0), from, to)
            case .close: cairo_close_path(cr)
            }
        }
        if let fill = path.fill {
            setSource(cr, fill)
            cairo_fill_preserve(cr)
        }
        if let stroke = path.stroke {
            apply(stroke, cr)
            cairo_set_line_cap(cr, path.rounded ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
            cairo_set_line_join(cr, path.rounded ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
            cairo_stroke_preserve(cr)
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
        }
        cairo_new_path(cr)
    }

    /// The symbol centred in the frame as the largest square that fits, quiet zone included.
    func draw(_ code: QRCodeItem, _ cr: OpaquePointer) throws {
        let key = WidgetCache.QRKey(text: code.text, correction: code.correction)
        let symbol: QRSymbol
        if let cached = widgetCache.symbols[key] {
            symbol = cached
        } else {
            guard let correction = QRSymbol.Correction(rawValue: code.correction.rawValue) else { return }
            do {
                symbol = try QRSymbol(encoding: code.text, correction: correction)
            } catch {
                throw RenderError(.image, "QR code for '\(code.text)': \(error)")
            }
            if widgetCache.symbols.count >= WidgetCache.limit { widgetCache.symbols.removeAll() }
            widgetCache.symbols[key] = symbol
        }
        let side = min(code.frame.width, code.frame.height)
        guard side > 0 else { return }
        let modulesAcross = Double(symbol.size + 2 * max(code.quietZone, 0))
        let module = side / modulesAcross
        let x0 = code.frame.x + (code.frame.width - side) / 2
        let y0 = code.frame.y + (code.frame.height - side) / 2
        setSource(cr, .solid(code.light))
        cairo_rectangle(cr, x0, y0, side, side)
        cairo_fill(cr)
        let origin = Double(max(code.quietZone, 0)) * module
        // One path of all dark modules: shared edges leave no hairline seams.
        for y in 0..<symbol.size {
            var x = 0
            while x < symbol.size {
                guard symbol[x, y] else {
                    x += 1
                    continue
                }
                let start = x
                while x < symbol.size, symbol[x, y] { x += 1 }
                cairo_rectangle(
                    cr, x0 + origin + Double(start) * module, y0 + origin + Double(y) * module,
                    Double(x - start) * module, module)
            }
        }
        setSource(cr, .solid(code.dark))
        cairo_fill(cr)
    }

    /// The ticker's line, shaped once, drawn at the offset its time gives, repeated every text + gap.
    func draw(_ ticker: TickerItem, _ cr: OpaquePointer) throws {
        let line = try tickerLine(ticker.text)
        guard line.width > 0, !ticker.frame.isEmpty else { return }
        let cycle = line.width + max(ticker.gap, 0)
        let offset = ticker.offset(lineWidth: line.width)
        cairo_save(cr)
        cairo_rectangle(cr, ticker.frame.x, ticker.frame.y, ticker.frame.width, ticker.frame.height)
        cairo_clip(cr)
        var start = -offset
        while start < ticker.frame.width {
            for run in line.text.runs {
                let face = try fontFace(run.face)
                cairo_set_font_face(cr, face)
                cairo_set_font_size(cr, run.size)
                noteGlyphs(of: run, face: face, width: run.size, cr)
                setSource(cr, .solid(run.color))
                var glyphs = run.glyphs.map {
                    cairo_glyph_t(index: UInt($0.id), x: ticker.frame.x + start + $0.x, y: ticker.frame.y + $0.y)
                }
                cairo_show_glyphs(cr, &glyphs, Int32(glyphs.count))
            }
            start += cycle
        }
        cairo_restore(cr)
    }

    /// Sets the ticker's text as one line far wider than any sign, end-aligned, to learn its width.
    private func tickerLine(_ item: TextItem) throws -> WidgetCache.TickerLine {
        if let cached = widgetCache.tickerLines[item] { return cached }
        let room = 1_000_000.0
        var single = item
        single.frame = Rect(x: 0, y: 0, width: room, height: item.frame.height)
        single.paragraph.maxLines = 1
        single.paragraph.alignment = .end
        single.paragraph.overflow = .visible
        let typeset = try typesetter.typeset(single)
        let start = typeset.runs.flatMap(\.glyphs).map(\.x).min() ?? room
        var shifted = typeset
        for index in shifted.runs.indices {
            for glyph in shifted.runs[index].glyphs.indices { shifted.runs[index].glyphs[glyph].x -= start }
        }
        let line = WidgetCache.TickerLine(text: shifted, width: room - start)
        if widgetCache.tickerLines.count >= WidgetCache.limit { widgetCache.tickerLines.removeAll() }
        widgetCache.tickerLines[item] = line
        return line
    }
}
