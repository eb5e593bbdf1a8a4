public import Foundation

/// Where Kosatsu's own fonts (`Fonts/`) live, so renders never depend on what a machine has installed.
public enum FontDirectory {
    /// The file every candidate must hold to count as Kosatsu's font directory.
    static let markerFile = "BIZUDPGothic-Regular.ttf"

    /// The first of: `KOSATSU_FONTS`, `<prefix>/share/kosatsu/Fonts` beside the executable,
    /// a `Fonts/` folder in the executable's ancestors (a source checkout), or in the working
    /// directory's ancestors.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        if let configured = environment["KOSATSU_FONTS"], !configured.isEmpty {
            return configured
        }
        var candidates: [URL] = []
        if let executable {
            let binDir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(binDir.deletingLastPathComponent().appendingPathComponent("share/kosatsu/Fonts"))
            candidates += ancestors(of: binDir).map { $0.appendingPathComponent("Fonts") }
        }
        candidates += ancestors(of: URL(fileURLWithPath: workingDirectory)).map { $0.appendingPathComponent("Fonts") }
        return candidates.first { contains(marker: $0) }?.path
    }

    /// Finds `Fonts/` above a source file, for tests (`#filePath`).
    public static func locate(fromSourceFile path: String) -> String? {
        ancestors(of: URL(fileURLWithPath: path).deletingLastPathComponent())
            .map { $0.appendingPathComponent("Fonts") }
            .first { contains(marker: $0) }?.path
    }

    private static func ancestors(of url: URL) -> [URL] {
        var result: [URL] = []
        var current = url.standardizedFileURL
        while true {
            result.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }

    private static func contains(marker directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(markerFile).path)
    }
}
