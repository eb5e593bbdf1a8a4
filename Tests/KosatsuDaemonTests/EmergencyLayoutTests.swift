import Foundation
import KosatsuAlerts
import KosatsuLayout
import Logging
import Testing

@testable import KosatsuDaemon

/// The emergency screens compiled into the binary, and the reload that must not lose them.
@Suite struct EmergencyLayoutTests {
    static let layouts = HTTPEndpointTests.root.appendingPathComponent("Layouts")

    @Test func theBuiltInCopiesAreTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.layouts.path)
            .filter { $0.hasPrefix("emergency") && $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInLayouts.yaml.keys))
        for file in files {
            let text = try String(contentsOf: Self.layouts.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltInLayouts.yaml[String(file.dropLast(5))] == text, "\(file): run scripts/layouts/emergency.py")
        }
    }

    @Test func everyBuiltInCopyLoads() throws {
        for (name, text) in BuiltInLayouts.yaml {
            _ = try LayoutLoader.parse(BuiltInLayouts.withoutPreview(text), file: "built-in/\(name).yaml")
        }
        #expect(BuiltInLayouts.parsed.count == BuiltInLayouts.yaml.count)
    }

    @Test func aFolderWithoutThemGetsTheBuiltInOnesAndAReloadNeverDropsThem() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-layouts-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["congestion-board.yaml", "emergency.yaml", "samples"] {
            try FileManager.default.copyItem(
                at: Self.layouts.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let state = SignState(board: AlertBoard(area: SignArea()), logger: Logger(label: "test"))
        await state.reloadLayouts(from: folder.path)
        #expect(Set(await state.layouts.keys).isSuperset(of: BuiltInLayouts.yaml.keys))
        #expect(await state.emergencyFallbacks["emergency"] == nil, "its file loaded")
        #expect(await state.emergencyFallbacks["emergency-tsunami"]?.contains("built-in") == true)

        // The file goes (a bad deploy, a wiped folder): the running copy stays, and says so.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("emergency.yaml"))
        await state.reloadLayouts(from: folder.path)
        #expect(await state.layouts["emergency"] != nil)
        #expect(await state.emergencyFallbacks["emergency"]?.contains("missing") == true)

        // A broken file: the running copy stays too.
        try "kosatsu: 1\npages: [{items: [{type: txet}]}]\n".write(
            to: folder.appendingPathComponent("emergency.yaml"), atomically: true, encoding: .utf8)
        await state.reloadLayouts(from: folder.path)
        #expect(await state.layouts["emergency"] != nil)
        #expect(await state.emergencyFallbacks["emergency"]?.contains("rejected") == true)

        // The broken file goes too: the screen's copy is now missing, not rejected, and the problem
        // of a file that is no more is forgotten (the CI once saw a stale "rejected" after a delete).
        try FileManager.default.removeItem(at: folder.appendingPathComponent("emergency.yaml"))
        await state.reloadLayouts(from: folder.path)
        #expect(await state.emergencyFallbacks["emergency"]?.contains("missing") == true)
        #expect(await state.layoutProblems["emergency"] == nil)
        #expect(await state.emergencyFallbacks["emergency-tsunami"]?.contains("built-in") == true)
    }
}
