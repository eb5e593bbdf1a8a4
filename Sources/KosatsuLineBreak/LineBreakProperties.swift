/// East Asian Width (UAX #11) folded to what line breaking asks about.
enum EastAsianWidthKind: UInt8, Sendable {
    /// N or Na.
    case narrow = 0
    /// A: ambiguous, wide in East Asian fonts.
    case ambiguous = 1
    /// F or W.
    case wide = 2
    /// H.
    case halfwidth = 3

    /// F, W or H: the widths that make an OP or CP "East Asian" for UAX #14 LB30.
    var isEastAsian: Bool { self == .wide || self == .halfwidth }

    /// A, F or W: the postfixes and prefixes that CSS `line-break: loose` lets a line start or end with.
    var isAmbiguousOrWide: Bool { self == .ambiguous || self == .wide }
}

/// The Unicode 15.0 Line_Break and East_Asian_Width properties of every scalar.
enum LineBreakProperties {
    static let table = ScalarPropertyTable(
        blockShift: LineBreakData.blockShift,
        stage1Hex: LineBreakData.stage1Hex,
        stage2Hex: LineBreakData.stage2Hex
    )

    /// The class stored in a table byte (bits 0–5).
    @inline(__always)
    static func lineBreakClass(of packed: UInt8) -> LineBreakClass {
        // The generator writes only valid raw values; the fallback keeps this total.
        LineBreakClass(rawValue: packed & 0x3F) ?? .al
    }

    /// The width stored in a table byte (bits 6–7).
    @inline(__always)
    static func eastAsianWidth(of packed: UInt8) -> EastAsianWidthKind {
        EastAsianWidthKind(rawValue: packed >> 6) ?? .narrow
    }

    static func lineBreakClass(of scalar: Unicode.Scalar) -> LineBreakClass {
        lineBreakClass(of: table.value(of: scalar.value))
    }

    static func eastAsianWidth(of scalar: Unicode.Scalar) -> EastAsianWidthKind {
        eastAsianWidth(of: table.value(of: scalar.value))
    }

    /// Whether `scalar` is an unassigned Extended_Pictographic code point (UAX #14 LB30b).
    static func isUnassignedPictograph(_ scalar: UInt32) -> Bool {
        let ranges = LineBreakData.unassignedPictographs
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < scalar {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < ranges.count && ranges[low].contains(scalar)
    }
}
