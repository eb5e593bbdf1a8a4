import ArgumentParser
import KosatsuLayout

/// `kosatsu validate LAYOUT...`: checks layouts without rendering them.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check layout files; prints file:line:column: message for each problem.")

    @Argument(help: "Layout files (YAML).")
    var layouts: [String]

    func run() throws {
        var problems = 0
        for path in layouts {
            do {
                let layout = try LayoutLoader.load(path)
                print("\(path): ok (\(layout.pages.count) page\(layout.pages.count == 1 ? "" : "s"))")
            } catch {
                problems += error.diagnostics.count
                FileHandleOutput.standardError.write(error.description + "\n")
            }
        }
        if problems > 0 { throw ExitCode.failure }
    }
}
