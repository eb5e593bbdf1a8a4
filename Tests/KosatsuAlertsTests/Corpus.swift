import Foundation
import KosatsuAlerts
import Testing

/// Finds `shared/corpus` beside the project: `../shared/corpus` from the package root, found from
/// this file's path (with symlinks resolved, so a scratch package that links these tests still
/// finds it), or the directory named by `KOSATSU_CORPUS`.
enum Corpus {
    static let root: URL? = {
        if let configured = ProcessInfo.processInfo.environment["KOSATSU_CORPUS"], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured, isDirectory: true)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for folder in [testsFolder, testsFolder.resolvingSymlinksInPath()] {
            // Tests/KosatsuAlertsTests → package root → its parent, where shared/ lives.
            let candidate = folder.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/corpus", isDirectory: true)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("jma").path) {
                return candidate
            }
        }
        return nil
    }()

    /// True when the corpus is there; tests that need it are disabled with this as the reason otherwise.
    static var isPresent: Bool { root != nil }

    static let absentReason: Comment =
        "shared/corpus not found at ../shared/corpus from the package root; set KOSATSU_CORPUS to run corpus tests"

    /// The files of one corpus folder, sorted, whose names end with one of `extensions`.
    static func files(_ folder: String, extensions: [String] = ["xml"]) -> [URL] {
        guard let root else { return [] }
        let directory = root.appendingPathComponent(folder, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { name in extensions.contains { name.hasSuffix("." + $0) } }
            .map { directory.appendingPathComponent($0) }
    }

    /// The corpus files committed with these tests (`Fixtures/corpus/`, listed in its SOURCES.md), so a
    /// clone without `../shared` still reads a real telegram of every kind.
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus", isDirectory: true)

    /// Whether `path` is one of the committed copies.
    static func isCommitted(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: committed.appendingPathComponent(path).path)
    }

    /// The bytes of one corpus file, e.g. `jma/15_12_03_161130_VPWW54.xml`: the committed copy when there
    /// is one, otherwise the file in the shared corpus.
    static func data(_ path: String) throws -> Data {
        if isCommitted(path) { return try Data(contentsOf: committed.appendingPathComponent(path)) }
        guard let root else { throw CorpusMissing(path: path) }
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// The single alert in one corpus file.
    static func alert(_ path: String) throws -> Alert {
        let alerts = try AlertReader.read(data(path), file: path)
        return try #require(alerts.count == 1 ? alerts.first : nil, "\(path) holds \(alerts.count) alerts, not one")
    }

    /// A test asked for a file that is neither committed nor in a shared corpus beside the project.
    struct CorpusMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is not in Fixtures/corpus and no shared corpus was found" }
    }

    /// One corpus file and what reading it gave.
    struct Reading: Sendable {
        /// `folder/name`, e.g. `jma-p2pquake/20240116184225_02245216_VXSE43.xml`.
        var path: String
        var result: Result<[Alert], AlertInputError>

        var name: String { String(path.split(separator: "/").last ?? "") }
    }

    /// Every alert file of the corpus (JMA, CAP, NGSI Alert and WeatherAlert), read once and shared
    /// by the tests that walk it.
    static let readings: [Reading] = {
        let folders: [(String, [String])] = [
            ("jma", ["xml"]), ("jma-p2pquake", ["xml"]), ("cap", ["xml"]),
            ("ngsi/Alert", ["json", "jsonld"]), ("ngsi/WeatherAlert", ["json", "jsonld"]),
        ]
        return folders.flatMap { folder, extensions in
            files(folder, extensions: extensions).map { url in
                let path = folder + "/" + url.lastPathComponent
                let result: Result<[Alert], AlertInputError>
                do throws(AlertInputError) {
                    let data = (try? Data(contentsOf: url)) ?? Data()
                    result = .success(try AlertReader.read(data, file: path))
                } catch {
                    result = .failure(error)
                }
                return Reading(path: path, result: result)
            }
        }
    }()

    /// The readings of one folder (`jma`, `cap`, …).
    static func readings(in folder: String) -> [Reading] {
        readings.filter { $0.path.hasPrefix(folder + "/") }
    }
}

/// Test fixtures written for these tests, in `Fixtures/` beside this file.
enum Fixture {
    static func data(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }
}
