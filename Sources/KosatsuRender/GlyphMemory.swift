internal import CCairo
import Synchronization

/// A bound on the glyph images cairo keeps for the sign, in bytes and in age.
///
/// cairo 1.16 keeps every glyph it has drawn as an image (and pixman a copy of it) inside the scaled
/// font of its face and size, and keeps the last 256 scaled fonts nobody uses whole: bounded by counts,
/// not bytes. A sign that fits headlines and counts to new sizes all day collects glyph images at
/// sizes it will never draw again. This ledger follows what the renderers drew, font by font, in the
/// order cairo holds them over, and has cairo let go of:
/// - fonts no frame has drawn with for `maxAge` (checked once a minute): a size a count had an hour
///   ago, an emergency screen's headline after the all-clear;
/// - past `budget` estimated bytes (at most once a `minimumInterval`), every font not drawn in the
///   last `recentUse`: the other pages of a playlist, set again when they come round. What the
///   screen draws now stays, whatever it costs.
/// A glyph needed again is rasterized again (a few milliseconds for a board).
///
/// cairo frees an unused font only when newer unused ones push it out of its 256 holdovers, oldest
/// first; so letting go of the `k` oldest means creating and dropping `k` fonts of a sub-pixel size
/// that nothing draws with. Those throwaways are held over in their turn, and the ledger counts them.
///
/// One per process, as cairo's caches are.
public final class GlyphMemory: Sendable {
    /// The sign's ledger: 3 MB of estimated glyph images, fonts unused for 10 minutes let go. The
    /// demo's board, dashboard, notices and an emergency screen draw about 5 MB of them, one page
    /// under 3 MB; past the budget, each minute the pages off screen give theirs back (about 1.5 MB
    /// of anonymous memory, for re-rasterizing a page's glyphs once a minute).
    public static let shared = GlyphMemory(budget: 3 << 20)

    /// A scaled font as cairo keys it: the face and the glyph size in output pixels.
    struct Font: Hashable {
        var face: Int
        var width: Double
        var height: Double
        var rotated: Bool
    }

    struct Drawn {
        var glyphs: Set<UInt32> = []
        var bytes = 0
        var lastUse: ContinuousClock.Instant
    }

    struct Ledger {
        var fonts: [Font: Drawn] = [:]
        /// When each throwaway font still in cairo's holdovers was dropped, oldest first.
        var throwaways: [ContinuousClock.Instant] = []
        var bytes = 0
        var releases = 0
        var lastRelease: ContinuousClock.Instant?
        var lastSweep: ContinuousClock.Instant?
    }

    /// Estimated bytes above which cairo is asked to let go of every unused font.
    public let budget: Int
    /// The least time between two such releases: a playlist whose glyphs need more than the budget
    /// costs a re-rasterization a minute, not one a frame.
    public let minimumInterval: Duration
    /// How long a font may go undrawn before cairo is asked to let go of it.
    public let maxAge: Duration
    /// Past the budget, fonts drawn this recently are kept: the page on screen and the one before.
    public let recentUse: Duration
    private let ledger = Mutex(Ledger())

    public init(
        budget: Int, minimumInterval: Duration = .seconds(60), maxAge: Duration = .seconds(600),
        recentUse: Duration = .seconds(20)
    ) {
        self.budget = budget
        self.minimumInterval = minimumInterval
        self.maxAge = maxAge
        self.recentUse = recentUse
    }

    /// Estimated bytes of the glyph images cairo holds for the fonts in the ledger.
    public var estimatedBytes: Int { ledger.withLock { $0.bytes } }

    /// How many times cairo was asked to let go of fonts (over the budget or too old).
    public var releases: Int { ledger.withLock { $0.releases } }

    /// How many fonts the ledger follows.
    var fontCount: Int { ledger.withLock { $0.fonts.count } }

    /// Records glyphs drawn with `face` at `width`×`height` output pixels an em.
    func note(
        face: OpaquePointer, width: Double, height: Double, rotated: Bool, glyphs: some Sequence<UInt32>,
        now: ContinuousClock.Instant = .now
    ) {
        let font = Font(face: Int(bitPattern: UnsafeRawPointer(face)), width: width, height: height, rotated: rotated)
        let cost = Self.cost(width: width, height: height)
        ledger.withLock { ledger in
            var drawn = ledger.fonts.removeValue(forKey: font) ?? Drawn(lastUse: now)
            let before = drawn.glyphs.count
            drawn.glyphs.formUnion(glyphs)
            let added = (drawn.glyphs.count - before) * cost
            drawn.bytes += added
            drawn.lastUse = now
            ledger.bytes += added
            ledger.fonts[font] = drawn
            // cairo holds over 256 unused fonts: one further back it has freed itself.
            if ledger.fonts.count + ledger.throwaways.count > Self.holdovers + 1 { Self.forgetOldest(&ledger) }
        }
    }

