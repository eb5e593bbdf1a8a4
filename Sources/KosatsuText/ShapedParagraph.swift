internal import KosatsuLineBreak
internal import KosatsuScene

/// A paragraph shaped once and measured along its lines at scale 1 (px = em × span size): the
/// inline axis runs right for horizontal text and down for vertical text.
struct ShapedParagraph {
    var scalars: [Unicode.Scalar] = []
    var spanOf: [Int] = []
    var spans: [TextSpan] = []
    var vertical = false
    /// Inline advance of each scalar (a cluster's advance on its first scalar), ruby padding included.
    var advance: [Double] = []
    /// Padding before the scalar's glyphs (room for ruby wider than its base), inside `advance`.
    var lead: [Double] = []
    /// The empty half (or quarter) of a punctuation mark that JLReq spacing may remove, before and
    /// after its ink.
    var leadTrim: [Double] = []
    var trailTrim: [Double] = []
    /// Boundary `b` lies before scalar `b`; these arrays have `count + 1` entries.
    /// Space added (or removed, if negative) at the boundary when both sides are on one line.
    var space: [Double] = []
    /// Removed when a line starts at the scalar (an opening bracket set flush).
    var startTrim: [Double] = []
    /// Removed when a line ends after the scalar (the half-em after 。」、), unless justifying needs it.
    var endTrim: [Double] = []
    /// Justification: what the boundary may give up, in which priority, and what it may take.
    var shrink: [Double] = []
    var shrinkClass: [JustificationClass] = []
    var expandCap: [Double] = []
    /// What the space around a bracket or punctuation mark may grow in a justified line, before any
    /// space is put between characters (JLReq's order).
    var punctuationRoom: [Double] = []
    var interCharacter: [Bool] = []
    /// prefix[i] = Σ advance[k] + space[k] for k < i; shrinkPrefix likewise for `shrink`.
    var prefix: [Double] = [0]
    var shrinkPrefix: [Double] = [0]
    /// Σ over boundaries before `i` of: the characters that may be spaced apart (`interCharacter`), and
    /// what Japanese–Latin and Latin spaces and the spaces around punctuation may grow (`expandCap`,
    /// `punctuationRoom`): a justified line's spreading, in O(1).
    var gapPrefix: [Int] = [0]
    var expandPrefix: [Double] = [0]
    var segments: [Segment] = []
    /// Offsets before which a line may end (in phrase mode, every `strict` one), ending with `count`.
    var breaks: [Int] = []
    /// Per offset (`count + 1` entries): a mandatory break; in phrase mode, a break inside a phrase.
    var mandatory: [Bool] = []
    var insidePhrase: [Bool] = []
    /// Breaks inside phrases are ordinary ones (phrase mode when the text fits no other way).
    var relaxesPhrases = false
    var rubies: [RubyAnnotation] = []
    var maxSize: Double = 0

    var count: Int { scalars.count }

    func size(at index: Int) -> Double { spans[spanOf[index]].style.size }

    /// Width of `range` on one line: advances and inner spacing, without the edges' adjustments.
    func naturalWidth(_ range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return prefix[range.upperBound] - prefix[range.lowerBound] - space[range.lowerBound]
    }

    /// Whether a line may end before `offset` only when its phrase is longer than the line.
    func isInsidePhrase(_ offset: Int) -> Bool { !relaxesPhrases && insidePhrase[offset] }

    /// The boundaries strictly inside `range` between characters that may be spaced apart.
    func innerGaps(_ range: Range<Int>) -> Int {
        range.count < 2 ? 0 : gapPrefix[range.upperBound] - gapPrefix[range.lowerBound + 1]
    }

    /// How much the Japanese–Latin and Latin spaces and the spaces around punctuation strictly inside
    /// `range` may grow before characters are spaced apart.
    func innerExpansion(_ range: Range<Int>) -> Double {
        range.count < 2 ? 0 : expandPrefix[range.upperBound] - expandPrefix[range.lowerBound + 1]
    }

    /// How much the boundaries strictly inside `range` can shrink, in every priority together.
    func innerShrink(_ range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return shrinkPrefix[range.upperBound] - shrinkPrefix[range.lowerBound] - shrink[range.lowerBound]
    }
}

/// Space a justified line may give or take, in JLReq's order: shrink from the first class on,
/// expand Japanese–Latin and Latin spaces before spacing characters apart.
enum JustificationClass: UInt8 {
    case none
    /// A Latin word space (shrinks to half).
    case latinSpace
    /// The quarter ems either side of ・：；.
    case middleDot
    /// The half em after a closing bracket, 、 or 。 mid-line, or before an opening bracket.
    case bracket
    /// Japanese–Latin space (shrinks to ⅛ em).
    case autospace
}

/// How a segment's glyphs stand in the line.
enum SegmentKind: Hashable {
    /// Horizontal text, or upright characters in vertical text (shaped top to bottom).
    case natural
    /// Turned 90° clockwise in vertical text (Latin words, long numbers).
    case rotated
    /// Tate-chu-yoko: up to two digits set side by side in one upright em.
    case tateChuYoko
}

struct Segment {
    var range: Range<Int>
    var face: FaceID
    var span: Int
    var kind: SegmentKind
    var glyphs: [SegmentGlyph]
    /// Tate-chu-yoko: the horizontal width of the digits (px at scale 1) and its squeeze into one em.
    var unitWidth: Double = 0
    var unitScale: Double = 1
}

struct SegmentGlyph {
    var id: UInt32
    /// The scalar whose cluster the glyph belongs to.
    var cluster: Int
    /// Pen position from the cluster's start along the shaping direction, px at scale 1.
    var pen: Double
    /// HarfBuzz offsets, px at scale 1, y up.
    var offsetX: Double
    var offsetY: Double
}

/// Ruby over a base: shaped at half the base's size along the same direction.
struct RubyAnnotation {
    var base: Range<Int>
    var span: Int
    var pieces: [(face: FaceID, glyphs: [SegmentGlyph])]
    /// Inline length of the ruby text, px at scale 1.
    var width: Double
    var size: Double
}
