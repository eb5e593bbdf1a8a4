import Foundation
import KosatsuData

extension ISO8601 {
    /// A date-time in a JMA or CAP document; one written without a zone is UTC.
    static func feedTime(_ text: String) -> Date? { parse(text, missingZone: .utc) }
}
