import Foundation
import KosatsuData

#if canImport(Glibc)
    import Glibc
#endif

/// The last good snapshot on disk, so a sign that boots without network shows the last data at once.
///
/// Written atomically — a temporary file, fsync, rename — so a power cut mid-write leaves the
/// previous snapshot, never half of one.
struct SnapshotCache: Sendable {
    let path: String

    init(directory: String) {
        path = directory + "/snapshot.json"
    }

    func load() -> Snapshot? {
        try? SnapshotFile.load(path)
    }

    func save(_ snapshot: Snapshot) throws {
        let data = try SnapshotFile.encode(snapshot)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CacheError(message: "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == data.count, synced == 0 else {
            unlink(temporary)
            throw CacheError(message: "cannot write \(temporary) (disk full?)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CacheError(message: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    struct CacheError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
