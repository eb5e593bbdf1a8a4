import Foundation

// ServiceLifecycle names each service in its log lines by `String(describing:)`. Without a
// description that is a reflection of every stored property — logger, state, closures — which cost
// a tenth of the daemon's start to first frame and filled the debug log with whole structs.

extension SignLoop: CustomStringConvertible {
    var description: String { "SignLoop(\(configuration.cacheDirectory))" }
}

extension SnapshotFileSource: CustomStringConvertible {
    var description: String { "SnapshotFileSource(\(path))" }
}

extension DemoDataSource: CustomStringConvertible {
    var description: String { "DemoDataSource(drill after \(drillAfter))" }
}

extension PlatformFeed: CustomStringConvertible {
    var description: String { "PlatformFeed" }
}

extension FleetService: CustomStringConvertible {
    var description: String { "FleetService" }
}

extension MallocTrimmer: CustomStringConvertible {
    var description: String { "MallocTrimmer(every \(interval))" }
}

extension HTTPServer: CustomStringConvertible {
    var description: String { "HTTPServer(\(address))" }
}

extension LayoutWatcher: CustomStringConvertible {
    var description: String { "LayoutWatcher(\(directory))" }
}

extension AlertRelay: CustomStringConvertible {
    public var description: String { "AlertRelay" }
}

extension AlertFeedService: CustomStringConvertible {
    var description: String { "AlertFeedService(\(url.absoluteString))" }
}
