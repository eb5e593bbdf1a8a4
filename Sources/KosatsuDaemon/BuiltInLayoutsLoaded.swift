import KosatsuLayout

extension BuiltInLayouts {
    /// The built-in layouts, read once. A build whose own copy does not load is a bug the tests
    /// catch; such a layout is left out rather than stopping the sign.
    static let parsed: [String: Layout] = {
        var layouts: [String: Layout] = [:]
        for (name, text) in yaml {
            if let layout = try? LayoutLoader.parse(withoutPreview(text), file: "built-in/\(name).yaml") {
                layouts[name] = layout
            }
        }
        return layouts
    }()

    /// The text without its `preview:` block: the sample data it names is a file beside the layout,
    /// which a built-in copy does not have (and a sign never shows).
    static func withoutPreview(_ text: String) -> String {
        var lines: [Substring] = []
        var inPreview = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "preview:" {
                inPreview = true
                continue
            }
            if inPreview, line.hasPrefix(" ") { continue }
            inPreview = false
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
