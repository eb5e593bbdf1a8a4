/// A rendered frame as a plain value: XRGB8888 pixels, row after row, no padding.
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
