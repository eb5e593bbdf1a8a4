// Layouts report problems with the configuration module's diagnostic; whoever reads a LayoutError reads its fields.
@_exported public import KosatsuConfig

/// One problem in a layout file, at a line and column a designer can jump to.
public typealias LayoutDiagnostic = ConfigDiagnostic

/// A layout that cannot be used, with every problem found in it: the configuration module's one
/// diagnostic error, under the name layout code knows it by.
public typealias LayoutError = ConfigError
