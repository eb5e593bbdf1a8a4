internal import CCairo

extension Canvas {
    /// Paints `other` over this canvas, moved `x` pixels right and with `alpha` (a transition's step:
    /// a fade paints the incoming frame over the outgoing one, a slide paints both side by side).
    public func paint(_ other: Canvas, x: Double = 0, alpha: Double = 1) throws {
        guard let cr = cairo_create(surface) else { throw RenderError(.cairo, "cairo_create failed") }
        defer { cairo_destroy(cr) }
        cairo_set_source_surface(cr, other.surface, x, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_FAST)
        if alpha >= 1 {
            cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
            cairo_rectangle(cr, x, 0, Double(other.width), Double(other.height))
            cairo_fill(cr)
        } else {
            cairo_paint_with_alpha(cr, max(alpha, 0))
        }
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.cairo, "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
        cairo_surface_flush(surface)
    }
}
