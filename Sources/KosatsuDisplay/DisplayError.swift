/// A failure of the display output, with a code to branch on and a message for the log.
public struct DisplayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in the sign's terms. Extensible: new codes do not break callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        public var description: String { name }

        /// No DRM card was found (no `/dev/dri/card*`, or only `simpledrm`).
        public static let noCard = Code(name: "noCard")
        /// The card could not be opened for lack of permission (not in the `video` group?).
        public static let permissionDenied = Code(name: "permissionDenied")
        /// Another process is DRM master (a compositor, another Kosatsu): `EACCES`/`EBUSY`.
        public static let anotherMaster = Code(name: "anotherMaster")
        /// No connector is connected, or the configured one does not exist or is not connected.
        public static let noConnector = Code(name: "noConnector")
        /// The kernel refused every candidate mode, or the configured mode does not exist.
        public static let modeRejected = Code(name: "modeRejected")
        /// No CRTC can drive the chosen connector.
        public static let noCRTC = Code(name: "noCRTC")
        /// A frame that does not fit the output (size, stride, too few bytes).
        public static let invalidFrame = Code(name: "invalidFrame")
        /// An option that cannot be parsed (mode string, rotation).
        public static let invalidOption = Code(name: "invalidOption")
        /// The output was closed.
        public static let closed = Code(name: "closed")
        /// Any other failing kernel call; `errno` and `operation` say which.
        public static let kernel = Code(name: "kernel")
    }

    public var code: Code
    public var message: String
    /// The errno of the failing call, when a call failed.
    public var errno: Int32?
    /// The failing call (e.g. `"drmSetMaster"`), when a call failed.
    public var operation: String?

    public init(_ code: Code, _ message: String, errno: Int32? = nil, operation: String? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.operation = operation
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let operation {
            text += " (\(operation)"
            if let errno {
                text += ": \(Errno.name(errno))"
            }
            text += ")"
        }
        return text
    }
}

/// The errno values the display output tells apart, with their names for messages.
enum Errno {
    static let permission: Int32 = 1  // EPERM
    static let noEntry: Int32 = 2  // ENOENT
    static let interrupted: Int32 = 4  // EINTR
    static let noDevice: Int32 = 19  // ENODEV
    static let noDeviceOrAddress: Int32 = 6  // ENXIO
    static let tryAgain: Int32 = 11  // EAGAIN
    static let accessDenied: Int32 = 13  // EACCES
    static let busy: Int32 = 16  // EBUSY
    static let invalid: Int32 = 22  // EINVAL
    static let range: Int32 = 34  // ERANGE
    static let notImplemented: Int32 = 38  // ENOSYS
    static let notSupported: Int32 = 95  // EOPNOTSUPP
    static let timedOut: Int32 = 110  // ETIMEDOUT

    static func name(_ value: Int32) -> String {
        switch value {
        case permission: "EPERM"
        case noEntry: "ENOENT"
        case interrupted: "EINTR"
        case noDeviceOrAddress: "ENXIO"
        case tryAgain: "EAGAIN"
        case accessDenied: "EACCES"
        case busy: "EBUSY"
        case noDevice: "ENODEV"
        case invalid: "EINVAL"
        case range: "ERANGE"
        case notImplemented: "ENOSYS"
        case notSupported: "EOPNOTSUPP"
        case timedOut: "ETIMEDOUT"
        default: "errno \(value)"
        }
    }
}
