/// The shared secret a push client must present, compared in constant time.
public struct BearerToken: Sendable {
    private let bytes: [UInt8]

    /// - Parameter secret: the configured token; an empty one matches nothing.
    public init(_ secret: String) {
        bytes = Array(secret.utf8)
    }

    /// Whether `candidate` is the token, taking the same time whatever the candidate: every
    /// byte of the token is compared, and nothing stops early on the first difference.
    public func matches(_ candidate: String) -> Bool {
        let given = Array(candidate.utf8)
        guard !bytes.isEmpty else { return false }
        var difference = UInt8(truncatingIfNeeded: given.count ^ bytes.count)
        for index in bytes.indices {
            // Past the candidate's end, compare against the token's complement: always a difference.
            let other = index < given.count ? given[index] : ~bytes[index]
            difference |= bytes[index] ^ other
        }
        return difference == 0 && given.count == bytes.count
    }
}
