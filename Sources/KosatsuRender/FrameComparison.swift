public import KosatsuScene

/// How two frames differ, for golden-image tests and the display tests.
public struct FrameComparison: Sendable {
    /// Pixels where some channel differs by more than the tolerance.
    public let differingPixels: Int
    /// The largest per-channel difference seen anywhere.
    public let maximumDelta: Int
    /// The smallest rectangle holding every differing pixel (x, y, width, height), if any.
    public let differenceBounds: (x: Int, y: Int, width: Int, height: Int)?
    public let sizesMatch: Bool

    /// Compares per channel; a channel within `tolerance` (0…255) counts as equal.
    public init(actual: Frame, expected: Frame, tolerance: Int) {
        guard actual.width == expected.width, actual.height == expected.height else {
            differingPixels = max(actual.pixels.count, expected.pixels.count)
            maximumDelta = 255
            differenceBounds = nil
            sizesMatch = false
            return
        }
        sizesMatch = true
        var count = 0
        var worst = 0
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<actual.height {
            for x in 0..<actual.width {
                let delta = Self.delta(actual[x, y], expected[x, y])
                worst = max(worst, delta)
                if delta > tolerance {
                    count += 1
                    minX = min(minX, x)
                    minY = min(minY, y)
                    maxX = max(maxX, x)
                    maxY = max(maxY, y)
                }
            }
        }
        differingPixels = count
        maximumDelta = worst
        differenceBounds = count > 0 ? (minX, minY, maxX - minX + 1, maxY - minY + 1) : nil
    }

    public var matches: Bool { sizesMatch && differingPixels == 0 }

    static func delta(_ a: UInt32, _ b: UInt32) -> Int {
        var worst = 0
        for shift in [0, 8, 16] as [UInt32] {
            let ca = Int((a >> shift) & 0xFF)
            let cb = Int((b >> shift) & 0xFF)
            worst = max(worst, abs(ca - cb))
        }
        return worst
    }

    /// The reference faded to a third of its contrast, with differing pixels in red.
    public static func diffImage(actual: Frame, expected: Frame, tolerance: Int) -> Frame {
        let width = expected.width
        let height = expected.height
        var pixels = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let reference = expected[x, y]
                let differs = x >= actual.width || y >= actual.height || delta(actual[x, y], reference) > tolerance
                if differs {
                    pixels[y * width + x] = 0x00FF_0000
                } else {
                    let r = (reference >> 16) & 0xFF, g = (reference >> 8) & 0xFF, b = reference & 0xFF
                    let grey = (r * 30 + g * 59 + b * 11) / 100
                    let faded = 170 + grey / 3
                    pixels[y * width + x] = (faded << 16) | (faded << 8) | faded
                }
            }
        }
        return Frame(width: width, height: height, pixels: pixels)
    }
}
