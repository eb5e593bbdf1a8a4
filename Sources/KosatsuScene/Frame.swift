/// A drawn frame as a plain value: XRGB8888 pixels, row after row, no padding.
///
/// The one frame type: the renderer hands it out (`Canvas.frame()`), PNG files read into it, the
/// display shows it (`DisplayOutput.present(_:damage:)`) and tests compare it. In memory each pixel is
/// B, G, R, X on little-endian machines, which is both cairo's RGB24 and DRM's XRGB8888.
public struct Frame: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// 0x00RRGGBB per pixel (the high byte is ignored).
    public var pixels: [UInt32]

    public init(width: Int, height: Int, pixels: [UInt32]) {
        precondition(pixels.count == width * height, "pixel count must match the frame size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> UInt32 { pixels[y * width + x] & 0x00FF_FFFF }
}

/// A size in pixels.
public struct PixelSize: Sendable, Hashable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}

/// A rectangle of pixels that changed since the previous frame.
public struct DamageRect: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public init(size: PixelSize) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The part of this rectangle inside `0..<size`.
    public func clipped(to size: PixelSize) -> DamageRect {
        let left = max(0, x)
        let top = max(0, y)
        let right = min(size.width, x + width)
        let bottom = min(size.height, y + height)
        return DamageRect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    public func contains(_ other: DamageRect) -> Bool {
        other.x >= x && other.y >= y && other.x + other.width <= x + width && other.y + other.height <= y + height
    }

    /// The smallest rectangle holding both.
    public func union(_ other: DamageRect) -> DamageRect {
        let left = min(x, other.x)
        let top = min(y, other.y)
        let right = max(x + width, other.x + other.width)
        let bottom = max(y + height, other.y + other.height)
        return DamageRect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Pixels covered.
    public var area: Int { isEmpty ? 0 : width * height }
}
