import Foundation
import KosatsuLayout
import Testing

/// The committed schema is the generated one, and every shipped layout passes it.
@Suite struct LayoutSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("docs/layout.schema.json"), encoding: .utf8)
        #expect(committed == LayoutSchema.json(), "run: kosatsu schema > docs/layout.schema.json")
    }

    @Test func everyShippedLayoutValidates() throws {
        let layouts = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Layouts").path
        ).filter { $0.hasSuffix(".yaml") }.sorted()
        try #require(!layouts.isEmpty)
        // Debian's python3-jsonschema and python3-yaml (scripts/deps.sh), the validator editors use too.
        let script = """
            import json, re, sys, yaml, jsonschema
            # YAML 1.2 booleans, as Kosatsu (Yams) and editors read them: `off` is a word, not false.
            class Loader(yaml.SafeLoader): pass
            Loader.yaml_implicit_resolvers = {
                key: [r for r in value if r[0] != "tag:yaml.org,2002:bool"]
                for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()}
            Loader.add_implicit_resolver(
                "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            bad = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(yaml.load(open(path), Loader=Loader)):
                    print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
                    bad += 1
            sys.exit(1 if bad else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments =
            ["-c", script, Self.root.appendingPathComponent("docs/layout.schema.json").path]
            + layouts.map { Self.root.appendingPathComponent("Layouts/\($0)").path }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }

    @Test func aMisspeltKeyFailsTheSchema() throws {
        let schema = LayoutSchema.json()
        // The loader's own tables: a key it would reject is not in the schema either.
        #expect(schema.contains("\"max-lines\""))
        #expect(schema.contains("\"viewing-distance\""))
        #expect(!schema.contains("\"maxlines\""))
    }
}
