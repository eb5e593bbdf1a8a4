import Foundation
import Testing

/// The shared corpus and this target's fixtures.
enum Corpus {
    static let root: URL? = {
        if let configured = ProcessInfo.processInfo.environment["KOSATSU_CORPUS"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for base in [package, package.resolvingSymlinksInPath()] {
            let candidate = base.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("jma").path) { return candidate }
        }
        return nil
    }()

    static let absent: Comment =
        "shared/corpus not found at ../shared/corpus from the package root; set KOSATSU_CORPUS to run corpus tests"

    static func data(_ path: String) throws -> Data {
        guard let root else { throw Missing() }
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    struct Missing: Error {}
}

enum Fixture {
    static func data(_ name: String) throws -> Data {
        try Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Fixtures/" + name))
    }
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-feeds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
