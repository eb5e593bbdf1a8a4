public import Foundation

/// A city notice (お知らせ): an event, a closure, a service change.
public struct Notice: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var title: LocalizedText
    public var body: LocalizedText
    public var validFrom: Date?
    public var validUntil: Date?

    public init(id: String, title: LocalizedText, body: LocalizedText, validFrom: Date? = nil, validUntil: Date? = nil)
    {
        self.id = id
        self.title = title
        self.body = body
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether the notice is to be shown at `date`.
    public func isValid(at date: Date) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validUntil.map { date < $0 } ?? true)
    }
}
