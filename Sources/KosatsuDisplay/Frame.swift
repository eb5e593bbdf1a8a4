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
}

/// One frame to show: the renderer's pixels, in the output's logical orientation.
///
/// `pixels` are 32-bit pixels, XRGB8888 as DRM names it: on little-endian this is the same
/// byte order as Cairo's `CAIRO_FORMAT_ARGB32`/`RGB24` (B, G, R, X in memory); the alpha byte
/// is ignored. `damage` lists what changed since the previous frame; empty means everything.
public struct Frame: Sendable {
    public var pixels: [UInt8]
    public var width: Int
    public var height: Int
    /// Bytes from one row to the next (at least `width * 4`).
    public var stride: Int
    public var damage: [DamageRect]

    public init(pixels: [UInt8], width: Int, height: Int, stride: Int, damage: [DamageRect] = []) {
        self.pixels = pixels
        self.width = width
        self.height = height
        self.stride = stride
        self.damage = damage
    }

    public var size: PixelSize { PixelSize(width: width, height: height) }
}
