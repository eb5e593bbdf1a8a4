internal import CCairo
import Synchronization

/// A bound, in bytes, on the glyph images cairo keeps for the sign.
///
/// cairo 1.16 keeps every glyph it has drawn as an image (and pixman a copy of it) inside the scaled
/// font of its face and size, and keeps the last 256 scaled fonts nobody uses whole: bounded by counts,
/// not bytes. A sign that fits headlines and counts to new sizes all day collects glyph images at
/// sizes it will never draw again. This ledger estimates those bytes from what the renderers drew;
/// past the budget it has cairo drop every scaled font no frame is using, which frees their glyphs.
/// The glyphs a frame needs again are rasterized again (a few milliseconds for a board).
///
/// One per process, as cairo's caches are.
public final class GlyphMemory: Sendable {
    /// The sign's ledger: 6 MB of estimated glyph images (the demo board and its emergency screens
    /// draw about 2 MB of them).
    public static let shared = GlyphMemory(budget: 6 << 20)

    /// A scaled font as cairo keys it: the face and the glyph size in output pixels.
    struct Font: Hashable {
        var face: Int
        var width: Double
        var height: Double
        var rotated: Bool
    }

    struct Ledger {
        var glyphs: [Font: Set<UInt32>] = [:]
        var bytes = 0
        var releases = 0
        var lastRelease: ContinuousClock.Instant?
    }

    /// Estimated bytes above which cairo is asked to let go of unused fonts.
    public let budget: Int
    /// The least time between two releases: a playlist whose glyphs need more than the budget costs
    /// a re-rasterization a minute, not one a frame.
    public let minimumInterval: Duration
    private let ledger = Mutex(Ledger())

    public init(budget: Int, minimumInterval: Duration = .seconds(60)) {
        self.budget = budget
        self.minimumInterval = minimumInterval
    }

    /// Estimated bytes of glyph images drawn since the last release.
    public var estimatedBytes: Int { ledger.withLock { $0.bytes } }

    /// How many times cairo was asked to let go of unused fonts.
    public var releases: Int { ledger.withLock { $0.releases } }

    /// Records glyphs drawn with `face` at `width`×`height` output pixels an em.
    func note(face: OpaquePointer, width: Double, height: Double, rotated: Bool, glyphs: some Sequence<UInt32>) {
        let font = Font(face: Int(bitPattern: UnsafeRawPointer(face)), width: width, height: height, rotated: rotated)
        let cost = Self.cost(width: width, height: height)
        ledger.withLock { ledger in
            let before = ledger.glyphs[font]?.count ?? 0
            ledger.glyphs[font, default: []].formUnion(glyphs)
            ledger.bytes += ((ledger.glyphs[font]?.count ?? 0) - before) * cost
        }
    }

    /// An upper estimate of one glyph's memory: cairo's A8 image of the em box (rows padded to four
    /// bytes), pixman's copy, and their headers.
    static func cost(width: Double, height: Double) -> Int {
        let columns = (Int(width.rounded(.up)) + 2 + 3) & ~3
        let rows = Int(height.rounded(.up)) + 2
        return 2 * columns * rows + 512
    }

    /// After a frame: past the budget (and at most once a `minimumInterval`), has cairo drop every
    /// scaled font no drawing holds, creating them with `face`. Returns whether it did.
    @discardableResult
    func settle(face: OpaquePointer?, options: OpaquePointer?, now: ContinuousClock.Instant = .now) -> Bool {
        guard let face else { return false }
        let due = ledger.withLock { ledger -> Bool in
            guard ledger.bytes > budget else { return false }
            if let last = ledger.lastRelease, now - last < minimumInterval { return false }
            ledger.glyphs = [:]
            ledger.bytes = 0
            ledger.releases += 1
            ledger.lastRelease = now
            return true
        }
        if due { Self.releaseUnusedFonts(face: face, options: options) }
        return due
    }

    /// cairo frees an unused scaled font (and its glyphs) only when 256 newer unused ones push it out
    /// of its holdovers: create and drop 256 fonts of a sub-pixel size that nothing draws with. Each
    /// is marked, so that one found again (from an earlier release) is not counted as new. Returns how
    /// many new ones it made (256 unless cairo refused them).
    @discardableResult
    static func releaseUnusedFonts(face: OpaquePointer, options: OpaquePointer?) -> Int {
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        var fresh = 0
        var attempt = 0
        let start = Int(releaseSeed.add(256, ordering: .relaxed).oldValue)
        while fresh < holdovers, attempt < 4 * holdovers {
            // Distinct sizes between 1/8 and 1/4 of a pixel: never a size the sign draws.
            let size = 0.125 + Double((start + attempt) % (1 << 20)) / Double(1 << 23)
            attempt += 1
            var matrix = cairo_matrix_t()
            cairo_matrix_init_scale(&matrix, size, size)
            guard let font = cairo_scaled_font_create(face, &matrix, &identity, options) else { continue }
            defer { cairo_scaled_font_destroy(font) }
            guard cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS,
                cairo_scaled_font_get_user_data(font, throwawayKey) == nil
            else { continue }
            _ = cairo_scaled_font_set_user_data(font, throwawayKey, UnsafeMutableRawPointer(bitPattern: 1), nil)
            fresh += 1
        }
        return fresh
    }

    /// cairo's CAIRO_SCALED_FONT_MAX_HOLDOVERS.
    static let holdovers = 256
}

private let releaseSeed = Atomic<Int>(0)
nonisolated(unsafe) private let throwawayKey = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
