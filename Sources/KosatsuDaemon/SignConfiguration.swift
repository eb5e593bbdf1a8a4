public import KosatsuAlertFeeds
public import KosatsuAlerts
public import KosatsuData
public import KosatsuPipeline
public import KosatsuPlatform

/// What a sign is told by its operator: where it stands, what it shows, where it gets data,
/// where it listens. Read from `/etc/kosatsu/kosatsu.yaml` (or `--config`); without one, the
/// embedded demo.
public struct SignConfiguration: Sendable {
    /// A human name for logs and the preview page.
    public var name: String
    /// JMA / 全国地方公共団体 area codes the sign serves (e.g. 1420600 小田原市), optionally with a
    /// family prefix (`tsunami-region:330`).
    public var areas: [String]
    public var latitude: Double?
    public var longitude: Double?
    /// The folder layouts are read from.
    public var layoutDirectory: String
    public var playlist: [PlaylistEntry]
    /// A different playlist for a part of the day (e.g. night, 22:00–06:00).
    public var dayParts: [DayPart]
    /// Layouts whose `emergency:` pages take over for alerts (empty: every layout that has such pages).
    public var emergencyLayouts: [String]
    public var output: OutputConfiguration
    /// `HOST:PORT` the HTTP server listens on (loopback unless configured).
    public var httpAddress: String
    /// The bearer token for `POST /alerts`; nil disables pushing.
    public var pushToken: String?
    /// Where the last good snapshot, frame and alert state are kept across restarts.
    public var cacheDirectory: String
    public var data: DataSourceConfiguration
    /// When alerts take over, and how long the calm screen stays after a cancel.
    public var takeover: TakeoverPolicy = .standard
    /// The JMA and CAP feeds the sign polls (none by default: alerts then come only by push).
    public var feeds = AlertFeedsConfiguration()
    /// How long a pushed drill/test alert's banner and the calm screen stay.
    public var timeZone: SignTimeZone
    /// The city's MQTT broker: topics to listen to, the sign's status and commands (docs/fleet.md).
    public var mqtt: FleetConfiguration?
    /// The way the screen faces, degrees clockwise from north (`sign.facing`): shelter arrows are
    /// drawn for people reading it, who look the opposite way. Nil: compass words, no arrows.
    public var facing: Double?
    /// The shelter lists the emergency screens point to (`shelters:`).
    public var shelters = ShelterConfiguration()
    /// What reading the file accepted but the operator should hear about (a credential file others can
    /// read), logged once the daemon's logger is up.
    public var warnings: [String] = []

    public init(
        name: String, areas: [String], latitude: Double? = nil, longitude: Double? = nil, layoutDirectory: String,
        playlist: [PlaylistEntry], dayParts: [DayPart] = [], emergencyLayouts: [String],
        output: OutputConfiguration = OutputConfiguration(), httpAddress: String = "127.0.0.1:8080",
        pushToken: String? = nil, cacheDirectory: String, data: DataSourceConfiguration = .demo,
        timeZone: SignTimeZone = .tokyo
    ) {
        self.name = name
        self.areas = areas
        self.latitude = latitude
        self.longitude = longitude
        self.layoutDirectory = layoutDirectory
        self.playlist = playlist
        self.dayParts = dayParts
        self.emergencyLayouts = emergencyLayouts
        self.output = output
        self.httpAddress = httpAddress
        self.pushToken = pushToken
        self.cacheDirectory = cacheDirectory
        self.data = data
        self.timeZone = timeZone
    }
}

/// One layout in the playlist: which of its pages, for how long, and when.
public struct PlaylistEntry: Sendable, Hashable {
    /// The layout's file name without `.yaml` (`congestion-board`).
    public var layout: String
    /// Page names to show; empty means every non-emergency page.
    public var pages: [String]
    /// Overrides the pages' own durations.
    public var duration: Duration?
    /// A data path that must be present and non-empty (e.g. `crowded`: only while a spot is crowded).
    public var when: String?
    /// How its pages enter the screen (default: a short fade).
    public var transition: Transition

    public init(
        layout: String, pages: [String] = [], duration: Duration? = nil, when: String? = nil,
        transition: Transition = .standard
    ) {
        self.layout = layout
        self.pages = pages
        self.duration = duration
        self.when = when
        self.transition = transition
    }
}

