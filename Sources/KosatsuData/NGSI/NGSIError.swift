/// Why the data platform could not be read or understood. The message says what and where,
/// for a log line or `kosatsu fetch`'s stderr; it never contains a secret.
public struct NGSIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, extensible like swift-service-lifecycle's error codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// No answer: connection refused, DNS, TLS, timeout.
        public static let unreachable = Code(rawValue: "unreachable")
        /// The broker (or its PEP proxy) refused the credentials: 401/403.
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// A 4xx or 5xx answer other than 401/403.
        public static let httpStatus = Code(rawValue: "http-status")
        /// The body is not JSON.
        public static let badJSON = Code(rawValue: "bad-json")
        /// JSON, but not entities (no id, no type, not a list).
        public static let badPayload = Code(rawValue: "bad-payload")
        /// A page shorter than the count header promised.
        public static let partialPage = Code(rawValue: "partial-page")
        /// The OAuth2 token endpoint or the token file failed.
        public static let credentials = Code(rawValue: "credentials")
        /// The configuration cannot work (a missing file, an impossible value).
        public static let configuration = Code(rawValue: "configuration")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when the broker answered.
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }
}
