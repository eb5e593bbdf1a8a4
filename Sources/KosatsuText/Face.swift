package import CFreeType
internal import CHarfBuzz

/// Identifies a loaded face within one `FontLibrary`.
public struct FaceID: Sendable, Hashable {
    public let rawValue: Int
}

/// One font face, open in both FreeType (for cairo to draw) and HarfBuzz (to shape).
///
/// HarfBuzz shapes at a scale of one unit per font unit, so shaped positions do not depend on the
/// size: the typesetter scales them, and a cached shaping serves every size.
package final class Face {
    package let path: String
    package let index: Int
    package let family: String
    package let ftFace: FT_Face
    let hbFont: OpaquePointer
    /// Font design units per em.
    package let unitsPerEm: Double
    /// Ascender and descender in em (descender negative), from the horizontal header.
    package let ascender: Double
    package let descender: Double

    init(path: String, index: Int, library: FreeTypeLibrary) throws {
        let ftFace = try library.openFace(path: path, index: index)
        guard let blob = hb_blob_create_from_file_or_fail(path) else {
            library.release(ftFace)
            throw TextError(.fontLoading, "HarfBuzz could not read \(path)")
        }
        defer { hb_blob_destroy(blob) }
        let hbFace = hb_face_create(blob, UInt32(index))
        defer { hb_face_destroy(hbFace) }
        let upem = hb_face_get_upem(hbFace)
        guard upem > 0, let hbFont = hb_font_create(hbFace) else {
            library.release(ftFace)
            throw TextError(.fontLoading, "HarfBuzz could not load a font from \(path)")
        }
        hb_font_set_scale(hbFont, Int32(upem), Int32(upem))
        self.path = path
        self.index = index
        self.ftFace = ftFace
        self.hbFont = hbFont
        self.unitsPerEm = Double(upem)
        let units = Double(ftFace.pointee.units_per_EM)
        self.ascender = Double(ftFace.pointee.ascender) / units
        self.descender = Double(ftFace.pointee.descender) / units
        self.family = ftFace.pointee.family_name.map { String(cString: $0) } ?? path
        self.library = library
    }

    private let library: FreeTypeLibrary
    private var positioningFeatures: [String: Bool] = [:]

    deinit {
        hb_font_destroy(hbFont)
        library.release(ftFace)
    }

    /// Whether the face has a glyph for the scalar (not .notdef).
    func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0 && glyph != 0
    }

    /// Whether the font's GPOS table has the feature (`halt`, `vhal`, `chws`, `vchw`, …).
    func hasPositioningFeature(_ tag: String) -> Bool {
        if let known = positioningFeatures[tag] { return known }
        let scalars = Array(tag.unicodeScalars.map(\.value))
        guard scalars.count == 4 else { return false }
        let code = scalars.reduce(UInt32(0)) { ($0 << 8) | ($1 & 0xFF) }
        let gpos: UInt32 = 0x4750_4F53  // 'GPOS'
        let face = hb_font_get_face(hbFont)
        var count = hb_ot_layout_table_get_feature_tags(face, gpos, 0, nil, nil)
        var tags = [hb_tag_t](repeating: 0, count: Int(count))
        _ = tags.withUnsafeMutableBufferPointer {
            hb_ot_layout_table_get_feature_tags(face, gpos, 0, &count, $0.baseAddress)
        }
        let found = tags.prefix(Int(count)).contains(code)
        positioningFeatures[tag] = found
        return found
    }

    /// The glyph's ink box in font units: left, right (x) and top, bottom (y up), from its origin.
    func inkBounds(of glyph: UInt32) -> (left: Double, right: Double, top: Double, bottom: Double)? {
        var extents = hb_glyph_extents_t()
        guard hb_font_get_glyph_extents(hbFont, glyph, &extents) != 0, extents.width != 0 || extents.height != 0
        else { return nil }
        let left = Double(extents.x_bearing)
        let top = Double(extents.y_bearing)
        return (left, left + Double(extents.width), top, top + Double(extents.height))
    }

    /// The glyph for a scalar without any substitution.
    func nominalGlyph(for scalar: Unicode.Scalar) -> UInt32? {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0 && glyph != 0 ? glyph : nil
    }
}

extension Face {
    /// A new reference to the FreeType face for cairo, which frees it with `releaseCairoFaceReference`.
    package func referenceForCairo() -> FT_Face {
        FreeTypeLibrary.shared?.reference(ftFace)
        return ftFace
    }
}

/// cairo's destroy callback for a face reference taken by `Face.referenceForCairo()`.
package let releaseCairoFaceReference: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
    guard let pointer, let library = FreeTypeLibrary.shared else { return }
    library.release(pointer.assumingMemoryBound(to: FT_FaceRec_.self))
}
