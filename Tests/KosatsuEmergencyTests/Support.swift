import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import Testing

/// Paths in the source tree and the shared corpus beside it.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let layouts = root.appendingPathComponent("Layouts")

    /// `../shared/corpus` from the package root, or `KOSATSU_CORPUS`.
    static let corpus: URL? = {
        if let configured = ProcessInfo.processInfo.environment["KOSATSU_CORPUS"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        for base in [root, root.resolvingSymlinksInPath()] {
            let candidate = base.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("jma").path) { return candidate }
        }
        return nil
    }()

    static let corpusAbsent: Comment =
        "shared/corpus not found at ../shared/corpus from the package root; set KOSATSU_CORPUS to run corpus tests"

    static func corpusData(_ path: String) throws -> Data {
        guard let corpus else { throw CorpusMissing() }
        return try Data(contentsOf: corpus.appendingPathComponent(path))
    }

    /// A corpus file, or `fixture:NAME` from Tests/KosatsuAlertsTests/Fixtures (written for the tests).
    static func alert(_ path: String) throws -> Alert {
        if path.hasPrefix("fixture:") {
            let url = root.appendingPathComponent(
                "Tests/KosatsuAlertsTests/Fixtures/" + path.dropFirst("fixture:".count))
            return try #require(try AlertReader.read(Data(contentsOf: url), file: path).first)
        }
        let alerts = try AlertReader.read(corpusData(path), file: path)
        return try #require(alerts.first)
    }

    struct CorpusMissing: Error {}
}

/// One case of the emergency screen at a time, so a test can `#require` the one it expects.
extension EmergencyScreen {
    var takeoverNotice: AlertNotice? {
        if case .takeover(let notice) = self { notice } else { nil }
    }
    var calmNotice: AlertNotice? {
        if case .calm(let notice) = self { notice } else { nil }
    }
}
