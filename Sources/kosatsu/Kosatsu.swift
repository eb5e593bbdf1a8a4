import ArgumentParser

/// `kosatsu`: the sign daemon and its tools.
@main
struct Kosatsu: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        abstract: "Runs a city's digital signs: congestion, city information and emergency screens.",
        discussion: "Designers preview layouts with `kosatsu render`; the sign runs `kosatsu run`.",
        version: version,
        subcommands: [
            RunCommand.self, Render.self, Validate.self, TextCommand.self, AlertCommand.self, Fetch.self, Simulate.self,
            Show.self, Outputs.self, Compare.self,
        ]
    )
}