    /// An upper estimate of one glyph's memory: cairo's A8 image of the em box (rows padded to four
    /// bytes), pixman's copy, and their headers.
    static func cost(width: Double, height: Double) -> Int {
        let columns = (Int(width.rounded(.up)) + 2 + 3) & ~3
        let rows = Int(height.rounded(.up)) + 2
        return 2 * columns * rows + 512
    }

    /// After a frame: lets go of fonts past their age or, past the budget, of those not drawn lately,
    /// creating the throwaways with `face`. Returns how many held-over fonts cairo was made to free.
    @discardableResult
    func settle(face: OpaquePointer?, options: OpaquePointer?, now: ContinuousClock.Instant = .now) -> Int {
        guard let face else { return 0 }
        let evictions = ledger.withLock { ledger -> Int in
            if ledger.bytes > budget, ledger.lastRelease.map({ now - $0 >= minimumInterval }) ?? true,
                ledger.fonts.values.contains(where: { now - $0.lastUse > recentUse })
            {
                ledger.lastRelease = now
                ledger.lastSweep = now
                // With nothing drawn lately (a still screen), every unused font goes, seen or not.
                let idle = !ledger.fonts.values.contains { now - $0.lastUse <= recentUse }
                return Self.evict(olderThan: idle ? nil : now - recentUse, &ledger, now: now)
            }
            guard ledger.lastSweep.map({ now - $0 >= .seconds(60) }) ?? true else { return 0 }
            ledger.lastSweep = now
            return Self.evict(olderThan: now - maxAge, &ledger, now: now)
        }
        if evictions > 0 { Self.releaseUnusedFonts(count: evictions, face: face, options: options) }
        return evictions
    }

    /// Takes the fonts last drawn before `cutoff` (all of them without one) out of the ledger, with the
    /// throwaways held over before the newest of them, and returns how many throwaways push them out.
    private static func evict(
        olderThan cutoff: ContinuousClock.Instant?, _ ledger: inout Ledger, now: ContinuousClock.Instant
    )
        -> Int
    {
        let old = ledger.fonts.filter { entry in cutoff.map { entry.value.lastUse < $0 } ?? true }
        guard let newest = old.values.map(\.lastUse).max() else { return 0 }
        let throwaways = ledger.throwaways.prefix { $0 <= newest }.count
        for (font, drawn) in old {
            ledger.fonts[font] = nil
            ledger.bytes -= drawn.bytes
        }
        ledger.throwaways.removeFirst(throwaways)
        // Without a cutoff, every unused font goes, whether the ledger saw it drawn or not.
        let count = cutoff == nil ? holdovers : min(old.count + throwaways, holdovers)
        if cutoff == nil { ledger.throwaways = [] }
        ledger.throwaways.append(contentsOf: repeatElement(now, count: count))
        ledger.releases += 1
        return count
    }

    /// Forgets the oldest font or throwaway, which cairo has pushed out of its holdovers.
    private static func forgetOldest(_ ledger: inout Ledger) {
        let oldest = ledger.fonts.min { $0.value.lastUse < $1.value.lastUse }
        if let throwaway = ledger.throwaways.first, oldest.map({ throwaway <= $0.value.lastUse }) ?? true {
            ledger.throwaways.removeFirst()
        } else if let (font, drawn) = oldest {
            ledger.fonts[font] = nil
            ledger.bytes -= drawn.bytes
        }
    }

    /// Creates and drops `count` fonts of a sub-pixel size nothing draws with, so that cairo frees as
    /// many of its oldest held-over fonts. Each is marked, so that one found again (from an earlier
    /// release) is not counted as new. Returns how many new ones it made.
    @discardableResult
    static func releaseUnusedFonts(count: Int = holdovers, face: OpaquePointer, options: OpaquePointer?) -> Int {
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        var fresh = 0
        var attempt = 0
        let start = releaseSeed.add(count, ordering: .relaxed).oldValue
        while fresh < count, attempt < 4 * count {
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
