public import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
public import KosatsuConfig
import KosatsuData
import KosatsuLayout
import KosatsuPipeline
import KosatsuPlatform
import Yams

/// Reads a sign's configuration file, reporting every problem at its line and column.
public enum ConfigurationLoader {
    static let topKeys: Set<String> = [
        "kosatsu", "sign", "layouts", "playlist", "day-parts", "emergency", "output", "http", "push-token",
        "push-token-file", "cache", "data", "timezone", "alerts", "platform", "feeds", "mqtt",
        "shelters",
    ]

    /// Reads the configuration at `path`; relative paths in it are relative to its folder.
    /// `environment` supplies `KOSATSU_PUSH_TOKEN` when the file names no token.
    public static func load(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> SignConfiguration
    {
        let text: String
        do {
            text = try InputFile.text(path)
        } catch {
            throw ConfigError(file: path, line: error.line ?? 0, column: error.column ?? 0, message: error.message)
        }
        return try parse(text, file: path, environment: environment)
    }

    public static func parse(_ yaml: String, file: String, environment: [String: String] = [:]) throws(ConfigError)
        -> SignConfiguration
    {
        let root: Node
        do {
            guard let node = try YAMLReader.compose(yaml) else {
                throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch {
            let mark = (error as? YamlError).flatMap(\.mark)
            throw ConfigError(
                file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: "YAML syntax: \(error)")
        }
        let reader = YAMLReader(file: file)
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        let configuration = build(root, reader: reader, directory: directory, environment: environment, yaml: yaml)
        if !reader.diagnostics.isEmpty || configuration == nil {
            throw ConfigError(
                reader.diagnostics.isEmpty
                    ? [ConfigDiagnostic(file: file, line: 1, column: 1, message: "not a configuration")]
                    : reader.diagnostics)
        }
        guard let configuration else { throw ConfigError([]) }
        return configuration
    }

    private static func build(
        _ root: Node, reader: YAMLReader, directory: URL, environment: [String: String], yaml yamlText: String
    )
        -> SignConfiguration?
    {
        guard let fields = reader.mapping(root, what: "the configuration", allowed: topKeys, required: ["kosatsu"])
        else {
            return nil
        }
        // Relative to the configuration's folder; an absolute path (`cache: /var/lib/kosatsu`) as written.
        func path(_ text: String) -> String {
            let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : directory.appendingPathComponent(text)
            return url.standardizedFileURL.path
        }
        var name = "Kosatsu sign"
        var areas: [String] = []
        var latitude: Double?
        var longitude: Double?
        var facing: Double?
        if let node = fields["sign"],
            let sign = reader.mapping(
                node, what: "sign", allowed: ["name", "areas", "latitude", "longitude", "facing"])
        {
            name = sign.string("name") ?? name
            areas = sign.list("areas")?.compactMap(\.string) ?? []
            latitude = sign.double("latitude", range: -90...90)
            longitude = sign.double("longitude", range: -180...180)
            // Degrees clockwise from north that the screen faces (south-east: 135).
            facing = sign.double("facing", range: 0...360).map { $0.truncatingRemainder(dividingBy: 360) }
        }
        let layouts = fields.string("layouts").map(path) ?? DaemonResources.layoutDirectory ?? path("Layouts")
        if !FileManager.default.fileExists(atPath: layouts) {
            reader.report("the layout folder \(layouts) does not exist", at: fields["layouts"] ?? root)
        }
        let playlist = fields.list("playlist").map { entries($0, reader: reader, layouts: layouts) } ?? []
        if playlist.isEmpty, fields["playlist"] != nil {
            reader.report("'playlist' needs at least one layout", at: fields["playlist"])
        }
        var dayParts: [DayPart] = []
        for node in fields.list("day-parts") ?? [] {
            guard
                let part = reader.mapping(
                    node, what: "a day part", allowed: ["name", "from", "to", "playlist"],
                    required: ["from", "to", "playlist"]),
                let from = minutes(part, "from"), let to = minutes(part, "to"), let list = part.list("playlist")
            else { continue }
            dayParts.append(
                DayPart(
                    name: part.string("name") ?? "part", from: from, to: to,
                    playlist: entries(list, reader: reader, layouts: layouts)))
        }
        let emergency = fields.list("emergency")?.compactMap(\.string) ?? []
        for layout in emergency where !FileManager.default.fileExists(atPath: layouts + "/" + layout + ".yaml") {
            reader.report("emergency layout '\(layout)' not found in \(layouts)", at: fields["emergency"] ?? root)
        }
        var output = OutputConfiguration()
        if let node = fields["output"],
            let o = reader.mapping(
                node, what: "output", allowed: ["kind", "card", "connector", "mode", "rotate", "size", "fps"])
        {
            output.kind = o.choice("kind", OutputConfiguration.Kind.self) ?? .auto
            output.card = o.string("card")
            output.connector = o.string("connector")
            output.mode = o.string("mode")
            output.framesPerSecond = o.double("fps", range: 1...240) ?? output.framesPerSecond
            if let rotation = o.int("rotate") {
                if [0, 90, 180, 270].contains(rotation) {
                    output.rotation = rotation
                } else {
                    reader.report("'rotate' must be 0, 90, 180 or 270", at: o["rotate"])
                }
            }
            if let size = o.string("size") {
                let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
                if parts.count == 2, parts.allSatisfy({ (1...16384).contains($0) }) {
                    output.previewWidth = parts[0]
                    output.previewHeight = parts[1]
                } else {
                    reader.report("'size' must be WIDTHxHEIGHT like 1920x1080", at: o["size"])
                }
            }
        }
        var http = "127.0.0.1:8080"
        if let node = fields["http"], let h = reader.mapping(node, what: "http", allowed: ["listen"]) {
            http = h.string("listen") ?? http
        }
        var warnings: [String] = []
        var token = fields.string("push-token")
        if let file = fields.string("push-token-file") {
            token = Secrets.read(path(file), reader: reader, at: fields["push-token-file"], warnings: &warnings)
        }
        token = token ?? environment["KOSATSU_PUSH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var data = DataSourceConfiguration.demo
        if let node = fields["data"], let d = reader.mapping(node, what: "data", allowed: ["demo", "file"]) {
            if let file = d.string("file") { data = .file(path(file)) }
        }
        if fields["platform"] != nil {
            // The platform section has its own reader (KosatsuPlatform), with its own checks.
            do {
                data = .platform(try PlatformConfig.parse(yaml: yamlText, file: reader.file))
            } catch {
                for found in error.diagnostics { reader.append(found) }
            }
        }
        var zone = SignTimeZone.tokyo
        if let identifier = fields.string("timezone") {
            if let named = SignTimeZone(identifier: identifier) {
                zone = named
            } else {
                reader.report(SignTimeZone.unknown(identifier), at: fields["timezone"])
            }
        }
        var policy = TakeoverPolicy.standard
        if let node = fields["alerts"],
            let alerts = reader.mapping(
                node, what: "alerts", allowed: ["calm", "drill-banner", "minimum-severity", "takeover-intensity"])
        {
            if let calm = alerts["calm"] {
                if let duration = DurationText.parse(calm) {
                    policy.calmDuration = Double(duration.components.seconds)
                } else {
                    reader.report("'calm' must be a time like 5m", at: calm)
                }
            }
            policy.showsDrillBanner = alerts.bool("drill-banner") ?? policy.showsDrillBanner
            if let node = alerts["takeover-intensity"] {
                // 4, "5-", 5弱, 震度6強: what a 震度 telegram or a person writes.
                if let intensity = node.string.flatMap(SeismicIntensity.init(code:)), intensity > .zero {
                    policy.minimumIntensity = intensity
                } else {
                    reader.report(
                        "'takeover-intensity' must be a 震度 from 1 to 7 (4, 5-, 5+, 6-, 6+, 7 or 5弱 …), found \(reader.describe(node))",
                        at: node)
                }
            }
            if let word = alerts.string("minimum-severity") {
                let options: [String: AlertSeverity] = [
                    "advisory": .advisory, "warning": .warning, "emergency": .emergency,
                ]
                if let severity = options[word] {
                    policy.minimumSeverity = severity
                } else {
                    reader.report(
                        "'minimum-severity' must be advisory (注意報以上), warning (警報以上) or emergency (特別警報)",
                        at: alerts["minimum-severity"])
                }
            }
        }
        var configuration = SignConfiguration(
            name: name, areas: areas, latitude: latitude, longitude: longitude, layoutDirectory: layouts,
            playlist: playlist.isEmpty ? DemoConfiguration.playlist : playlist, dayParts: dayParts,
            emergencyLayouts: emergency, output: output, httpAddress: http, pushToken: token,
            cacheDirectory: fields.string("cache").map(path) ?? DemoConfiguration.cacheDirectory, data: data,
            timeZone: zone)
        configuration.takeover = policy
        configuration.facing = facing
        if let node = fields["feeds"] { configuration.feeds = feeds(node, reader: reader, path: path) }
        if let node = fields["shelters"] {
            configuration.shelters = shelters(node, reader: reader, path: path)
            if latitude == nil || longitude == nil {
                reader.report(
                    "'shelters' needs the sign's position (sign.latitude and sign.longitude) to find the nearest",
                    at: node)
            }
        }
        if let node = fields["mqtt"] {
            var hasPlatform = false
            if case .platform = data { hasPlatform = true }
            configuration.mqtt = FleetConfigurationReader.read(
                node, reader: reader, signName: name, hasPlatform: hasPlatform, path: path, warnings: &warnings)
        }
        configuration.warnings = warnings
        return configuration
    }

    /// `shelters: {files: [mergeFromCity_2.csv], limit: 3, within: 3000}`.
    private static func shelters(
        _ node: Node, reader: YAMLReader, path: (String) -> String
    ) -> ShelterConfiguration {
        var result = ShelterConfiguration()
        guard
            let fields = reader.mapping(
                node, what: "shelters", allowed: ["files", "limit", "within"], required: ["files"])
        else { return result }
        for file in fields.list("files") ?? [] {
            guard let name = file.string else {
                reader.report("'files' lists CSV paths, found \(reader.describe(file))", at: file)
                continue
            }
            let resolved = path(name)
            if FileManager.default.isReadableFile(atPath: resolved) {
                result.files.append(resolved)
            } else {
                reader.report("cannot read the shelter list '\(resolved)'", at: file)
            }
        }
        if fields.list("files")?.isEmpty ?? true {
            reader.report("'files' needs at least one GSI 指定緊急避難場所 CSV", at: fields["files"] ?? node)
        }
        result.limit = fields.int("limit", range: 1...10) ?? result.limit
        if let within = fields["within"] {
            if within.null != nil {
                result.within = nil
            } else if let metres = fields.double("within", range: 1...100_000) {
                result.within = metres
            }
        }
        return result
    }

    /// Shortest time between two polls of one feed (JMA asks clients not to hammer its servers).
    static let shortestInterval = 10

    static func feeds(_ node: Node, reader: YAMLReader, path: (String) -> String) -> AlertFeedsConfiguration {
        var result = AlertFeedsConfiguration()
        guard let fields = reader.mapping(node, what: "feeds", allowed: ["jma", "cap", "tls", "timeout"]) else {
            return result
        }
        if let tls = fields["tls"], let tlsFields = reader.mapping(tls, what: "'tls'", allowed: ["caFile"]),
            let file = tlsFields.string("caFile")
        {
            let resolved = path(file)
            if FileManager.default.isReadableFile(atPath: resolved) {
                result.caFile = resolved
            } else {
                reader.report("'caFile': cannot read the file '\(resolved)'", at: tlsFields["caFile"])
            }
        }
        if let timeout = fields["timeout"] {
            if let duration = DurationText.parse(timeout), duration > .zero {
                result.timeout = duration
            } else {
                reader.report("'timeout' must be a time like 15s", at: timeout)
            }
        }
        if fields["jma"] == nil && fields["cap"] == nil {
            reader.report("'feeds' needs 'jma' or 'cap' (a list of {url, interval})", at: node)
        }
        for (key, isJMA) in [("jma", true), ("cap", false)] {
            guard let list = fields[key] else { continue }
            guard let entries = fields.list(key) else { continue }
            if entries.isEmpty { reader.report("'\(key)' needs at least one feed", at: list) }
            for entry in entries {
                let allowed: Set<String> = isJMA ? ["url", "interval", "titles"] : ["url", "interval"]
                guard let feed = reader.mapping(entry, what: "a \(key) feed", allowed: allowed, required: ["url"]),
                    let text = feed.string("url")
                else { continue }
                guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                    url.host?.isEmpty == false
                else {
                    reader.report("'url' must be an http:// or https:// address, found '\(text)'", at: feed["url"])
                    continue
                }
                var interval = Duration.seconds(60)
                if let node = feed["interval"] {
                    if let duration = DurationText.parse(node), duration >= .seconds(shortestInterval) {
                        interval = duration
                    } else {
                        reader.report(
                            "'interval' must be a time of at least \(shortestInterval)s like 60s or 1m", at: node)
                        continue
                    }
                }
                let titles = feed.list("titles").map { Set($0.compactMap(\.string)) }
                let source: AlertFeedSource = isJMA ? .jma(url, titles: titles) : .cap(url)
                result.feeds.append(AlertFeedsConfiguration.Feed(source: source, interval: interval))
            }
        }
        return result
    }

    private static func entries(_ nodes: [Node], reader: YAMLReader, layouts: String) -> [PlaylistEntry] {
        nodes.compactMap { node in
            guard
                let entry = reader.mapping(
                    node, what: "a playlist entry", allowed: ["layout", "pages", "duration", "when", "transition"],
                    required: ["layout"]),
                let layout = entry.string("layout")
            else { return nil }
            let name = layout.hasSuffix(".yaml") ? String(layout.dropLast(5)) : layout
            if !FileManager.default.fileExists(atPath: layouts + "/" + name + ".yaml") {
                reader.report("layout '\(name)' not found in \(layouts)", at: entry["layout"])
            }
            var duration: Duration?
            if let node = entry["duration"] {
                duration = DurationText.parse(node)
                if duration == nil { reader.report("'duration' must be a time like 15s or 1m", at: node) }
            }
            return PlaylistEntry(
                layout: name, pages: entry.list("pages")?.compactMap(\.string) ?? [], duration: duration,
                when: entry.string("when"),
                transition: entry["transition"].map { transition($0, reader: reader) } ?? .standard)
        }
    }

    /// `transition: {kind: fade | slide | cut, duration: 400ms}`.
    private static func transition(_ node: Node, reader: YAMLReader) -> Transition {
        guard
            let fields = reader.mapping(
                node, what: "a transition", allowed: ["kind", "duration"], required: ["kind"])
        else { return .standard }
        var duration = Transition.standard.duration
        if let node = fields["duration"] {
            if let parsed = DurationText.parse(node), parsed <= .seconds(5) {
                duration = parsed
            } else {
                reader.report("'duration' must be a time up to 5s like 400ms", at: node)
            }
        }
        switch fields.choice("kind", TransitionKind.self) {
        case .cut: return .cut
        case .slide: return .slide(duration)
        case .fade, nil: return .fade(duration)
        }
    }

    private enum TransitionKind: String, CaseIterable {
        case fade, slide, cut
    }

    private static func minutes(_ fields: Fields, _ key: String) -> Int? {
        guard let text = fields.string(key) else { return nil }
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
            fields.reader.report("'\(key)' must be a time of day like 22:00", at: fields[key])
            return nil
        }
        return parts[0] * 60 + parts[1]
    }
}

extension YamlError {
    fileprivate var mark: Mark? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
        default: nil
        }
    }
}
