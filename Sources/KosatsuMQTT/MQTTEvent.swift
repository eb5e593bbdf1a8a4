import Foundation

/// One message received on a subscribed topic.
public struct MQTTMessage: Sendable, Hashable {
    public var topic: String
    public var payload: [UInt8]
    public var retained: Bool

    public init(topic: String, payload: [UInt8], retained: Bool = false) {
        self.topic = topic
        self.payload = payload
        self.retained = retained
    }
}

/// What the connection reports, in order.
public enum MQTTEvent: Sendable, Hashable {
    /// The broker accepted the client; `sessionPresent` when it kept the previous session (its
    /// subscriptions and the messages queued meanwhile).
    case connected(sessionPresent: Bool)
    /// The broker refused the client (credentials, client id, protocol): retried with backoff.
    case refused(String)
    /// The broker cannot be reached, or the connection was lost: retried after `retryIn`.
    case unreachable(String, retryIn: Duration)
    case message(MQTTMessage)
    /// A payload over `MQTTOptions.maximumPayload`, dropped unread.
    case oversized(topic: String, bytes: Int)
    /// Subscription filters the broker refused.
    case subscriptionRefused([String])
}

/// A problem with the MQTT client.
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let badURL = Code(rawValue: "bad-url")
        public static let notConnected = Code(rawValue: "not-connected")
        public static let library = Code(rawValue: "library")
        public static let stopped = Code(rawValue: "stopped")
        public static let timedOut = Code(rawValue: "timed-out")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
