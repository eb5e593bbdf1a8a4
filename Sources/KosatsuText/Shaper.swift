internal import CHarfBuzz

/// One glyph as HarfBuzz placed it, in font units.
struct ShapedGlyph: Hashable {
    var glyph: UInt32
    /// Offset (in scalars) of the first character of this glyph's cluster, within the shaped text.
    var cluster: Int
    /// Advance along the line: rightwards for horizontal text, downwards for vertical (TTB) text.
    var advance: Double
    /// HarfBuzz's offsets from the pen to the glyph's horizontal origin (font units, y up).
    var offsetX: Double
    var offsetY: Double
}

/// The direction HarfBuzz shapes in.
enum ShapingDirection: Hashable {
    /// Left to right: horizontal text, and Latin turned sideways in vertical text.
    case horizontal
    /// Top to bottom with `vert`/`vrt2`: upright characters in vertical text.
    case vertical
}

/// Shapes runs of text with HarfBuzz and remembers the results.
///
/// Shaping happens in font units, so one cached result serves every font size; re-rendering
/// unchanged text costs a dictionary lookup.
final class Shaper {
    private struct Key: Hashable {
        let text: [Unicode.Scalar]
        let face: FaceID
        let language: String
        let features: [String]
        let direction: ShapingDirection
    }

    /// Bounded by count and by age, for a sign that shows ever-changing text for months.
    private var cache = RecentCache<Key, [ShapedGlyph]>(limit: 2048)
    private let buffer: OpaquePointer

    init() {
        buffer = hb_buffer_create()
    }

    deinit {
        hb_buffer_destroy(buffer)
    }

    var cachedRunCount: Int { cache.count }

    func clearCache() { cache.removeAll() }

    /// Forgets runs not shaped or reused since the last call.
    func ageCache() { cache.age() }

    func shape(
        _ text: ArraySlice<Unicode.Scalar>, face: Face, id: FaceID, language: String, features: [String],
        direction: ShapingDirection = .horizontal
    ) -> [ShapedGlyph] {
        let key = Key(text: Array(text), face: id, language: language, features: features, direction: direction)
        if let cached = cache.value(for: key) { return cached }
        let glyphs = shapeUncached(
            key.text, font: face.hbFont, language: language, features: features, direction: direction)
        cache.store(glyphs, for: key)
        return glyphs
    }

    private func shapeUncached(
        _ text: [Unicode.Scalar], font: OpaquePointer, language: String, features: [String],
        direction: ShapingDirection
    ) -> [ShapedGlyph] {
        hb_buffer_clear_contents(buffer)
        let codepoints = text.map(\.value)
        codepoints.withUnsafeBufferPointer { points in
            hb_buffer_add_utf32(buffer, points.baseAddress, Int32(points.count), 0, Int32(points.count))
        }
        hb_buffer_set_direction(buffer, direction == .vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR)
        hb_buffer_set_language(buffer, hb_language_from_string(language, -1))
        hb_buffer_guess_segment_properties(buffer)
        // Vertical alternates: HarfBuzz turns `vert` on for TTB; `vrt2` covers fonts that prefer it.
        let requested = direction == .vertical ? ["vert", "vrt2"] + features : features
        var parsed: [hb_feature_t] = requested.compactMap { spec in
            var feature = hb_feature_t()
            return hb_feature_from_string(spec, -1, &feature) != 0 ? feature : nil
        }
        parsed.withUnsafeMutableBufferPointer { hb_shape(font, buffer, $0.baseAddress, UInt32($0.count)) }
        var count: UInt32 = 0
        guard let infos = hb_buffer_get_glyph_infos(buffer, &count),
            let positions = hb_buffer_get_glyph_positions(buffer, &count)
        else { return [] }
        return (0..<Int(count)).map { i in
            ShapedGlyph(
                glyph: infos[i].codepoint,
                cluster: Int(infos[i].cluster),
                advance: direction == .vertical ? -Double(positions[i].y_advance) : Double(positions[i].x_advance),
                offsetX: Double(positions[i].x_offset),
                offsetY: Double(positions[i].y_offset)
            )
        }
    }
}
