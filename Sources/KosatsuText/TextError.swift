/// A failure in the text engine, with a code callers can match on.
public struct TextError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let fontConfiguration = Code(name: "fontConfiguration")
        public static let fontNotFound = Code(name: "fontNotFound")
        public static let fontLoading = Code(name: "fontLoading")
        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
