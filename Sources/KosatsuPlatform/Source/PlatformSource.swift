public import AsyncHTTPClient
public import Foundation
public import KosatsuData
public import Logging

/// The city's data platform as one source of the sign's snapshot: polls the broker, applies
/// push notifications, keeps each spot's history, keeps subscriptions alive, and writes the last
/// good snapshot to the cache. Bad answers never replace good data.
public actor PlatformSource: NGSINotificationSink {
    public nonisolated let config: PlatformConfig
    public let client: PlatformClient
    let mapper: EntityMapper
    let cache: SnapshotCache?
    let logger: Logger
    let now: @Sendable () -> Date

    /// What the platform says now: the value layouts bind to.
    public private(set) var snapshot: Snapshot
    /// Subscriptions this sign holds on the broker, by kind.
    public private(set) var subscriptionIDs: [EntityKind: String] = [:]
    /// Entities as last read (poll) and updated (notifications), in broker order.
    private var entities: [EntityKind: [NGSIEntity]] = [:]
    private var histories: [String: [CountSample]] = [:]
    private var status: SourceStatus
    private var observers: [UUID: AsyncStream<Snapshot>.Continuation] = [:]
    /// Whether the snapshot came from the cache and has not been refreshed yet.
    public private(set) var isFromCache = false

    public init(
        config: PlatformConfig, http: HTTPClient? = nil, logger: Logger = Logger(label: "kosatsu.platform"),
        now: @escaping @Sendable () -> Date = Date.init
    ) throws(NGSIError) {
        self.config = config
        self.client = try PlatformClient(config: config, http: http, now: now)
        self.mapper = EntityMapper(config: config)
        self.cache = config.cacheDirectory.map(SnapshotCache.init(directory:))
        self.logger = logger
        self.now = now
        self.status = SourceStatus(name: config.name)
        self.snapshot = Snapshot(sources: [status])
        for file in config.credentialFiles {
            if let warning = CredentialFile.permissionWarning(file) {
                logger.warning("platform \(config.name): \(warning)")
            }
        }
    }

    /// Ends the update streams (the shared HTTP client needs no closing).
    public func shutdown() async {
        for continuation in observers.values { continuation.finish() }
        observers = [:]
        try? await client.shutdown()
    }

    /// Every new snapshot from now on (polls and notifications).
    public func updates() -> AsyncStream<Snapshot> {
        let (stream, continuation) = AsyncStream.makeStream(of: Snapshot.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        observers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeObserver(id) }
        }
        return stream
    }

    private func removeObserver(_ id: UUID) {
        observers[id] = nil
    }

    // MARK: Cache

    /// Loads the last good snapshot (and the subscriptions) from the cache directory. Returns
    /// whether there was one. Call before the first poll so a sign shows data at once.
    @discardableResult
    public func loadCache() -> Bool {
        guard let cache else { return false }
        if let data = cache.read(named: subscriptionsFile), let json = try? JSONParser.parse(data),
            json["broker"]?.string == config.url.absoluteString, case .object(let ids)? = json["subscriptions"]
        {
            for member in ids.members {
                if let kind = EntityKind(rawValue: member.key), let id = member.value.string {
                    subscriptionIDs[kind] = id
                }
            }
        }
        let cached: Snapshot
        do {
            guard let read = try cache.read() else { return false }
            cached = read
        } catch {
            // Truncated or corrupt (a crash, a full disk): start without it, and say so.
            logger.error("cache: the last good data cannot be used, starting without it: \(error)")
            return false
        }
        snapshot = cached
        if let cachedStatus = cached.sources.first(where: { $0.name == config.name }) { status = cachedStatus }
        for spot in cached.spots { histories[spot.id] = spot.history }
        isFromCache = true
        publish(save: false)
        return true
    }

    private var subscriptionsFile: String { "subscriptions-\(config.name).json" }

    // MARK: Poll

    /// One pull of every configured kind. Kinds that answer well replace their part of the
    /// snapshot; a kind that fails keeps its previous data, and the error is thrown after the
    /// others are applied (and recorded in the source status).
    @discardableResult
    public func poll() async throws(NGSIError) -> Snapshot {
        var firstError: NGSIError?
        for (kind, selection) in config.selections {
            do {
                let list = try await client.entities(selection, attributes: attributeNames(kind))
                entities[kind] = list
                rebuild(kind)
            } catch {
                logger.warning("platform \(config.name): \(kind.rawValue): \(error.message)")
                if firstError == nil { firstError = error }
                // No broker, no point asking it about the other kinds.
                if error.code == .unreachable || error.code == .credentials { break }
            }
        }
        if let firstError {
            status.lastError = firstError.message
            publish(save: false)
            throw firstError
        }
        status.lastSuccess = now()
        status.lastError = nil
        isFromCache = false
        publish(save: true)
        return snapshot
    }

    private func attributeNames(_ kind: EntityKind) -> [String] {
        switch kind {
        case .spots: config.spots?.attributeNames ?? []
        case .alerts: config.alerts?.attributeNames ?? []
        case .notices: config.notices?.attributeNames ?? []
        case .weather: config.weather?.attributeNames ?? []
        case .shelters: config.shelters?.attributeNames ?? []
        }
    }

    /// Rebuilds one kind's part of the snapshot from all its entities (after a poll).
    private func rebuild(_ kind: EntityKind) {
        let list = entities[kind] ?? []
        let time = now()
        switch kind {
        case .spots: snapshot.spots = list.compactMap { spotWithHistory($0, at: time) }
        case .alerts: snapshot.alerts = list.compactMap { mapper.alert($0, now: time) }
        case .notices: snapshot.notices = list.compactMap { mapper.notice($0) }
        case .weather: snapshot.weather = mapper.weather(list)
        case .shelters: snapshot.shelters = list.compactMap { mapper.shelter($0) }
        }
    }

    private func spotWithHistory(_ entity: NGSIEntity, at time: Date) -> Spot? {
        guard var spot = mapper.spot(entity, now: time) else { return nil }
        var history = histories[spot.id] ?? []
        if let count = spot.peopleCount {
            let sample = CountSample(at: spot.observedAt ?? time, count: count)
            if let last = history.last {
                if sample.at == last.at {
                    history[history.count - 1] = sample
                } else if sample.at > last.at {
                    history.append(sample)
                }
            } else {
                history.append(sample)
            }
            let limit = config.spots?.historyLimit ?? 0
            if history.count > limit { history.removeFirst(history.count - limit) }
        }
        histories[spot.id] = history
        spot.history = history
        return spot
    }

    // MARK: Push

    /// Applies a notification at once, without waiting for the next poll.
    public func receive(notification: JSONValue, attrsFormat: String?) throws(NGSIError) -> Int {
        guard case .object(let body) = notification, let data = body["data"] else {
            throw NGSIError(.badPayload, "a notification needs a 'data' list of entities")
        }
        let format: NGSIFormat
        switch attrsFormat?.lowercased() {
        case "keyvalues": format = .keyValues
        case "normalized": format = .normalized
        default: format = config.format
        }
        let incoming = try NGSIEntity.list(data, format: format)
        let time = now()
        var changed = 0
        for entity in incoming {
            guard let kind = config.kind(ofType: entity.type) else { continue }
            var list = entities[kind] ?? []
            let merged: NGSIEntity
            if let index = list.firstIndex(where: { $0.id == entity.id }) {
                merged = list[index].merging(entity)
                list[index] = merged
            } else {
                merged = entity
                list.append(merged)
            }
            entities[kind] = list
            apply(kind, merged, at: time)
            changed += 1
        }
        if changed > 0 {
            status.lastSuccess = time
            publish(save: true)
        }
        return changed
    }

    /// The alert entities (`Alert`, `WeatherAlert`) as last read, the values the alert parser takes
    /// as they are (decoded once, no JSON round trip); nil until they were read once, so a broker
    /// that never answered is not mistaken for one whose alerts were all removed.
    public var alertEntities: [NGSIEntity]? {
        guard config.alerts != nil else { return nil }
        return entities[.alerts]
    }

    /// Updates one entity's value in the snapshot, keeping everything else (even cache-only data).
    private func apply(_ kind: EntityKind, _ entity: NGSIEntity, at time: Date) {
        switch kind {
        case .spots:
            guard let spot = spotWithHistory(entity, at: time) else { return }
            if let index = snapshot.spots.firstIndex(where: { $0.id == spot.id }) {
                snapshot.spots[index] = spot
            } else {
                snapshot.spots.append(spot)
            }
        case .alerts:
            snapshot.alerts.removeAll { $0.id == entity.id }
            if let alert = mapper.alert(entity, now: time) { snapshot.alerts.append(alert) }
        case .notices:
            guard let notice = mapper.notice(entity) else { return }
            if let index = snapshot.notices.firstIndex(where: { $0.id == notice.id }) {
                snapshot.notices[index] = notice
            } else {
                snapshot.notices.append(notice)
            }
        case .weather:
            if let id = config.weather?.id, id != entity.id { return }
            snapshot.weather = mapper.weather([entity])
        case .shelters:
            var shelters = snapshot.shelters ?? []
            shelters.removeAll { $0.id == entity.id || $0.id == mapper.shelter(entity)?.id }
            if let shelter = mapper.shelter(entity) { shelters.append(shelter) }
            snapshot.shelters = shelters
        }
    }

    private func publish(save: Bool) {
        if let index = snapshot.sources.firstIndex(where: { $0.name == status.name }) {
            snapshot.sources[index] = status
        } else {
            snapshot.sources.append(status)
        }
        for continuation in observers.values { continuation.yield(snapshot) }
        guard save, let cache else { return }
        do {
            try cache.save(snapshot)
        } catch {
            logger.error("platform \(config.name): cannot write the cache: \(error)")
        }
    }

    // MARK: Subscriptions

    /// Makes sure the broker holds a live subscription for each kind: creates missing ones,
    /// replaces expired, failed or forgotten ones, renews those close to expiry.
    public func ensureSubscriptions() async throws(NGSIError) {
        guard let subscription = config.subscription else { return }
        var changed = false
        for (kind, selection) in config.selections {
            if let id = subscriptionIDs[kind] {
                let state = try await client.subscriptionState(id)
                switch state {
                case .active(let expires):
                    let renewBy = now().addingTimeInterval(2 * subscription.checkInterval.timeInterval)
                    if expires.map({ $0 > renewBy }) ?? true { continue }
                    logger.info(
                        "platform \(config.name): renewing the \(kind.rawValue) subscription \(id) before it expires")
                    try? await client.deleteSubscription(id)
                case .inactive(let reason):
                    logger.warning(
                        "platform \(config.name): the \(kind.rawValue) subscription \(id) is \(reason); re-creating it")
                    try? await client.deleteSubscription(id)
                case .gone:
                    logger.warning(
                        "platform \(config.name): the broker forgot the \(kind.rawValue) subscription \(id); re-creating it"
                    )
                }
            }
            let id = try await client.createSubscription(
                selection, subscription: subscription, description: "kosatsu \(config.name) \(kind.rawValue)",
                expires: now().addingTimeInterval(subscription.duration.timeInterval))
            subscriptionIDs[kind] = id
            changed = true
            logger.info("platform \(config.name): subscribed to \(selection.type) as \(id)")
        }
        if changed, let cache {
            var ids = JSONObject()
            for (kind, id) in subscriptionIDs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                ids[kind.rawValue] = .string(id)
            }
            let json: JSONValue = ["broker": .string(config.url.absoluteString), "subscriptions": .object(ids)]
            do {
                try cache.write(Data(JSONWriter.data(json)), named: subscriptionsFile)
            } catch {
                logger.error("platform \(config.name): cannot record subscriptions: \(error)")
            }
        }
    }

    // MARK: Service

    /// Runs until cancelled: the cache at once, then subscriptions and polls. Polling goes on
    /// with push, as the safety net when notifications go quiet; failures back off with jitter.
    /// `onPollError` hears of each failed poll (the sign counts them for `/metrics`).
    public func run(onPollError: @Sendable (NGSIError) -> Void = { _ in }) async {
        if snapshot.spots.isEmpty && snapshot.alerts.isEmpty { loadCache() }
        var backoff = Backoff(initial: .seconds(2), maximum: max(config.pollInterval, .seconds(60)))
        let clock = ContinuousClock()
        var nextSubscriptionCheck = clock.now
        while !Task.isCancelled {
            if let subscription = config.subscription, clock.now >= nextSubscriptionCheck {
                do {
                    try await ensureSubscriptions()
                    nextSubscriptionCheck = clock.now + subscription.checkInterval
                } catch {
                    logger.warning("platform \(config.name): subscriptions: \(error.message)")
                    nextSubscriptionCheck = clock.now + min(subscription.checkInterval, .seconds(60))
                }
            }
            let delay: Duration
            do {
                try await poll()
                backoff.reset()
                delay = config.pollInterval
            } catch {
                onPollError(error)
                delay = backoff.nextDelay()
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
        }
    }
}
