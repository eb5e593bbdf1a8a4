internal import CFreeType
internal import Foundation

/// The process's one FreeType library.
///
/// It is never destroyed: cairo keeps FreeType faces in its own caches past any renderer's
/// life, and a face must never outlive its library. FreeType requires that creating and
/// destroying faces be serialised, hence the lock.
final class FreeTypeLibrary: @unchecked Sendable {
    static let shared: FreeTypeLibrary? = {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        return FreeTypeLibrary(handle: library)
    }()

    private let handle: FT_Library
    private let lock = NSLock()

    private init(handle: FT_Library) {
        self.handle = handle
    }

    /// Opens face `index` of the font file at `path`.
    func openFace(path: String, index: Int) throws -> FT_Face {
        try lock.withLock {
            var face: FT_Face?
            let status = FT_New_Face(handle, path, index, &face)
            guard status == 0, let face else {
                throw TextError(.fontLoading, "FreeType could not open \(path) (face \(index)): error \(status)")
            }
            return face
        }
    }

    /// Adds a reference to a face, so it outlives its first owner.
    func reference(_ face: FT_Face) {
        lock.withLock { _ = FT_Reference_Face(face) }
    }

    /// Releases one reference to a face (see `FT_Reference_Face`).
    func release(_ face: FT_Face) {
        lock.withLock { _ = FT_Done_Face(face) }
    }
}
