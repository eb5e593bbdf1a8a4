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

    /// The bytes of one corpus file, e.g. `jma/15_12_03_161130_VPWW54.xml`.
    static func data(_ path: String) throws -> Data {
        guard let root else { throw CorpusMissing() }
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// The single alert in one corpus file.
    static func alert(_ path: String) throws -> Alert {
        let alerts = try AlertReader.read(data(path), file: path)
        guard alerts.count == 1, let alert = alerts.first else { throw CorpusMissing() }
        return alert
    }

    struct CorpusMissing: Error {}

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
