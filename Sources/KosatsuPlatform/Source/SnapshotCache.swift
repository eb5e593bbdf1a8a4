public import Foundation
public import KosatsuData

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// The last good snapshot on disk, so a sign that boots without network shows the last data at
/// once. Writes are atomic: a temporary file is written and fsynced, then renamed over the old
/// one, and the directory is fsynced; a power cut leaves either the old file or the new one.
public struct SnapshotCache: Sendable {
    public let directory: String
    public var fileName = "snapshot.json"

    public init(directory: String) {
        self.directory = directory
    }

    public var path: String { (directory as NSString).appendingPathComponent(fileName) }

    /// The cached snapshot, or nil when there is none or it cannot be read (a cache is never a
    /// reason not to start).
    public func load() -> Snapshot? {
        try? read()
    }

    /// The cached snapshot; nil when there is none yet, an error (to log) when the file is
    /// truncated, corrupt or unreadable.
    public func read() throws -> Snapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SnapshotFile.load(path)
    }

    public func save(_ snapshot: Snapshot) throws {
        try write(SnapshotFile.encode(snapshot), named: fileName)
    }

    /// Writes `data` to `name` in the cache directory atomically.
    public func write(_ data: Data, named name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        removeAbandonedTemporaries(of: name)
        let target = (directory as NSString).appendingPathComponent(name)
        let temporary = target + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CacheError(path: temporary, operation: "open", errno: errno) }
        var failure: CacheError?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = CacheError(path: temporary, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = CacheError(path: temporary, operation: "fsync", errno: errno) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, target) == 0 else {
            let error = CacheError(path: target, operation: "rename", errno: errno)
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Temporary files of `name` left by processes that died mid-write (killed, power cut), so
    /// that crashes do not fill the state directory. A live writer's file is left alone.
    private func removeAbandonedTemporaries(of name: String) {
        let prefix = name + ".tmp-"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where file.hasPrefix(prefix) {
            guard let pid = pid_t(file.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(file))
            }
        }
    }

    public func read(named name: String) -> Data? {
        FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
    }
}

/// A cache file that could not be written, with the system's reason.
public struct CacheError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32

    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }
}
