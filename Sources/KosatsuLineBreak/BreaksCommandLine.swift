/// The line-by-line work of `kosatsu text breaks`: one input line in, its break offsets out.
///
/// ```
/// $ printf '漢字ー\n' | kosatsu text breaks --strictness normal
/// 1 2 3
/// $ printf '61 20 62\n' | kosatsu text breaks --hex
/// 2 3
/// ```
public enum BreaksCommandLine {
    /// The offsets (in Unicode scalars) before which a line may end, space-separated and ending with
    /// the line's length.
    ///
    /// - Parameters:
    ///   - line: one line of input, without its line terminator.
    ///   - hex: read `line` as hexadecimal code points separated by spaces (`U+` or `0x` prefixes allowed),
    ///     so that control characters can be tested.
    /// - Throws: `BreaksInputError` when a hex token is not a Unicode scalar value.
    public static func process(
        line: String,
        strictness: LineBreakStrictness = .strict,
        hex: Bool = false,
        breaker: LineBreaker = LineBreaker()
    ) throws(BreaksInputError) -> String {
        let scalars = hex ? try parseHex(line) : Array(line.unicodeScalars)
        return breaker.opportunities(in: scalars, strictness: strictness).map(String.init).joined(separator: " ")
    }

    /// The scalars written as hex code points separated by white space: `6F22 5B57 30FC`.
    public static func parseHex(_ line: String) throws(BreaksInputError) -> [Unicode.Scalar] {
        var scalars = [Unicode.Scalar]()
        for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            var digits = Substring(token)
            if let prefix = ["U+", "u+", "0x", "0X"].first(where: { digits.hasPrefix($0) }) {
                digits = digits.dropFirst(prefix.count)
            }
            guard !digits.isEmpty, digits.count <= 6, let value = UInt32(digits, radix: 16) else {
                throw BreaksInputError(code: .notHexadecimal, token: String(token))
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw BreaksInputError(code: .notAScalar, token: String(token))
            }
            scalars.append(scalar)
        }
        return scalars
    }
}

/// A line of `kosatsu text breaks --hex` input that does not spell Unicode scalars.
public struct BreaksInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the token.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        /// Not 1–6 hexadecimal digits.
        public static let notHexadecimal = Code(description: "not a hexadecimal code point")
        /// A surrogate (D800–DFFF) or beyond 10FFFF.
        public static let notAScalar = Code(description: "not a Unicode scalar value (a surrogate or above 10FFFF)")
    }

    public var code: Code
    /// The offending token, as written.
    public var token: String

    public init(code: Code, token: String) {
        self.code = code
        self.token = token
    }

    public var description: String { "\"\(token)\": \(code)" }
}
