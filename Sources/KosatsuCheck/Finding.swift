/// One thing `kosatsu check` found wrong with a sign, at the line of the box that shows it.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    /// What kind of problem: overlap, clipping, contrast, legibility, colour-alone, size.
    public enum Kind: String, Sendable, Hashable, Codable {
        case overlap, clipping, contrast, legibility, colourAlone = "colour-alone", consistency, layout
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var kind: Kind
    public var message: String
    /// Where it shows: page, language, orientation, theme and data (`preview` or `stress`).
    public var shown: String

    public init(
        file: String, line: Int, column: Int, severity: Severity, kind: Kind, message: String, shown: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.kind = kind
        self.message = message
        self.shown = shown
    }

    /// `file:line:column: error: message [where]`, the form editors and CI logs understand.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(shown)]"
    }
}
