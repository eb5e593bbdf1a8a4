import ArgumentParser
import KosatsuLayout

/// `kosatsu schema`: the JSON Schema of the layout format, for editors (docs/layout.schema.json).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the layout format (made from the loader's own key tables).")

    func run() throws {
        print(LayoutSchema.json(), terminator: "")
    }
}
