public import Foundation

/// Finds Kosatsu's installed or checked-out resource folders (`Fonts/`, `Layouts/`).
public enum ResourceDirectory {
    /// The first of: the environment variable, `<prefix>/share/kosatsu/<folder>` beside the
    /// executable, a `<folder>/` in the executable's ancestors (a source checkout), or in the
    /// working directory's ancestors — each accepted only if it holds `marker`.
    public static func locate(
        folder: String, marker: String, environmentKey: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        if let configured = environment[environmentKey], !configured.isEmpty {
            return configured
        }
        var candidates: [URL] = []
        if let executable {
            let binDir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(binDir.deletingLastPathComponent().appendingPathComponent("share/kosatsu/\(folder)"))
            candidates += ancestors(of: binDir).map { $0.appendingPathComponent(folder) }
        }
        candidates += ancestors(of: URL(fileURLWithPath: workingDirectory)).map { $0.appendingPathComponent(folder) }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(marker).path) }?
            .path
    }

    static func ancestors(of url: URL) -> [URL] {
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
}

/// Where Kosatsu's own fonts (`Fonts/`) live, so renders never depend on what a machine has installed.
public enum FontDirectory {
    /// The file every candidate must hold to count as Kosatsu's font directory.
    static let markerFile = "BIZUDPGothic-Regular.ttf"

    /// `KOSATSU_FONTS`, else `Fonts/` found as `ResourceDirectory.locate` describes.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        ResourceDirectory.locate(
            folder: "Fonts", marker: markerFile, environmentKey: "KOSATSU_FONTS", environment: environment,
            executable: executable, workingDirectory: workingDirectory)
    }

    /// Finds `Fonts/` above a source file, for tests (`#filePath`).
    public static func locate(fromSourceFile path: String) -> String? {
        ResourceDirectory.ancestors(of: URL(fileURLWithPath: path).deletingLastPathComponent())
            .map { $0.appendingPathComponent("Fonts") }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(markerFile).path) }?.path
    }
}
