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

    deinit {
        hb_font_destroy(hbFont)
        library.release(ftFace)
    }

    /// Whether the face has a glyph for the scalar (not .notdef).
    func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0 && glyph != 0
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
