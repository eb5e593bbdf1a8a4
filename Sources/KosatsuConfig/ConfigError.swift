/// A layout or configuration file that cannot be used, with every problem found in it, each
/// `file:line:column: message`. The one error the readers of layouts, the sign's configuration,
/// the platform config, the relay's and the fleet plan throw.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One problem at a position (line and column 0: the file as a whole).
    public init(file: String, line: Int, column: Int, message: String) {
        self.init([ConfigDiagnostic(file: file, line: line, column: column, message: message)])
    }

    /// One line per problem.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
