import ArgumentParser
import Glibc
import KosatsuRender
import KosatsuScene

/// `kosatsu compare`: whether two pictures of a frame agree, within the golden-image tolerance —
/// e.g. a screen capture of the panel against `kosatsu render` of the same layout, data and time.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two PNG frames pixel by pixel within a per-channel tolerance.",
        discussion: """
            Exits 0 when every channel of every pixel is within --tolerance, 1 otherwise (and with \
            --diff writes the expected frame faded, differing pixels in red).
            """)

    @Argument(help: "The expected frame (PNG), e.g. from `kosatsu render`.")
    var expected: String

    @Argument(help: "The frame to check (PNG), e.g. a screen capture.")
    var actual: String

    @Option(help: "Largest per-channel difference (0–255) that still counts as equal.")
    var tolerance: Int = 8

    @Option(help: "Where to write a difference image when the frames differ.")
    var diff: String?

    @Option(
        help: """
            The actual picture is a panel's scanout with the frame turned clockwise by 0, 90, 180 or 270 \
            degrees (`kosatsu show --rotate`); it is turned back before comparing.
            """)
    var scanoutRotation: Int = 0

    func validate() throws {
        guard (0...255).contains(tolerance) else { throw ValidationError("--tolerance takes 0–255, not \(tolerance)") }
        guard [0, 90, 180, 270].contains(scanoutRotation) else {
            throw ValidationError("--scanout-rotation takes 0, 90, 180 or 270, not \(scanoutRotation)")
        }
    }

    func run() throws {
        let expectedFrame: Frame
        let actualFrame: Frame
        do {
            expectedFrame = try PNGFile.read(expected)
            actualFrame = Self.unturn(try PNGFile.read(actual), degrees: scanoutRotation)
        } catch {
            throw CommandFailure("\(error)")
        }
        // The usual answer, quickly: the same program on the same libraries draws the same bytes.
        if Self.identical(actualFrame, expectedFrame) {
            print("kosatsu: \(actual) matches \(expected) (\(actualFrame.width)x\(actualFrame.height), identical)")
            return
        }
        let comparison = FrameComparison(actual: actualFrame, expected: expectedFrame, tolerance: tolerance)
        guard comparison.sizesMatch else {
            throw CommandFailure(
                "\(actual) is \(actualFrame.width)x\(actualFrame.height), "
                    + "\(expected) is \(expectedFrame.width)x\(expectedFrame.height)")
        }
        if comparison.matches {
            print(
                "kosatsu: \(actual) matches \(expected) (\(actualFrame.width)x\(actualFrame.height), "
                    + "largest channel difference \(comparison.maximumDelta), tolerance \(tolerance))")
            return
        }
        var message =
            "\(actual) differs from \(expected): \(comparison.differingPixels) pixels beyond tolerance \(tolerance), "
            + "largest channel difference \(comparison.maximumDelta)"
        if let bounds = comparison.differenceBounds {
            message += ", within \(bounds.width)x\(bounds.height) at (\(bounds.x), \(bounds.y))"
        }
        if let diff {
            let image = FrameComparison.diffImage(actual: actualFrame, expected: expectedFrame, tolerance: tolerance)
            do {
                try Canvas(frame: image).writePNG(to: diff)
                message += "; difference image: \(diff)"
            } catch {
                message += "; cannot write the difference image: \(error)"
            }
        }
        throw CommandFailure(message)
    }

    static func identical(_ a: Frame, _ b: Frame) -> Bool {
        guard a.width == b.width, a.height == b.height else { return false }
        return a.pixels.withUnsafeBytes { left in
            b.pixels.withUnsafeBytes { right in
                guard left.count == right.count, let l = left.baseAddress, let r = right.baseAddress else {
                    return left.count == right.count
                }
                return memcmp(l, r, left.count) == 0
            }
        }
    }

    /// The frame a panel turned clockwise by `degrees` was showing: `scanout` turned back.
    static func unturn(_ scanout: Frame, degrees: Int) -> Frame {
        let swaps = degrees == 90 || degrees == 270
        guard degrees != 0 else { return scanout }
        let width = swaps ? scanout.height : scanout.width
        let height = swaps ? scanout.width : scanout.height
        var pixels = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                // Where frame pixel (x, y) went on the scanout, as the display output turns it.
                let (sx, sy) =
                    switch degrees {
                    case 90: (height - 1 - y, x)
                    case 180: (width - 1 - x, height - 1 - y)
                    default: (y, width - 1 - x)
                    }
                pixels[y * width + x] = scanout[sx, sy]
            }
        }
        return Frame(width: width, height: height, pixels: pixels)
    }
}
