import Foundation
import Testing

/// A board without `tzdata`: a clear error, never Foundation's trap on the first date.
@Suite struct TimeZoneDataTests {
    /// Runs `script` with `sh` in a private mount namespace (root only).
    func inMountNamespace(_ script: String) throws -> CommandLineTests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", script]
        process.currentDirectoryURL = CommandLineTests.root
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandLineTests.Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// Namespaces need root and `unshare`; elsewhere the test cannot hide the database.
    static var canHideZoneInfo: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    }

    @Test(.enabled(if: canHideZoneInfo, "needs root and unshare to hide /usr/share/zoneinfo"))
    func renderWithoutTimeZoneDataSaysWhatToInstall() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-\(UUID()).png").path
        let result = try inMountNamespace(
            "mount -t tmpfs none /usr/share/zoneinfo && exec '\(CommandLineTests.binary.path)' render "
                + "Layouts/congestion-board.yaml -o '\(out)'")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("install the tzdata package"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(.enabled(if: canHideZoneInfo, "needs root and unshare to hide /usr/share/zoneinfo"))
    func helpStillWorksWithoutTimeZoneData() throws {
        let result = try inMountNamespace(
            "mount -t tmpfs none /usr/share/zoneinfo && exec '\(CommandLineTests.binary.path)' --help")
        #expect(result.status == 0, "\(result.stderr)")
    }
}
