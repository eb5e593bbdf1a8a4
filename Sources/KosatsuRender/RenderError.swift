/// A failure while drawing or encoding a frame.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let cairo = Code(name: "cairo")
        public static let image = Code(name: "image")
        public static let output = Code(name: "output")
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
