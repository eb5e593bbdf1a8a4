import ArgumentParser

/// What to draw, as `render` and `show` take it: a layout, the data bound to it, the time, the page
/// and the language.
struct PageOptions: ParsableArguments {
    @Argument(help: "The layout file (YAML).")
    var layout: String

    @Option(help: "Snapshot JSON to bind to (default: the layout's preview data, else no data).")
    var data: String?

    @Option(help: "The time to show, ISO 8601 (default: the layout's preview time, else now).")
    var at: String?

    @Option(help: "Page number, from 1, or page name.")
    var page: String = "1"

    @Option(help: "Language: ja, en, zh-Hans, zh-Hant or ko (default: the layout's first).")
    var lang: String?
}

/// Where the fonts are (`render`, `show`, `run`).
struct FontOptions: ParsableArguments {
    @Option(help: "Font directory (default: KOSATSU_FONTS, else Kosatsu's Fonts/).")
    var fonts: String?
}