/// A playlist for a stretch of the day, in the sign's time zone; `from` after `to` spans midnight.
public struct DayPart: Sendable, Hashable {
    public var name: String
    /// Minutes after midnight.
    public var from: Int
    public var to: Int
    public var playlist: [PlaylistEntry]

    public init(name: String, from: Int, to: Int, playlist: [PlaylistEntry]) {
        self.name = name
        self.from = from
        self.to = to
        self.playlist = playlist
    }

    /// Whether `minute` (after midnight) falls in this part.
    public func contains(minute: Int) -> Bool {
        from <= to ? (from..<to).contains(minute) : (minute >= from || minute < to)
    }
}

/// Where frames go.
public struct OutputConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// DRM when the machine has a display, else preview.
        case auto
        case drm
        /// Only the HTTP preview (`GET /screenshot.png`), at `previewSize`.
        case preview
        /// Frames rendered and presented nowhere (simulations, headless rigs); health and the preview
        /// still say what would be shown.
        case null
    }

    public var kind: Kind
    public var card: String?
    public var connector: String?
    public var mode: String?
    public var rotation: Int
    /// The frame size when there is no panel to ask.
    public var previewWidth: Int
    public var previewHeight: Int
    /// Frames per second while something moves (the preview's rate; on a panel also a ceiling).
    public var framesPerSecond: Double = 60

    public init(
        kind: Kind = .auto, card: String? = nil, connector: String? = nil, mode: String? = nil, rotation: Int = 0,
        previewWidth: Int = 1920, previewHeight: Int = 1080
    ) {
        self.kind = kind
        self.card = card
        self.connector = connector
        self.mode = mode
        self.rotation = rotation
        self.previewWidth = previewWidth
        self.previewHeight = previewHeight
    }
}

/// Where city data comes from.
public enum DataSourceConfiguration: Sendable, Hashable {
    /// Built-in demo: 小田原's spots served by the NGSI simulator inside the daemon, whose counts
    /// follow a plausible day, plus sample notices and weather.
    case demo
    /// The city's data platform (NGSI-v2 / NGSI-LD), from the `platform:` section.
    case platform(PlatformConfig)
    /// A snapshot JSON file, re-read when it changes.
    case file(String)
}

extension SignConfiguration: CustomStringConvertible {
    /// What a log line may show (service-lifecycle prints its services, which hold the configuration,
    /// at debug level): who the sign is and where its things are, never the push token.
    public var description: String {
        "SignConfiguration(name: \(name), layouts: \(layoutDirectory), cache: \(cacheDirectory), "
            + "http: \(httpAddress), push token: \(pushToken == nil ? "none" : "set"))"
    }
}

/// The `feeds:` section: JMA PULL Atom feeds and CAP URLs (a message or an Atom feed of CAP),
/// each polled on its own interval into the sign's alert board.
public struct AlertFeedsConfiguration: Sendable, Hashable {
    /// One polled feed.
    public struct Feed: Sendable, Hashable {
        public var source: AlertFeedSource
        /// Time between polls (JMA updates its feeds about once a minute).
        public var interval: Duration

        public init(source: AlertFeedSource, interval: Duration = .seconds(60)) {
            self.source = source
            self.interval = interval
        }
    }

    public var feeds: [Feed]
    /// A PEM file of extra certificate authorities to trust (a city's own CA), besides the system's.
    public var caFile: String?
    /// How long one request may take.
    public var timeout: Duration

    public init(feeds: [Feed] = [], caFile: String? = nil, timeout: Duration = .seconds(15)) {
        self.feeds = feeds
        self.caFile = caFile
        self.timeout = timeout
    }
}

/// The `shelters:` section: GSI 指定緊急避難場所 lists (CSV, as the 国土地理院 publishes them) and how
/// many of the nearest an emergency screen shows, within what distance.
public struct ShelterConfiguration: Sendable, Hashable {
    /// CSV files, read at start; a row that cannot be read is logged with its line and skipped.
    public var files: [String]
    public var limit: Int
    /// Metres, straight line; nil shows any distance.
    public var within: Double?

    public init(files: [String] = [], limit: Int = 3, within: Double? = 3000) {
        self.files = files
        self.limit = limit
        self.within = within
    }
}
