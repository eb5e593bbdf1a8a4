import Foundation

/// The JMA seismic intensity scale (震度), with the codes used in telegrams (`1` … `4`, `5-`, `5+`,
/// `6-`, `6+`, `7`). Ordered, so thresholds such as 震度4以上 are a comparison.
public enum SeismicIntensity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case zero = "0"
    case one = "1"
    case two = "2"
    case three = "3"
    case four = "4"
    case fiveLower = "5-"
    case fiveUpper = "5+"
    case sixLower = "6-"
    case sixUpper = "6+"
    case seven = "7"

    /// Reads a telegram code (`5-`), a Japanese label (`５弱`, `震度5強`) or a plain digit.
    public init?(code: String) {
        // The telegram codes themselves first: a 震度 telegram holds thousands of them.
        if let exact = Self(rawValue: code) {
            self = exact
            return
        }
        // `.whitespaces`: tab and the space separators (the ideographic space among them).
        let isSpace = { (scalar: Unicode.Scalar) in
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        var scalars = Substring(code).unicodeScalars.drop(while: isSpace)
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        var text = String(String.UnicodeScalarView(scalars))
        if text.hasPrefix("震度") { text.removeFirst(2) }
        var normalised = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            // Full-width digits (０–９) to ASCII.
            case 0xFF10...0xFF19: normalised.append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
            case 0x5F31: normalised.append("-")  // 弱
            case 0x5F37: normalised.append("+")  // 強
            default: normalised.append(scalar)
            }
        }
        self.init(rawValue: String(normalised))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// `震度５強`, as a Japanese screen writes it.
    public var japanese: String {
        let digits = ["0": "０", "1": "１", "2": "２", "3": "３", "4": "４", "5": "５", "6": "６", "7": "７"]
        let number = String(rawValue.prefix(1))
        let suffix = rawValue.hasSuffix("-") ? "弱" : rawValue.hasSuffix("+") ? "強" : ""
        return "震度" + (digits[number] ?? number) + suffix
    }

    /// `5 Upper`, the JMA English label.
    public var english: String {
        let number = String(rawValue.prefix(1))
        if rawValue.hasSuffix("-") { return "\(number) Lower" }
        if rawValue.hasSuffix("+") { return "\(number) Upper" }
        return number
    }

    /// Where this intensity sits on the common severity scale.
    public var severity: AlertSeverity {
        switch self {
        case .zero, .one, .two: .information
        case .three: .minor
        case .four: .advisory
        case .fiveLower, .fiveUpper: .warning
        case .sixLower, .sixUpper, .seven: .emergency
        }
    }
}
