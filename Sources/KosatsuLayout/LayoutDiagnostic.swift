// Layouts report problems with the configuration module's diagnostic; whoever reads a LayoutError reads its fields.
@_exported public import KosatsuConfig

/// One problem in a layout file, at a line and column a designer can jump to.
public typealias LayoutDiagnostic = ConfigDiagnostic

/// A layout that cannot be used, with every problem found in it.
public struct LayoutError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [LayoutDiagnostic]

    public init(_ diagnostics: [LayoutDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
