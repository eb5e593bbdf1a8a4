public import Foundation

/// How one data source is doing, so a layout can show 「更新 14:05」 and a stale marker.
public struct SourceStatus: Sendable, Hashable, Codable {
    public var name: String
    public var lastSuccess: Date?
    public var lastError: String?

    public init(name: String, lastSuccess: Date? = nil, lastError: String? = nil) {
        self.name = name
        self.lastSuccess = lastSuccess
        self.lastError = lastError
    }
}
