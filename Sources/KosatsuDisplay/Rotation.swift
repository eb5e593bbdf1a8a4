public import KosatsuScene

/// How the panel is mounted: the frame is turned clockwise by this angle on its way to the
/// scanout, so a portrait sign on a landscape panel uses `.degrees90` or `.degrees270`.
public enum Rotation: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case degrees0 = 0
    case degrees90 = 90
    case degrees180 = 180
    case degrees270 = 270

    public init?(degrees: Int) {
        self.init(rawValue: degrees)
    }

    public var description: String { "\(rawValue)°" }

    /// Whether width and height swap between the frame and the scanout.
    public var swapsAxes: Bool { self == .degrees90 || self == .degrees270 }

    /// The logical (frame) size for a scanout of `size`.
    public func logicalSize(forScanout size: PixelSize) -> PixelSize {
        swapsAxes ? PixelSize(width: size.height, height: size.width) : size
    }

    /// Where a logical rectangle lands on the scanout; `logical` is the frame's size.
    public func scanoutRect(_ rect: DamageRect, logical: PixelSize) -> DamageRect {
        switch self {
        case .degrees0:
            return rect
        case .degrees90:
            // (x, y) -> (H - 1 - y, x): the frame's top edge becomes the scanout's right edge.
            return DamageRect(
                x: logical.height - rect.y - rect.height, y: rect.x, width: rect.height, height: rect.width)
        case .degrees180:
            return DamageRect(
                x: logical.width - rect.x - rect.width, y: logical.height - rect.y - rect.height,
                width: rect.width, height: rect.height)
        case .degrees270:
            // (x, y) -> (y, W - 1 - x)
            return DamageRect(x: rect.y, y: logical.width - rect.x - rect.width, width: rect.height, height: rect.width)
        }
    }
}

/// Who turns the picture for a rotated panel.
public enum RotationHandling: String, Sendable, Hashable, Codable {
    /// Nothing to turn (0°).
    case none
    /// The primary plane's `rotation` property: the copy is straight, the display engine turns it.
    case plane
    /// The copy into the scanout buffer turns the pixels (no usable plane property).
    case copy
}

/// Copies frame pixels into a scanout buffer, turning them when the rotation asks for it.
enum PixelCopy {
    /// Copies `rect` (in frame coordinates, already clipped to `logical`) from `source` into
    /// `destination`, whose rows are `destinationStride` bytes apart.
    static func copy(
        _ rect: DamageRect, logical: PixelSize, rotation: Rotation,
        from source: UnsafeRawPointer, sourceStride: Int,
        to destination: UnsafeMutableRawPointer, destinationStride: Int
    ) {
        guard !rect.isEmpty else { return }
        switch rotation {
        case .degrees0:
            let rowBytes = rect.width * 4
            for row in rect.y..<(rect.y + rect.height) {
                (destination + row * destinationStride + rect.x * 4)
                    .copyMemory(from: source + row * sourceStride + rect.x * 4, byteCount: rowBytes)
            }
        case .degrees90, .degrees180, .degrees270:
            // One pixel at a time: the rows of the frame become columns (or run backwards).
            for row in rect.y..<(rect.y + rect.height) {
                let sourceRow = source + row * sourceStride
                for column in rect.x..<(rect.x + rect.width) {
                    let (sx, sy) = scanoutPoint(x: column, y: row, logical: logical, rotation: rotation)
                    let pixel = sourceRow.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self)
                    destination.storeBytes(of: pixel, toByteOffset: sy * destinationStride + sx * 4, as: UInt32.self)
                }
            }
        }
    }

    static func scanoutPoint(x: Int, y: Int, logical: PixelSize, rotation: Rotation) -> (Int, Int) {
        switch rotation {
        case .degrees0: (x, y)
        case .degrees90: (logical.height - 1 - y, x)
        case .degrees180: (logical.width - 1 - x, logical.height - 1 - y)
        case .degrees270: (y, logical.width - 1 - x)
        }
    }
}
