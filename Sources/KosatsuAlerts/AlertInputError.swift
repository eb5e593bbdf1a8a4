import Foundation

/// Why a file or message could not be read as an alert.
///
/// It names the file, and where it can the line and column, and says what was expected, so that
/// whoever fed the sign a bad file can fix it without reading the code.
public struct AlertInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; extensible, compare with the static members.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input has no bytes, or only white space.
        public static let empty = Code(rawValue: "empty")
        /// The bytes are not text (NUL bytes or invalid UTF-8).
        public static let binary = Code(rawValue: "binary")
        /// The content is neither XML nor JSON.
        public static let unknownFormat = Code(rawValue: "unknown-format")
        /// The XML is not well formed (includes truncated documents).
        public static let malformedXML = Code(rawValue: "malformed-xml")
        /// The XML has a document type declaration; entities are never expanded or resolved.
        public static let doctypeForbidden = Code(rawValue: "doctype-forbidden")
        /// Well-formed XML whose root element is not a JMA Report or a CAP alert.
        public static let unexpectedRoot = Code(rawValue: "unexpected-root")
        /// An Atom feed: an index of alerts, not an alert.
        public static let atomFeed = Code(rawValue: "atom-feed")
        /// A required element or attribute is missing or has a value that cannot be used.
        public static let invalidField = Code(rawValue: "invalid-field")
        /// The JSON is not well formed.
        public static let malformedJSON = Code(rawValue: "malformed-json")
        /// Well-formed JSON that holds no NGSI `Alert` or `WeatherAlert` entity.
        public static let notAnAlertEntity = Code(rawValue: "not-an-alert-entity")
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for a person: what was found and what was expected.
    public var message: String
    /// The file (or other source name) the input came from.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?

    public init(_ code: Code, _ message: String, file: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column: error [code]: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): error [\(code)]: \(message)"
    }
}
