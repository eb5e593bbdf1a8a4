import ArgumentParser
import Foundation
import KosatsuDaemon

/// `kosatsu`: the sign daemon and its tools.
@main
struct Kosatsu: AsyncParsableCommand {
    static let version = KosatsuVersion.current

    static let configuration = CommandConfiguration(
        commandName: "kosatsu",
        abstract: "Runs a city's digital signs: congestion, city information and emergency screens.",
        discussion: "Designers preview layouts with `kosatsu render`; the sign runs `kosatsu run`.",
        version: version,
        subcommands: [
            RunCommand.self, Render.self, Validate.self, Check.self, SchemaCommand.self, TextCommand.self,
            AlertCommand.self, Fetch.self, Simulate.self,
            Show.self, Outputs.self, Compare.self, Preview.self, RelayCommand.self, SubscriptionsCommand.self,
            SheltersCommand.self,
        ]
    )

    static func main() async {
        // Before any other thread exists: a thread that allocates before this takes an arena of its own
        // (the cooperative thread that runs `run()` did, 2 MB of the sign's anonymous memory).
        if CommandLine.arguments.dropFirst().first == RunCommand.configuration.commandName {
            MallocPolicy.applyForLongRunningSign()
        }
        // Every command but help and version formats dates somewhere; fail clearly, not with a trap.
        let arguments = CommandLine.arguments.dropFirst()
        let asksForHelp =
            arguments.isEmpty || arguments.contains { ["-h", "--help", "--version", "help"].contains($0) }
        if !asksForHelp, let problem = TimeZoneData.problem {
            FileHandleOutput.standardError.write(problem + "\n")
            Foundation.exit(1)
        }
        await Self.main(nil)
    }
}
