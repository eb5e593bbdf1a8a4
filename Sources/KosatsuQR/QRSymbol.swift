internal import CQREncode
import Foundation

/// A QR code symbol as a plain value: a square of modules, dark or light, encoded by libqrencode.
public struct QRSymbol: Sendable, Hashable {
    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    /// The symbol's version (1…40).
    public let version: Int
    /// Row after row; true is a dark module.
    public let modules: [Bool]

    public subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Error-correction level (L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be damaged).
    public enum Correction: String, Sendable, Hashable, CaseIterable {
        case low = "L", medium = "M", quartile = "Q", high = "H"

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Encodes `text` (UTF-8, 8-bit mode, so URLs keep their case) in the smallest version that holds it.
    public init(encoding text: String, correction: Correction = .medium) throws(QRError) {
        guard !text.isEmpty else { throw QRError("nothing to encode") }
        let bytes = Array(text.utf8)
        let code = bytes.withUnsafeBufferPointer { buffer -> UnsafeMutablePointer<QRcode>? in
            guard let base = buffer.baseAddress else { return nil }
            return QRcode_encodeData(Int32(buffer.count), base, 0, correction.level)
        }
        guard let code else {
            let reason =
                errno == ERANGE
                ? "too long for a QR code (\(bytes.count) bytes)" : "libqrencode failed (errno \(errno))"
            throw QRError(reason)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { throw QRError("libqrencode returned an empty symbol") }
        // Bit 0 of each byte is the module's colour (1 = dark); the other bits describe its role.
        modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
        size = width
        version = Int(code.pointee.version)
    }
}

/// Text that cannot become a QR code.
public struct QRError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
